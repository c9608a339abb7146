//! Every message covidactu writes for a person, but the command line's help: one function per
//! message, its arguments the values it shows, its text in French then in English. French
//! typography is applied to the French text (not to the values). Values are quoted « … » in
//! French and `…` in English.

use super::{fill, Text};

/// Declares each message as a function returning its text in the current language, and
/// [`ALL`] listing them for the tests.
macro_rules! catalogue {
    ($( $(#[$doc:meta])* $name:ident ( $($arg:ident),* ) $fr:literal $en:literal ; )*) => {
        $(
            $(#[$doc])*
            #[allow(clippy::too_many_arguments)]
            pub fn $name($($arg: impl std::fmt::Display),*) -> String {
                fill(Text { fr: $fr, en: $en }, &[$((stringify!($arg), &$arg as &dyn std::fmt::Display)),*])
            }
        )*
        /// Every message: its name, its arguments and its text.
        pub const ALL: &[(&str, &[&str], Text)] = &[$((stringify!($name), &[$(stringify!($arg)),*], Text { fr: $fr, en: $en })),*];
    };
}

catalogue! {
    // ── Diagnostics: how they are shown ──────────────────────────────────────────────────
    /// The label of an error, before its message.
    error_label() "erreur :" "error:";
    /// The label of a warning, before its message.
    warning_label() "avertissement :" "warning:";
    /// The label of a hint, before it.
    help_label() "aide :" "help:";
    errors_one(n) "{n} erreur" "{n} error";
    errors_many(n) "{n} erreurs" "{n} errors";
    warnings_one(n) "{n} avertissement" "{n} warning";
    warnings_many(n) "{n} avertissements" "{n} warnings";
    /// After the warnings shown when there are too many.
    more_warnings(n) "… et {n} avertissements de plus (`covidactu check` les montre tous)" "… and {n} more warnings (`covidactu check` lists them all)";
    did_you_mean(s) "vouliez-vous dire « {s} » ?" "did you mean `{s}`?";

    // ── Content: reading files and front matter ───────────────────────────────────────────────
    cannot_read_file(error) "impossible de lire le fichier : {error}" "cannot read file: {error}";
    cannot_read_folder(error) "impossible de lire le dossier : {error}" "cannot read folder: {error}";
    not_utf8() "le fichier n'est pas en UTF-8" "file is not valid UTF-8";
    not_utf8_help() "enregistrez le fichier en UTF-8 (dans la plupart des éditeurs : « Enregistrer sous… », encodage UTF-8)" "save the file as UTF-8 (in most editors: « Enregistrer sous… », encodage UTF-8)";
    no_front_matter() "pas d'en-tête (front matter)" "missing front matter";
    no_front_matter_help() "un document commence par un bloc YAML entre deux lignes « --- », par exemple\n    ---\n    title: \"Mon titre\"\n    ---" "a content file starts with a YAML block between two `---` lines, e.g.\n    ---\n    title: \"Mon titre\"\n    ---";
    front_matter_not_closed() "l'en-tête n'est pas fermé" "front matter is not closed";
    front_matter_not_closed_help() "ajoutez une ligne « --- » après le dernier champ" "add a line `---` after the last field";
    invalid_yaml(error) "YAML invalide : {error}" "invalid YAML: {error}";
    front_matter_not_a_map() "l'en-tête doit être une suite de lignes « champ: valeur »" "front matter must be a list of `field: value` lines";
    unknown_field(name, what) "champ inconnu « {name} » pour {what}" "unknown field `{name}` for {what}";
    known_fields(list) "champs possibles : {list}" "known fields: {list}";
    field_error(name, error) "champ « {name} » : {error}" "field `{name}`: {error}";
    invalid_front_matter(error) "en-tête invalide : {error}" "invalid front matter: {error}";
    not_a_site(root) "{root} est-il un site covidactu ? « covidactu init DOSSIER » en crée un" "is {root} a covidactu site? `covidactu init DIR` creates one";
    no_content_folder(root) "pas de dossier content/ dans {root}" "no content/ folder in {root}";
    not_in_content_folder(path, sections) "« {path} » n'est pas dans un dossier de contenu ({sections})" "`{path}` is not in a content folder ({sections})";
    did_you_mean_folder(s) "vouliez-vous dire le dossier « content/{s}/ » ?" "did you mean the folder `content/{s}/`?";
    /// A kind of document, with its article, as messages name it.
    kind_issue() "un numéro" "an issue (numéro)";
    kind_protocol() "un protocole" "a protocol";
    kind_synthesis() "une synthèse" "a synthesis";
    kind_page() "une page" "a page";
    kind_event() "un événement" "an event";
    kind_message() "un message officiel" "an official message";
    count_issues_one(n) "{n} numéro" "{n} issue";
    count_issues_many(n) "{n} numéros" "{n} issues";
    count_protocols_one(n) "{n} protocole" "{n} protocol";
    count_protocols_many(n) "{n} protocoles" "{n} protocols";
    count_syntheses_one(n) "{n} synthèse" "{n} synthesis";
    count_syntheses_many(n) "{n} synthèses" "{n} syntheses";
    count_pages_one(n) "{n} page" "{n} page";
    count_pages_many(n) "{n} pages" "{n} pages";
    count_events_one(n) "{n} événement" "{n} event";
    count_events_many(n) "{n} événements" "{n} events";
    count_messages_one(n) "{n} message officiel" "{n} official message";
    count_messages_many(n) "{n} messages officiels" "{n} official messages";
    count_directory_one(n) "{n} structure dans l'annuaire" "{n} entry in the directory";
    count_directory_many(n) "{n} structures dans l'annuaire" "{n} entries in the directory";
    event_times_mixed() "le début et la fin doivent être tous deux des dates seules (un événement sur la journée) ou tous deux des dates avec une heure" "the start and the end must both be dates alone (a whole-day event) or both dates with a time";
    event_times_mixed_help() "par exemple start: 2020-04-14 14:00 et end: 2020-04-14 15:30, ou start: 2020-05-12 et end: 2020-05-12" "for example start: 2020-04-14 14:00 and end: 2020-04-14 15:30, or start: 2020-05-12 and end: 2020-05-12";
    event_ends_before_start(start) "la fin est avant le début ({start})" "the end is before the start ({start})";
    deadline_after_start(start) "la date limite d'inscription est après le début de l'événement ({start})" "the registration deadline is after the start of the event ({start})";
    not_a_web_address(value) "« {value} » n'est pas une adresse web (https://…)" "`{value}` is not a web address (https://…)";
    not_an_email(value) "« {value} » n'est pas une adresse de courriel" "`{value}` is not an email address";
    registration_needs_address() "l'inscription doit donner une adresse (url:) ou un courriel (email:)" "the registration must give an address (url:) or an email (email:)";
    event_file_missing(file) "le fichier « {file} » est introuvable à côté de l'événement" "the file `{file}` is not beside the event";
    message_in_the_future(date) "ce message est daté du {date}, qui n'est pas encore arrivé" "this message is dated {date}, which has not come yet";
    unknown_issuer(value) "émetteur inconnu « {value} »" "unknown issuer `{value}`";
    issuers_are(ids) "les émetteurs sont : {ids} (issuers dans site.yaml)" "the issuers are: {ids} (issuers in site.yaml)";
    duplicate_message(issuer, reference) "un autre message {issuer} porte déjà la référence « {reference} »" "another {issuer} message already has the reference `{reference}`";
    duplicate_message_help(file) "le premier est {file} : gardez un seul fichier par message" "the first is {file}: keep one file per message";
    supersedes_newer(reference, date) "« {reference} » est plus récent (du {date}) : un message ne remplace que des messages plus anciens" "`{reference}` is newer (of {date}): a message only supersedes older ones";
    superseded_by_older(reference, date) "« {reference} » est plus ancien (du {date}) : un message n'est remplacé que par un plus récent" "`{reference}` is older (of {date}): a message is only superseded by a newer one";
    message_file_missing(file) "le fichier « {file} » est introuvable à côté du message" "the file `{file}` is not beside the message";
    message_file_help() "mettez le texte officiel (PDF) dans le même dossier que le message (content/veille/), ou donnez son adresse dans « url »" "put the official text (PDF) in the same folder as the message (content/veille/), or give its address in `url`";
    event_file_help() "mettez le fichier dans le même dossier que l'événement (content/evenements/), ou donnez une adresse https://…" "put the file in the same folder as the event (content/evenements/), or give an https://… address";
    change_needs_version() "chaque entrée de « changes » doit dire sa version (version: \"2.1\")" "each entry of `changes` must give its version (version: \"2.1\")";
    change_version_twice(version) "la version {version} apparaît deux fois dans « changes »" "version {version} appears twice in `changes`";
    change_needs_what(version) "l'entrée {version} de « changes » ne dit pas ce qui a changé (what:)" "entry {version} of `changes` does not say what changed (what:)";
    change_help() "par exemple : changes: [{{ version: \"2.1\", what: [\"Appel ajouté à J10\"] }}]" "for example: changes: [{{ version: \"2.1\", what: [\"Call added on day 10\"] }}]";
    no_changes_for_version(version) "ce protocole en remplace un autre, mais « changes » ne dit pas ce qui a changé dans sa version {version}" "this protocol replaces another, but `changes` does not say what changed in its version {version}";
    no_changes_help(version) "ajoutez en tête de « changes » une entrée - version: \"{version}\" avec ses phrases what: [\"…\"]" "add at the top of `changes` an entry - version: \"{version}\" with its sentences what: [\"…\"]";
    directory_needs_column(column) "l'annuaire n'a pas de colonne « {column} »" "the directory has no `{column}` column";
    directory_columns_help() "la première ligne nomme les colonnes : Structure ; Type ; Commune ; Adresse ; Téléphone ; Courriel ; Horaires ; Remarques ; Vérifié le" "the first line names the columns: Structure; Type; Commune; Adresse; Téléphone; Courriel; Horaires; Remarques; Vérifié le";
    directory_row_without_structure() "ligne sans nom de structure" "row without a structure name";
    directory_unknown_type(value) "type inconnu « {value} »" "unknown type `{value}`";
    directory_types_are(types) "les types sont : {types} (directory_types dans site.yaml)" "the types are: {types} (directory_types in site.yaml)";
    did_you_mean_value(value) "vouliez-vous dire « {value} » ?" "did you mean `{value}`?";
    directory_bad_phone(value) "« {value} » n'est pas un numéro de téléphone français" "`{value}` is not a French phone number";
    directory_phone_help() "dix chiffres (01 30 22 40 00, +33 1 30 22 40 00) ou un numéro court (15, 112, 3624) ; plusieurs numéros se séparent par « / »" "ten digits (01 30 22 40 00, +33 1 30 22 40 00) or a short number (15, 112, 3624); several numbers are separated by `/`";
    directory_bad_date(value) "« {value} » n'est pas une date (JJ/MM/AAAA ou AAAA-MM-JJ)" "`{value}` is not a date (DD/MM/YYYY or YYYY-MM-DD)";
    directory_duplicate(structure) "« {structure} » est déjà dans l'annuaire pour cette commune" "`{structure}` is already in the directory for this town";
    directory_duplicate_help(line) "première mention à la ligne {line} : gardez une seule ligne" "first written on line {line}: keep one row";
    directory_not_verified(structure, date) "« {structure} » n'a pas été vérifié depuis plus d'un an (le {date})" "`{structure}` has not been checked for more than a year (on {date})";
    directory_not_verified_help() "appelez la structure, puis mettez à jour « Vérifié le »" "call the structure, then update `Vérifié le`";
    useful_number_unknown(name) "« {name} » n'est ni un type de l'annuaire ni une de ses structures" "`{name}` is neither a type of the directory nor one of its structures";
    useful_number_empty_type(name) "l'annuaire n'a aucune structure de type « {name} »" "the directory has no structure of type `{name}`";
    useful_numbers_help() "nommez un type (Laboratoire, Pharmacie…) pour toutes ses structures, ou le nom d'une structure tel qu'écrit dans content/annuaire/" "name a type (Laboratoire, Pharmacie…) for all its structures, or a structure's name as written in content/annuaire/";
    expecting_registration() "une adresse (https://…) ou un courriel, ou url:/email: avec deadline:" "an address (https://…) or an email, or url:/email: with deadline:";
    a_draft() "un brouillon" "a draft";
    a_protocol_not_validated(status) "un protocole pas encore validé (« status: {status} »)" "a protocol not validated yet (`status: {status}`)";
    publish_draft_help() "publiez-le (retirez « draft: true ») ou construisez avec --drafts" "publish it (remove `draft: true`) or build with --drafts";
    publish_unvalidated_help() "seuls les protocoles validés sont publiés : mettez « status: valide » avec « validated » et « validated_by » quand la CPTS l'a validé (« covidactu serve » le montre en attendant)" "only validated protocols are published: set `status: valide` with `validated` and `validated_by` once the CPTS has validated it (`covidactu serve` previews it meanwhile)";

    // Checks of one document
    needs_field(what, key) "il manque à {what} le champ « {key} »" "{what} needs a `{key}` field";
    needs_field_help(key, example) "ajoutez par exemple « {key}: {example} » à l'en-tête" "add e.g. `{key}: {example}` to the front matter";
    bad_slug(slug) "le slug « {slug} » ne doit contenir que des minuscules, des chiffres et des tirets" "slug `{slug}` must be lowercase letters, digits and hyphens";
    no_slug_from_file_name() "impossible de tirer une adresse (slug) de ce nom de fichier" "cannot make a URL slug from this file name";
    slug_example(slug) "par exemple « slug: {slug} »" "e.g. `slug: {slug}`";
    valide_needs_validated() "un protocole en « status: valide » doit avoir une date « validated »" "a protocol with `status: valide` needs a `validated` date";
    valide_needs_validated_help() "ajoutez par exemple « validated: 2020-04-12 », ou mettez « status: brouillon »" "add e.g. `validated: 2020-04-12`, or use `status: brouillon`";
    review_before_validation() "la date de révision est antérieure à la date de validation" "review date is before the validation date";
    source_needs_title() "il manque à une source son « title »" "a source needs a `title`";
    source_help() "donnez le titre du document, ou « message: veille/… » pour un message officiel de la veille du site" "give the document's title, or `message: veille/…` for an official message of the site's watch";
    not_a_doi(doi) "« {doi} » n'est pas un DOI" "`{doi}` is not a DOI";
    doi_help() "un DOI commence par « 10. », par exemple « doi: 10.1056/NEJMoa2001017 »" "a DOI starts with `10.`, e.g. `doi: 10.1056/NEJMoa2001017`";
    not_a_pmid(pmid) "« {pmid} » n'est pas un identifiant PubMed (des chiffres seulement)" "`{pmid}` is not a PubMed id (digits only)";
    unknown_profession(id) "profession inconnue « {id} »" "unknown profession `{id}`";
    did_you_mean_profession(s) "vouliez-vous dire « {s} » ? (les professions sont listées dans site.yaml)" "did you mean `{s}`? (professions are listed in site.yaml)";
    professions_are(list) "professions de site.yaml : {list}" "professions in site.yaml: {list}";

    // What is unfinished
    unfinished_help() "écrivez-le, ou gardez « draft: true » (pour un protocole : « status: brouillon ») jusqu'à ce qu'il soit prêt" "write it, or keep `draft: true` (a protocol: `status: brouillon`) until it is ready";
    to_publish_needs(what, missing) "pour être publié, il manque à {what} {missing}" "{what} to publish needs {missing}";
    missing_summary() "un résumé « summary » (une phrase ou deux, montrée dans les listes et l'e-mail)" "a `summary` (a sentence or two, shown in the lists and the email)";
    missing_authors() "ses auteurs « authors »" "its `authors`";
    missing_key_point_text() "un texte pour chaque point clé (« text: … »)" "a text for each key point (`text: …`)";
    valide_needs_validated_by() "un protocole en « status: valide » doit dire qui l'a validé : « validated_by »" "a protocol with `status: valide` needs `validated_by`";
    valide_needs_validated_by_help() "dites qui l'a validé, par exemple « validated_by: \"Bureau de la CPTS\" »" "say who validated it, e.g. `validated_by: \"Bureau de la CPTS\"`";
    placeholder_left(text) "« {text} » est un texte à remplacer laissé par « covidactu new »" "« {text} » is a placeholder left by `covidactu new`";

    // Values
    not_a_real_date(value, day, month) "« {value} » n'est pas une vraie date (pas de jour {day} au mois {month})" "`{value}` is not a real date (no day {day} in month {month})";
    not_a_date(value) "« {value} » n'est pas une date de la forme AAAA-MM-JJ" "`{value}` is not a date in the form YYYY-MM-DD";
    expecting_date() "une date de la forme AAAA-MM-JJ" "a date in the form YYYY-MM-DD";
    not_a_moment(value) "« {value} » n'est ni une date AAAA-MM-JJ ni une date et une heure AAAA-MM-JJ HH:MM" "`{value}` is neither a date YYYY-MM-DD nor a date and time YYYY-MM-DD HH:MM";
    not_a_real_time(value) "« {value} » n'est pas une vraie heure" "`{value}` is not a real time";
    expecting_moment() "une date AAAA-MM-JJ, ou une date et une heure AAAA-MM-JJ HH:MM" "a date YYYY-MM-DD, or a date and time YYYY-MM-DD HH:MM";
    not_a_partial_date(value) "« {value} » n'est pas une date de la forme AAAA, AAAA-MM ou AAAA-MM-JJ" "`{value}` is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD";
    no_such_month(value, month) "« {value} » : il n'y a pas de mois {month}" "`{value}` has no month {month}";
    expecting_partial_date() "une date AAAA, AAAA-MM ou AAAA-MM-JJ" "a date YYYY, YYYY-MM or YYYY-MM-DD";
    expecting_key_point() "une phrase, ou « text: » avec si besoin « grade: » (A, B, C ou AE)" "a sentence, or `text:` with an optional `grade:` (A, B, C or AE)";
    expecting_texts() "un texte ou une liste de textes" "expected a text or a list of texts";
    expecting_text_or_number() "un texte ou un nombre" "a text or a number";

    // site.yaml
    site_yaml_missing(key) "site.yaml n'a pas de « {key} »" "site.yaml has no `{key}`";
    site_title_help() "le titre du site, par exemple « title: \"Covid'actu\" »" "the site's title, e.g. `title: \"Covid'actu\"`";
    base_url_not_http(url) "base_url « {url} » n'est pas une adresse http(s)" "base_url `{url}` is not an http(s) URL";
    base_url_help() "par exemple « base_url: https://cpts-exemple.fr/ »" "e.g. `base_url: https://cpts-exemple.fr/`";
    bad_profession_id(id) "l'identifiant de profession « {id} » ne doit contenir que des minuscules, des chiffres et des tirets" "profession id `{id}` must be lowercase letters, digits and hyphens";
    bad_issuer_id(id) "l'identifiant d'émetteur « {id} » ne doit contenir que des minuscules, des chiffres et des tirets" "issuer id `{id}` must be lowercase letters, digits and hyphens";
    bad_issuer_id_help(slug) "par exemple « {slug}: … » : l'identifiant est ce que les messages écrivent dans « issuer », le libellé vient après" "e.g. `{slug}: …`: the id is what messages write in `issuer`, the label comes after";

    // ── The site: references between documents ────────────────────────────────────────────────
    duplicate_slug(slug, other) "slug « {slug} » en double : {other} a le même" "duplicate slug `{slug}`: {other} has it too";
    duplicate_slug_help() "donnez à l'un des deux un autre nom de fichier ou un « slug: »" "give one of them another file name or a `slug:`";
    duplicate_issue_number(n, other) "numéro {n} en double : {other} porte le même" "duplicate issue number {n}: {other} has it too";
    next_free_number(n) "le prochain numéro libre est {n}" "the next free number is {n}";
    reference_wrong_kind(reference, what, field, kinds) "« {reference} » est {what} ; « {field} » ne peut nommer que : {kinds}" "`{reference}` is {what}; `{field}` can only name {kinds}";
    reference_unpublished(reference, what) "« {reference} » est {what}" "`{reference}` is {what}";
    reference_missing(reference) "« {reference} » n'existe pas" "`{reference}` does not exist";
    reference_help() "une référence s'écrit « section/slug », par exemple « syntheses/masques-ffp2 »" "references are written `section/slug`, e.g. `syntheses/masques-ffp2`";
    no_heading(anchor, file) "pas de titre « #{anchor} » dans {file}" "no heading `#{anchor}` in {file}";
    did_you_mean_anchor(s) "vouliez-vous dire « #{s} » ?" "did you mean `#{s}`?";
    anchor_help() "l'ancre d'un titre est son texte en minuscules, avec des tirets" "heading anchors are the heading's text in lowercase with hyphens";
    past_review_date(date) "protocole dont la date de révision est passée ({date})" "protocol past its review date ({date})";
    issue_carries_obsolete(item) "le numéro contient « {item} », un protocole obsolète" "issue carries `{item}`, an obsolete protocol";
    issue_carries_unpublished(item, what) "le numéro contient « {item} », {what}" "issue carries `{item}`, {what}";
    issue_carries_unvalidated_help() "« build », « email » et « send » le refusent tant que le protocole n'est pas validé" "`build`, `email` and `send` refuse it until the protocol is validated";
    no_reviewers() "synthèse publiée sans « reviewers » : personne ne l'a relue" "synthesis published without `reviewers`: nobody has reread it";
    no_reviewers_help() "ajoutez qui l'a relue, par exemple « reviewers: [\"Dr Julien Perrin\"] »" "add who reread it, e.g. `reviewers: [\"Dr Julien Perrin\"]`";
    publisher_holds_authors(title) "source « {title} » : « publisher » contient des auteurs et une revue" "source « {title} »: `publisher` holds authors and a journal";
    publisher_holds_authors_help() "séparez-les, pour une citation dans l'ordre de Vancouver : « authors: [\"Chu DK\", \"Akl EA\"] », « journal: \"Lancet\" » (« publisher » est pour une institution : HAS, DGS, ARS…)" "write them apart, for a citation in Vancouver order: `authors: [\"Chu DK\", \"Akl EA\"]`, `journal: \"Lancet\"` (`publisher` is for an institution: HAS, DGS, ARS…)";
    source_without_date(title) "la source « {title} » n'a pas de date" "source « {title} » has no date";

    // ── Links in the text ─────────────────────────────────────────────────────────────────────
    link_above_content(destination) "le lien « {destination} » sort de content/" "link `{destination}` goes above content/";
    link_to_unpublished(target, what) "lien vers « {target} », qui est {what}" "link to `{target}`, which is {what}";
    link_to_missing_page(destination, target) "lien vers une page absente « {destination} » (pas de content/{target})" "link to missing page `{destination}` (no content/{target})";
    missing_image(destination, target) "image absente « {destination} » (pas de content/{target})" "missing image `{destination}` (no content/{target})";
    missing_image_help() "mettez l'image sous content/, par exemple à côté de la page" "put the image under content/, e.g. next to the page";
    missing_file(destination, target) "fichier absent « {destination} » (pas de content/{target})" "missing file `{destination}` (no content/{target})";
    missing_file_help() "mettez le fichier sous content/, par exemple à côté de la page" "put the file under content/, e.g. next to the page";

    // ── The theme and the output ──────────────────────────────────────────────────────────────
    cannot_read_theme_folder(error) "impossible de lire le dossier du thème : {error}" "cannot read theme folder: {error}";
    translation_file_error(error) "fichier de traduction : {error}" "translation file: {error}";
    theme_not_found(name) "thème « {name} » introuvable : pas de dossier themes/{name}/" "theme `{name}` not found: no folder themes/{name}/";
    template_not_utf8() "le gabarit n'est pas en UTF-8" "template is not valid UTF-8";
    theme_without_language(name, language) "le thème « {name} » n'a pas de traductions pour la langue « {language} » (i18n/{language}.yaml)" "theme `{name}` has no translations for language `{language}` (i18n/{language}.yaml)";
    template_error(error) "erreur de gabarit : {error}" "template error: {error}";
    template_wrote_non_utf8(template) "le gabarit {template} a écrit un texte qui n'est pas en UTF-8" "template {template} wrote text that is not UTF-8";
    nothing_to_render(what) "rien à produire pour {what}" "nothing to render for {what}";
    share_image_missing(image) "share_image « {image} » n'est pas un fichier du site" "share_image `{image}` is not a file of the site";
    share_image_help() "mettez l'image sous content/ (ou dans static/ du thème) et donnez son chemin, par exemple « share_image: /partage.png »" "put the image under content/ (or the theme's static/) and give its path, e.g. `share_image: /partage.png`";
    synonyms_error(error) "synonymes : {error}" "synonyms: {error}";
    synonyms_help() "écrivez un groupe par ligne, par exemple « - [IDE, infirmier, infirmière] »" "write one group per line, e.g. `- [IDE, infirmier, infirmière]`";
    output_would_replace_site(out) "refus d'écrire le site produit dans {out} : il remplacerait les fichiers du site lui-même" "refusing to write the output to {out}: it would replace the site's own files";
    output_would_replace_site_help() "choisissez un dossier à lui, par exemple --out public" "choose a folder of its own, e.g. --out public";
    output_not_ours(out) "refus de remplacer {out} : il n'est pas vide et covidactu ne l'a pas écrit" "refusing to replace {out}: it is not empty and was not written by covidactu";
    output_not_ours_help() "videz-le, ou choisissez un autre --out" "empty it, or choose another --out";
    io_failed(what, error) "{what} : {error}" "{what}: {error}";
    cannot_create_output_parent() "impossible de créer le dossier parent du site produit" "cannot create the output's parent folder";
    cannot_finish_interrupted_build() "impossible de terminer la construction précédente, interrompue" "cannot finish the interrupted previous build";
    cannot_read_previous_output() "impossible de lire le site produit précédent" "cannot read the previous output";
    cannot_create_temporary_folder() "impossible de créer un dossier temporaire" "cannot create a temporary folder";
    cannot_write_output() "impossible d'écrire le site produit" "cannot write the output";
    cannot_copy_attachment() "impossible de copier une pièce jointe" "cannot copy an attachment";
    cannot_move_output() "impossible de mettre le site produit en place" "cannot move the output into place";
    cannot_commit_output() "impossible de valider le site produit" "cannot commit the output";
    cannot_move_new_files() "impossible de mettre les nouveaux fichiers en place" "cannot move the new files into place";
    cannot_open(path, error) "impossible d'ouvrir {path} : {error}" "cannot open {path}: {error}";
    output_locked(out) "une autre construction covidactu est en train d'écrire {out}" "another covidactu build is writing {out}";
    output_locked_help() "attendez qu'elle se termine" "wait for it to finish";

    // new and init
    no_file_name_from_title(title) "impossible de tirer un nom de fichier du titre « {title} »" "cannot make a file name from the title « {title} »";
    no_file_name_from_title_help() "donnez un titre avec des lettres ou des chiffres" "use a title with letters or digits";
    cannot_create(path, error) "impossible de créer {path} : {error}" "cannot create {path}: {error}";
    /// A path and what went wrong with it, inside a longer message.
    path_error(path, error) "{path} : {error}" "{path}: {error}";
    cannot_write(path, error) "impossible d'écrire {path} : {error}" "cannot write {path}: {error}";
    folder_not_empty(dir) "{dir} n'est pas vide" "{dir} is not empty";
    folder_not_empty_help() "choisissez un nouveau dossier ; init n'écrase jamais de fichier" "choose a new folder; init never overwrites files";
    already_exists(path) "{path} existe déjà ; il n'est pas écrasé" "{path} already exists; not overwritten";
    already_exists_help() "choisissez un autre titre, ou modifiez le fichier existant" "choose another title, or edit the existing file";

    // ── The email edition ─────────────────────────────────────────────────────────────────────
    no_such_issue(reference) "pas de numéro « {reference} »" "no issue `{reference}`";
    issues_are(list) "numéros : {list}" "issues: {list}";
    cannot_write_to(path, error) "impossible d'écrire dans {path} : {error}" "cannot write to {path}: {error}";
    cannot_inline_css(error) "impossible d'intégrer la feuille de style de l'e-mail : {error}" "cannot inline the email's CSS: {error}";
    email_too_large(issue, kb) "l'édition e-mail de {issue} pèse {kb} Ko ; Gmail coupe les messages de plus de 100 Ko" "the email edition of {issue} is {kb} KB; Gmail clips messages over 100 KB";
    email_too_large_help() "mettez moins d'articles dans ce numéro, ou raccourcissez l'éditorial" "carry fewer items in this issue, or shorten the editorial";
    from_not_an_address(error) "mailing.from n'est pas une adresse : {error}" "mailing.from is not an address: {error}";
    reply_to_not_an_address(error) "mailing.reply_to n'est pas une adresse : {error}" "mailing.reply_to is not an address: {error}";
    address_example() "écrivez par exemple « Covid'actu <lettre@cpts.fr> »" "write e.g. `Covid'actu <lettre@cpts.fr>`";
    not_an_address(address, error) "« {address} » n'est pas une adresse : {error}" "`{address}` is not an address: {error}";
    cannot_build_message(error) "impossible de construire le message : {error}" "cannot build the message: {error}";
    cannot_read_dkim_key(path, error) "impossible de lire la clé DKIM {path} : {error}" "cannot read the DKIM key {path}: {error}";
    unusable_dkim_key(path, why) "{path} n'est pas une clé DKIM utilisable : {why}" "{path} is not a usable DKIM key: {why}";
    dkim_rsa_help() "une clé privée RSA en PEM (openssl genrsa -out dkim.pem 2048)" "an RSA private key in PEM (openssl genrsa -out dkim.pem 2048)";
    dkim_ed25519_help() "une clé privée Ed25519 en PEM PKCS#8, ou la graine de 32 octets en base64" "an Ed25519 private key in PKCS#8 PEM, or the base64 of its 32-byte seed";

    // ── Mailing: lists, journal, sending, reports ─────────────────────────────────────────────
    cannot_read_list(error) "impossible de lire la liste : {error}" "cannot read the list: {error}";
    cannot_read_list_header(error) "impossible de lire la ligne d'en-tête de la liste : {error}" "cannot read the list's header row: {error}";
    no_email_column() "pas de colonne d'adresse dans la ligne d'en-tête" "no email column in the header row";
    no_email_column_help() "nommez la colonne « email » ou « courriel » (majuscules ou minuscules)" "name the column `email` or `courriel` (any case)";
    unreadable_row(error) "ligne illisible : {error}" "unreadable row: {error}";
    row_without_address() "ligne sans adresse e-mail" "row without an email address";
    not_an_email_address(address) "« {address} » n'est pas une adresse e-mail" "`{address}` is not an email address";
    row_skipped(problem) "{problem} ; ligne ignorée" "{problem}; row skipped";
    send_running() "un autre « covidactu send » ou « covidactu inbox » est en cours pour ce site" "another `covidactu send` or `covidactu inbox` is running for this site";
    send_running_help() "attendez qu'il se termine ; le journal dit ce qu'il a fait" "wait for it to finish; the journal tells what it has done";
    journal_error(path, error) "journal d'envoi {path} : {error}" "send journal {path}: {error}";
    cannot_build_messages(issue) "impossible de construire les messages de {issue} ; rien n'a été envoyé" "cannot build the messages of {issue}; nothing was sent";
    cannot_connect(server, error) "impossible de se connecter à {server} : {error}" "cannot connect to {server}: {error}";
    test_not_accepted(address, reply) "le message de test à {address} n'a pas été accepté : {reply}" "the test message to {address} was not accepted: {reply}";
    no_reply_after_message(error) "pas de réponse après la transmission du message : {error}" "no reply after the message was transmitted: {error}";
    connection_failed_before_message(error) "échec de la connexion avant la transmission du message : {error}" "connection failed before the message was transmitted: {error}";
    connection_failed(error) "échec de la connexion : {error}" "connection failed: {error}";
    no_smtp_server() "pas de serveur d'envoi : « mailing.smtp.host » n'est pas renseigné" "no SMTP server: `mailing.smtp.host` is not set";
    no_smtp_server_help(env) "indiquez-le dans site.yaml, ou donnez-en un pour cette fois avec --smtp smtp://hôte:port ou {env}" "set it in site.yaml, or give one for this run with --smtp smtp://host:port or {env}";
    plaintext_refused(host) "refus d'envoyer sans chiffrement à {host} : le SMTP en clair n'est permis que vers cette machine" "refusing to send without encryption to {host}: plaintext SMTP is only for a loopback address";
    plaintext_refused_help() "utilisez « tls: starttls » (port 587) ou « tls: tls » (port 465)" "use `tls: starttls` (port 587) or `tls: tls` (port 465)";
    smtp_password_missing(user) "le mot de passe SMTP de « {user} » n'est pas donné" "the SMTP password of `{user}` is not set";
    password_in_env_help(env) "mettez-le dans la variable d'environnement {env}" "put it in the environment variable {env}";
    cannot_read_ca_file(path, error) "impossible de lire le certificat (ca_file) {path} : {error}" "cannot read the certificate (ca_file) {path}: {error}";
    not_a_certificate(path, error) "{path} n'est pas un certificat PEM : {error}" "{path} is not a PEM certificate: {error}";
    cannot_set_up_tls(error) "impossible de préparer TLS : {error}" "cannot set up TLS: {error}";
    not_a_server_url(url, protocol, why) "« {url} » n'est pas une adresse de serveur {protocol} : {why}" "`{url}` is not an {protocol} URL: {why}";
    server_url_help(scheme) "écrivez {scheme}://hôte:port (STARTTLS ; en clair vers cette machine) ou {scheme}s://hôte:port (TLS)" "write {scheme}://host:port (STARTTLS; plaintext to a loopback address) or {scheme}s://host:port (TLS)";
    url_without_host() "pas d'hôte" "no host";
    password_in_url() "un mot de passe n'a pas sa place dans une adresse" "a password does not belong in a URL";
    password_in_url_help(scheme) "mettez-le dans la variable d'environnement nommée par mailing.{scheme}.password_env" "put it in the environment variable named by mailing.{scheme}.password_env";
    unknown_scheme(scheme) "protocole inconnu « {scheme} »" "unknown scheme `{scheme}`";
    unknown_parameter(parameter) "paramètre inconnu « {parameter} »" "unknown parameter `{parameter}`";
    no_encryption() "sans chiffrement" "no encryption";

    // What happened to each address
    state_pending() "en attente" "pending";
    state_sending() "en cours" "sending";
    state_sent() "envoyé" "sent";
    state_failed() "refusé" "failed";
    state_deferred() "différé" "deferred";
    state_unknown() "incertain" "unknown";
    status_sent_earlier() "déjà envoyé" "sent earlier";
    status_not_sent() "non envoyé" "not sent";
    status_unsubscribed() "désinscrit" "unsubscribed";
    status_invalid() "adresse invalide" "invalid";
    status_duplicate() "doublon" "duplicates";
    status_suppressed() "adresse en échec" "bounced";
    meaning_sent() "acceptés par le serveur pendant cet envoi" "accepted by the server in this run";
    meaning_sent_earlier() "envoyés par un envoi précédent, pas renvoyés" "sent by an earlier run, not sent again";
    meaning_failed() "refusés définitivement (5xx) : corrigez ou retirez l'adresse" "refused for good (5xx): fix or remove the address";
    meaning_deferred() "refusés pour l'instant (4xx, connexion) : relancez plus tard" "refused for now (4xx, connection): run again later";
    meaning_unknown() "pas de réponse après le message : il est peut-être arrivé ; --retry-failed renvoie" "no reply after the message: may have arrived; --retry-failed resends";
    meaning_not_sent() "pas essayés avant l'arrêt : relancez" "not tried before the run stopped: run again";
    meaning_invalid() "lignes sans adresse valable : ignorées" "rows without a valid address: skipped";
    meaning_suppressed() "exclues après des retours en erreur (covidactu journal --suppressions) : ignorées" "suppressed after bounces (covidactu journal --suppressions): skipped";
    meaning_unsubscribed_journal() "désinscrits (fichier des désinscriptions ou demande reçue) : ignorés" "unsubscribed (unsubscribe file or request received): skipped";
    suppressed_since(reason, date) "{reason} le {date}" "{reason} on {date}";
    meaning_duplicate() "même adresse sur plusieurs lignes ou listes : envoyé une fois" "same address in several rows or lists: sent once";
    same_address_as(first) "même adresse que {first}" "same address as {first}";

    // Reports
    report_head(issue, total, server) "{issue} à {total} destinataires via {server}" "{issue} to {total} recipients via {server}";
    report_recovered(n) "  l'envoi précédent s'est arrêté alors que le serveur avait {n} message(s) : leur sort est incertain" "  the previous run stopped while the server had {n} message(s): their fate is unknown";
    report_more(n) "  … et {n} de plus (voir le rapport CSV)" "  … and {n} more (see the CSV report)";
    report_interrupted() "interrompu : relancez la même commande pour envoyer le reste" "interrupted: run the same command again to send the rest";
    dry_run_summary(issue, recipients, duplicates, unsubscribed, suppressed, invalid, messages, kb) "essai à blanc de {issue} : {recipients} destinataires, {duplicates} doublons retirés, {unsubscribed} désinscrit(s) et {suppressed} adresse(s) en échec ignorés, {invalid} lignes invalides ignorées ; {messages} messages préparés (le plus gros : {kb} Ko) ; rien n'a été envoyé" "dry run of {issue}: {recipients} recipients, {duplicates} duplicates removed, {unsubscribed} unsubscribed and {suppressed} bounced address(es) skipped, {invalid} invalid rows skipped; {messages} messages rendered (largest {kb} KB); nothing was sent";
    no_journal(dir) "pas de journal d'envoi dans {dir} : rien n'a été envoyé depuis ce site" "no send journal in {dir}: nothing has been sent from this site";
    journal_empty() "le journal ne contient encore aucun envoi" "the journal holds no send yet";
    journal_issue(issue, n) "{issue} : {n} destinataires" "{issue}: {n} recipients";
    journal_state_count(state, n) "{state} : {n}" "{state}: {n}";
    journal_last_activity(time) "  dernière activité le {time}" "  last activity {time}";
    journal_attempts(n) "{n} tentative(s)" "{n} attempt(s)";

    // Progress
    /// indicatif's template: `{{…}}` are its keys.
    progress_bar() "{{bar:40}} {{pos}}/{{len}} messages  {{rate}}  reste {{eta}}" "{{bar:40}} {{pos}}/{{len}} messages  {{rate}}  ETA {{eta}}";
    progress_start(n) "envoi de {n} message(s)" "sending {n} message(s)";
    progress_retrying(email, reply) "nouvel essai plus tard pour {email} : {reply}" "retrying later {email}: {reply}";
    progress_outcome(state, email, reply) "{state} {email} : {reply}" "{state} {email}: {reply}";
    progress_count(done, total) "{done}/{total} messages" "{done}/{total} messages";

    // ── What the commands say ─────────────────────────────────────────────────────────────────
    built(counts, files, out, ms) "construit : {counts} → {files} fichiers dans {out} ({ms} ms)" "built {counts} → {files} files in {out} ({ms} ms)";
    build_failed_partly(out) "échec de la construction ; {out} a été en partie remplacé : la prochaine construction termine le travail" "build failed; {out} was partly replaced: the next build finishes it";
    build_failed(out) "échec de la construction ; {out} est resté tel quel" "build failed; {out} left as it was";
    no_problems() "aucun problème trouvé" "no problems found";
    wrote(path) "écrit : {path}" "wrote {path}";
    site_created(dir, arg) "nouveau site créé dans {dir} ; essayez : covidactu build --root {arg}" "created a new site in {dir}; try: covidactu build --root {arg}";
    file_created(path) "créé : {path}" "created {path}";
    test_copy_sent(issue, address, server, reply) "copie de test de {issue} envoyée à {address} via {server} : {reply}" "test copy of {issue} sent to {address} via {server}: {reply}";
    stopped_at_once() "arrêt immédiat ; le journal note « incertain » les messages que le serveur avait en main" "stopped at once; the journal marks messages in the server's hands as unknown";
    stopping() "arrêt : les messages en cours se terminent (Ctrl-C encore pour arrêter tout de suite)" "stopping: finishing the messages in flight (Ctrl-C again to stop at once)";
    cannot_handle_ctrl_c(error) "impossible d'intercepter Ctrl-C : {error}" "cannot handle Ctrl-C: {error}";
    report_written(path) "rapport : {path}" "report: {path}";
    serving_on_network(addr) "attention : écoute sur {addr} : le site (brouillons compris, avec --drafts) est visible depuis le réseau" "warning: listening on {addr}: the site (drafts included, with --drafts) is visible from the network";
    serving(url) "le site est servi à l'adresse {url} (Ctrl-C pour arrêter)" "serving the site at {url} (Ctrl-C to stop)";
    open_by_hand(url) "ouvrez {url} dans un navigateur" "open {url} in a browser";

    // serve
    cannot_open_site_folder(path, error) "impossible d'ouvrir le dossier du site {path} : {error}" "cannot open the site folder {path}: {error}";
    cannot_listen(addr, error) "impossible d'écouter sur {addr} : {error}" "cannot listen on {addr}: {error}";
    server_without_address(error) "le serveur n'a pas d'adresse : {error}" "the server has no address: {error}";
    cannot_watch(error) "impossible de surveiller les fichiers du site : {error}" "cannot watch the site's files: {error}";
    cannot_start_watcher(error) "impossible de lancer la surveillance : {error}" "cannot start the watcher: {error}";
    cannot_start_server(error) "impossible de lancer le serveur : {error}" "cannot start the server: {error}";
    stylesheet_swapped() "feuille de style remplacée" "stylesheet swapped";
    pages_rendered(n) "{n} pages produites" "{n} pages rendered";
    rebuilt(what, ms) "reconstruit : {what} en {ms} ms" "rebuilt: {what} in {ms} ms";
    rebuild_failed() "échec de la construction ; la dernière version correcte reste servie" "build failed; still serving the last good build";
    /// The error overlay in the browser: its title (`{n}` is put by the page's script).
    overlay_title_one() "{{n}} erreur : le site affiché est la dernière version correcte" "{{n}} error: the site shown is the last good build";
    overlay_title_many() "{{n}} erreurs : le site affiché est la dernière version correcte" "{{n}} errors: the site shown is the last good build";
    overlay_label() "Erreurs de construction du site" "Build errors";

    // ── The command line's errors ─────────────────────────────────────────────────────────────
    not_a_rate(value) "« {value} » n'est pas un débit ; écrivez par exemple 300/min" "`{value}` is not a rate; write e.g. 300/min";
    unknown_rate_unit(unit) "unité inconnue « {unit} » ; utilisez /s, /min ou /h" "unknown unit `{unit}`; use /s, /min or /h";
    rate_not_positive() "le débit doit être positif" "the rate must be positive";
    unexpected_argument(arg) "argument inattendu « {arg} »" "unexpected argument `{arg}`";
    unknown_command(command) "commande inconnue « {command} »" "unknown command `{command}`";
    invalid_value(value, arg) "valeur invalide « {value} » pour {arg}" "invalid value `{value}` for {arg}";
    possible_values(list) "valeurs possibles : {list}" "possible values: {list}";
    missing_argument(arg) "il manque l'argument {arg}" "missing argument {arg}";
    conflicting_arguments(arg, other) "{arg} ne peut pas être utilisé avec {other}" "{arg} cannot be used with {other}";
    invalid_arguments() "arguments invalides" "invalid arguments";
    usage_prefix() "Utilisation :" "Usage:";
    more_with_help() "Pour en savoir plus : --help" "For more information, try --help";

    // ── Rare failures ─────────────────────────────────────────────────────────────────────────
    unreadable_commit_journal() "journal de mise en place illisible" "unreadable commit journal";
    file_not_read() "le fichier n'a pas été lu" "the file was not read";
    journal_could_not_record() "non envoyé : le journal n'a pas pu l'enregistrer" "not sent: the journal could not record it";

    // ── The mailbox: reading it over IMAP ────────────────────────────────────────────────────
    no_imap_server() "pas de boîte à lire : « mailing.imap.host » n'est pas renseigné" "no mailbox to read: `mailing.imap.host` is not set";
    no_imap_user() "pas de compte pour la boîte : « mailing.imap.user » n'est pas renseigné" "no account for the mailbox: `mailing.imap.user` is not set";
    no_imap_server_help() "indiquez la boîte de la CPTS dans site.yaml (mailing.imap : host, user), ou pour cette fois avec --imap imap://utilisateur@hôte:port" "set the CPTS mailbox in site.yaml (mailing.imap: host, user), or for this run with --imap imap://user@host:port";
    imap_plaintext_refused(host) "refus de lire la boîte sans chiffrement sur {host} : l'IMAP en clair n'est permis que vers cette machine" "refusing to read the mailbox without encryption on {host}: plaintext IMAP is only for a loopback address";
    imap_plaintext_refused_help() "utilisez « tls: starttls » (port 143) ou « tls: tls » (port 993)" "use `tls: starttls` (port 143) or `tls: tls` (port 993)";
    imap_password_missing(user) "le mot de passe de la boîte « {user} » n'est pas donné" "the mailbox password of `{user}` is not set";
    imap_no_starttls() "le serveur ne propose pas STARTTLS : pas de connexion sans chiffrement (mettez « tls: tls » si le serveur chiffre dès le début, port 993)" "the server does not offer STARTTLS: no unencrypted connection (use `tls: tls` if the server encrypts from the start, port 993)";
    imap_connection_closed() "le serveur a fermé la connexion" "the server closed the connection";
    imap_login_refused(user, error) "connexion refusée pour « {user} » (mot de passe ?) : {error}" "login refused for `{user}` (password?): {error}";
    imap_tls_failed(error) "échec du chiffrement TLS : {error}" "TLS failed: {error}";
    imap_no_folder(folder, error) "impossible d'ouvrir le dossier « {folder} » : {error}" "cannot open the folder `{folder}`: {error}";
    imap_cannot_create_folder(folder, error) "impossible de créer le dossier « {folder} » : {error}" "cannot create the folder `{folder}`: {error}";

    imap_failed(server, error) "la lecture de la boîte {server} a échoué : {error}" "reading the mailbox {server} failed: {error}";
    progress_count_messages(done, total) "{done}/{total} messages lus" "{done}/{total} messages read";
    inbox_head(folder, server, n) "boîte « {folder} » de {server} : {n} message(s) lu(s)" "folder `{folder}` of {server}: {n} message(s) read";
    inbox_bounces() "retours en erreur (adresses inexistantes, boîtes pleines…)" "bounces (unknown addresses, full mailboxes…)";
    inbox_unsubscribes() "demandes de désinscription" "unsubscribe requests";
    inbox_unresolved() "demandes de désinscription à traiter à la main (laissées dans la boîte)" "unsubscribe requests to handle by hand (left in the mailbox)";
    inbox_auto_replies() "réponses automatiques (absences…) : laissées dans la boîte" "automatic replies (out of office…): left in the mailbox";
    inbox_others() "autres messages : laissés pour vous, non lus s'ils l'étaient" "other messages: left for you, unread if they were";
    inbox_moved(n, folder) "{n} message(s) traité(s) rangé(s) dans « {folder} »" "{n} message(s) used moved to `{folder}`";
    inbox_dry_run(n, folder) "essai à blanc : {n} message(s) seraient rangé(s) dans « {folder} » ; rien n'a été changé" "dry run: {n} message(s) would be moved to `{folder}`; nothing was changed";
    inbox_suppressed(n) "{n} adresse(s) exclue(s) des prochains envois :" "{n} address(es) suppressed from the next sends:";
    inbox_unresolved_line(from, subject) "à traiter : {from} demande une désinscription (« {subject} ») mais aucune adresse connue du journal n'y figure" "to handle: {from} asks to unsubscribe (`{subject}`) but names no address the journal knows";

    // ── Suppressed addresses ──────────────────────────────────────────────────────────────────
    reason_unsubscribed() "désinscription demandée" "asked to unsubscribe";
    reason_hard_bounce() "adresse inexistante" "address does not exist";
    reason_soft_bounces(n) "en échec sur {n} numéros de suite" "bounced on {n} issues in a row";
    journal_bounce(status, address, diagnostic) "    {status} {address} : {diagnostic}" "    {status} {address}: {diagnostic}";
    journal_bounces(n) "  retours en erreur reçus ensuite : {n}" "  bounces received afterwards: {n}";
    suppressions_none() "aucune adresse exclue" "no suppressed address";
    suppressions_count(n, unsubscribed, hard, soft, file) "{n} adresse(s) exclue(s) : {unsubscribed} désinscription(s) demandée(s), {hard} adresse(s) inexistante(s), {soft} en échec répété, {file} dans le fichier des désinscriptions" "{n} suppressed address(es): {unsubscribed} unsubscribe request(s), {hard} nonexistent address(es), {soft} repeatedly bounced, {file} in the unsubscribe file";
    suppressions_written(path) "liste des adresses exclues écrite dans {path}" "suppressed addresses written to {path}";
    unsuppressed(address, reason) "{address} n'est plus exclue (elle l'était : {reason}) ; le prochain envoi lui écrira" "{address} is no longer suppressed (it was: {reason}); the next send writes to it";
    not_suppressed(address) "{address} n'est pas dans la liste des adresses exclues du journal" "{address} is not in the journal's suppressed addresses";
    still_in_unsubscribe_file(address, place) "{address} reste désinscrite par le fichier des désinscriptions ({place}) : retirez-y la ligne pour lui écrire de nouveau" "{address} stays unsubscribed by the unsubscribe file ({place}): remove the line there to write to it again";

    // ── Publishing ────────────────────────────────────────────────────────────────────────────
    not_a_publish_url(url, why) "« {url} » n'est pas une adresse de publication : {why}" "`{url}` is not a publishing address: {why}";
    publish_url_help() "donnez l'adresse SFTP de l'hébergeur (sftp://utilisateur@serveur/dossier), ou le chemin d'un dossier (un disque monté, un partage de l'intranet : Z:\\Lettre, ../en-ligne) ou son adresse file:///…" "give the host's SFTP address (sftp://user@server/folder), or a folder's path (a mounted drive, an intranet share: Z:\\Lettre, ../en-ligne) or its file:///… address";
    publish_url_not_a_path() "ce n'est pas un chemin de dossier" "not a folder path";
    no_publish_target() "pas de destination : « publish.to » n'est pas renseigné dans site.yaml" "no destination: `publish.to` is not set in site.yaml";
    no_publish_target_help() "indiquez-la dans site.yaml (publish: to: file:///…), ou pour cette fois avec --to" "set it in site.yaml (publish: to: file:///…), or for this run with --to";
    publish_folder_missing(path) "le dossier de destination {path} est introuvable, ni le dossier qui le contient (disque ou partage non connecté ?)" "neither the destination folder {path} nor its parent exists (drive or share not connected?)";
    publish_nothing_built(out) "rien à publier : {out} ne contient pas de site construit" "nothing to publish: {out} holds no built site";
    publish_build_unfinished(out) "la dernière construction de {out} ne s'est pas terminée" "the last build of {out} did not finish";
    cannot_read(path, error) "impossible de lire {path} : {error}" "cannot read {path}: {error}";
    publish_preview_refused(out) "{out} a été construit avec --drafts : il contient des brouillons et des protocoles non validés, et ne doit pas être mis en ligne ; rien n'a été envoyé" "{out} was built with --drafts: it holds drafts and unvalidated protocols, and must not be put online; nothing was sent";
    publish_preview_help() "construisez le site sans --drafts (covidactu build), puis publiez ; pour faire relire des brouillons, construisez-les dans un autre dossier (--out relecture)" "build the site without --drafts (covidactu build), then publish; to have drafts proofread, build them in another folder (--out relecture)";
    preview_output_note() "Construit par covidactu avec --drafts : un aperçu, avec des brouillons et des protocoles non validés. covidactu publish refuse de le mettre en ligne.\n" "Built by covidactu with --drafts: a preview, with drafts and unvalidated protocols. covidactu publish refuses to put it online.\n";
    publish_build_first() "lancez d'abord covidactu build" "run covidactu build first";
    publish_failed(host, error) "la publication vers {host} s'est interrompue : {error} ; relancez la même commande pour la terminer" "publishing to {host} stopped: {error}; run the same command again to finish it";
    publish_dry_run(host, sent, deleted, unchanged) "essai à blanc vers {host} : {sent} fichier(s) à envoyer, {deleted} à supprimer, {unchanged} déjà à jour ; rien n'a été changé" "dry run to {host}: {sent} file(s) to send, {deleted} to delete, {unchanged} already up to date; nothing was changed";
    publish_up_to_date(host, unchanged) "{host} est à jour ({unchanged} fichiers) : rien à envoyer" "{host} is up to date ({unchanged} files): nothing to send";
    publish_done(host, sent, kb, deleted, unchanged) "publié vers {host} : {sent} fichier(s) envoyé(s) ({kb} Ko), {deleted} supprimé(s), {unchanged} déjà à jour" "published to {host}: {sent} file(s) sent ({kb} KB), {deleted} deleted, {unchanged} already up to date";
    sftp_password_in_url(var) "le mot de passe ne doit pas figurer dans l'adresse (elle est écrite dans site.yaml et dans l'historique) : retirez-le et donnez-le dans la variable d'environnement {var}" "the password must not be in the address (it is written in site.yaml and in the history): remove it and give it in the environment variable {var}";
    sftp_no_user() "il manque l'identifiant de connexion (sftp://utilisateur@serveur/dossier)" "the login name is missing (sftp://user@server/folder)";
    sftp_no_host() "il manque le nom du serveur (sftp://utilisateur@serveur/dossier)" "the server's name is missing (sftp://user@server/folder)";
    sftp_cannot_connect(host, error) "connexion impossible à {host} : {error}" "cannot connect to {host}: {error}";
    sftp_timed_out() "le serveur ne répond pas" "the server does not answer";
    sftp_connection_lost() "la connexion a été coupée" "the connection was cut";
    sftp_permission_denied() "accès refusé par le serveur (droits du dossier)" "access denied by the server (folder permissions)";
    sftp_no_such_file() "dossier introuvable sur le serveur" "folder not found on the server";
    sftp_folder_missing(path) "le dossier de destination {path} est introuvable sur le serveur, ni le dossier qui le contient" "neither the destination folder {path} nor its parent exists on the server";
    sftp_unknown_host_key(host, fingerprint) "le serveur {host} est inconnu de cet ordinateur : l'empreinte de sa clé est {fingerprint} ; rien n'a été envoyé" "the server {host} is unknown to this computer: its key's fingerprint is {fingerprint}; nothing was sent";
    sftp_unknown_host_key_help(fingerprint) "vérifiez cette empreinte auprès de votre hébergeur (elle figure dans son espace client ou sa documentation), puis acceptez-la en ajoutant dans site.yaml, sous publish : host_key: \"{fingerprint}\"" "check this fingerprint with your host (it is in its customer area or documentation), then accept it by adding to site.yaml, under publish: host_key: \"{fingerprint}\"";
    sftp_changed_host_key(host, fingerprint, file, line) "la clé du serveur {host} a changé (empreinte {fingerprint}) : ce n'est plus celle enregistrée dans {file}, ligne {line} ; publication refusée, rien n'a été envoyé" "the key of the server {host} has changed (fingerprint {fingerprint}): it is not the one recorded in {file}, line {line}; publishing refused, nothing was sent";
    sftp_changed_host_key_help(line, file) "ce peut être un serveur réinstallé ou une attaque : demandez à votre hébergeur ; s'il confirme le changement, retirez la ligne {line} de {file} et relancez" "it may be a reinstalled server or an attack: ask your host; if it confirms the change, remove line {line} of {file} and run again";
    sftp_unexpected_host_key(host, fingerprint, expected) "la clé du serveur {host} (empreinte {fingerprint}) n'est pas celle attendue dans site.yaml (publish.host_key : {expected}) ; publication refusée, rien n'a été envoyé" "the key of the server {host} (fingerprint {fingerprint}) is not the one expected in site.yaml (publish.host_key: {expected}); publishing refused, nothing was sent";
    sftp_unexpected_host_key_help() "ce peut être un serveur réinstallé ou une attaque : demandez à votre hébergeur ; s'il confirme la nouvelle empreinte, remplacez host_key dans site.yaml" "it may be a reinstalled server or an attack: ask your host; if it confirms the new fingerprint, replace host_key in site.yaml";
    sftp_known_hosts_unreadable(file, error) "impossible de lire les serveurs connus dans {file} : {error}" "cannot read the known servers in {file}: {error}";
    sftp_password_refused(host, user) "mot de passe refusé par {host} pour l'utilisateur {user}" "password refused by {host} for the user {user}";
    sftp_password_refused_help(var) "vérifiez le mot de passe donné dans la variable d'environnement {var}, et l'identifiant dans l'adresse" "check the password given in the environment variable {var}, and the login name in the address";
    sftp_key_encrypted(file, var) "la clé {file} est protégée par une phrase de passe (donnez-la dans {var}, ou chargez la clé dans l'agent SSH)" "the key {file} is protected by a passphrase (give it in {var}, or load the key into the SSH agent)";
    sftp_key_unreadable(file, error) "la clé {file} est illisible ({error})" "the key {file} cannot be read ({error})";
    sftp_key_refused(file) "la clé {file} a été refusée" "the key {file} was refused";
    sftp_agent_key_refused(comment) "la clé « {comment} » de l'agent SSH a été refusée" "the SSH agent's key `{comment}` was refused";
    sftp_no_key() "aucune clé SSH trouvée sur cet ordinateur, et pas de mot de passe donné" "no SSH key found on this computer, and no password given";
    sftp_sign_in_refused(host, user, tried) "{host} a refusé la connexion de l'utilisateur {user} : {tried}" "{host} refused the login of the user {user}: {tried}";
    sftp_sign_in_help(var) "donnez une clé acceptée par le serveur (publish.key dans site.yaml, ou ~/.ssh/id_ed25519), ou le mot de passe dans la variable d'environnement {var}" "give a key the server accepts (publish.key in site.yaml, or ~/.ssh/id_ed25519), or the password in the environment variable {var}";
    publish_progress_bar() "{{bar:40}} {{pos}}/{{len}} fichiers  reste {{eta}}" "{{bar:40}} {{pos}}/{{len}} files  ETA {{eta}}";

    // ── Unsubscribing ─────────────────────────────────────────────────────────────────────────
    unsubscribe_secret_missing(env) "« unsubscribe_url » contient {{token}} mais la variable d'environnement {env} (le secret qui signe les liens de désinscription) n'est pas donnée" "`unsubscribe_url` has {{token}} but the environment variable {env} (the secret that signs the unsubscribe links) is not set";
    unsubscribe_secret_help(env) "mettez dans {env} une phrase secrète d'au moins 16 caractères, toujours la même (elle sert aussi à vérifier les liens), ou retirez {{token}} : seul le lien mailto sera donné" "put a secret phrase of at least 16 characters in {env}, always the same one (it also verifies the links), or remove {{token}}: only the mailto link will be given";
    unsubscribe_url_not_https(url) "« unsubscribe_url » {url} n'est pas une adresse https" "`unsubscribe_url` {url} is not an https address";
    unsubscribe_secret_too_short() "le secret des liens de désinscription doit avoir au moins 16 caractères" "the secret of the unsubscribe links must have at least 16 characters";
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn placeholders(text: &str) -> BTreeSet<&str> {
        let mut out = BTreeSet::new();
        let mut rest = text;
        while let Some(i) = rest.find('{') {
            let after = &rest[i + 1..];
            if let Some(a) = after.strip_prefix('{') {
                rest = a.split_once("}}").map_or("", |(_, r)| r);
                continue;
            }
            match after.find('}') {
                Some(j) => {
                    out.insert(&after[..j]);
                    rest = &after[j + 1..];
                }
                None => break,
            }
        }
        out
    }

    #[test]
    fn both_languages_show_the_same_values() {
        for (name, args, text) in ALL {
            assert!(!text.fr.trim().is_empty() && !text.en.trim().is_empty(), "{name}: a language is missing");
            let args: BTreeSet<&str> = args.iter().copied().collect();
            assert_eq!(placeholders(text.fr), args, "{name} (fr) must show exactly its arguments");
            assert_eq!(placeholders(text.en), args, "{name} (en) must show exactly its arguments");
        }
    }

    #[test]
    fn every_message_is_used() {
        let mut code = String::new();
        for entry in walkdir::WalkDir::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")) {
            let entry = entry.unwrap();
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("i18n/msg.rs") {
                code.push_str(&std::fs::read_to_string(path).unwrap());
            }
        }
        let used = |name: &str| {
            let call = format!("msg::{name}");
            code.match_indices(&call)
                .any(|(i, _)| !code[i + call.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_'))
        };
        let unused: Vec<&str> = ALL.iter().map(|(name, _, _)| *name).filter(|name| !used(name)).collect();
        assert!(unused.is_empty(), "messages no code uses: {unused:?}");
    }
}
