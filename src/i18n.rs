//! The one catalogue of what the terminal says, in French — the users' language, the default —
//! and in English (`--lang en` or `COVIDACTU_LANG=en`, for developers and bug reports). Each
//! text is written in both languages side by side, so that none can miss one.
//!
//! Today it holds the command line's help; the diagnostics and reports move here next.

use std::ffi::OsString;
use std::sync::atomic::{AtomicBool, Ordering};

/// A language the terminal speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

static ENGLISH: AtomicBool = AtomicBool::new(false);

impl Lang {
    /// The language asked for by `--lang X` (or `--lang=X`) among `args`, else by
    /// `COVIDACTU_LANG`, else French.
    pub fn detect(args: &[OsString]) -> Lang {
        let mut asked = None;
        for (i, a) in args.iter().enumerate() {
            let a = a.to_string_lossy();
            if a == "--lang" {
                asked = args.get(i + 1).map(|v| v.to_string_lossy().into_owned());
            } else if let Some(v) = a.strip_prefix("--lang=") {
                asked = Some(v.to_owned());
            }
        }
        let asked = asked.or_else(|| std::env::var("COVIDACTU_LANG").ok());
        match asked.as_deref().map(str::trim) {
            Some(l) if l.eq_ignore_ascii_case("en") || l.to_ascii_lowercase().starts_with("en_") => Lang::En,
            _ => Lang::Fr,
        }
    }

    /// Makes `self` the language of every text from now on.
    pub fn set(self) {
        ENGLISH.store(self == Lang::En, Ordering::Relaxed);
    }

    /// The language texts are given in.
    pub fn current() -> Lang {
        if ENGLISH.load(Ordering::Relaxed) {
            Lang::En
        } else {
            Lang::Fr
        }
    }
}

/// A text in both languages.
#[derive(Debug, Clone, Copy)]
pub struct Text {
    pub fr: &'static str,
    pub en: &'static str,
}

impl Text {
    /// The text in the current language.
    pub fn get(self) -> &'static str {
        match Lang::current() {
            Lang::Fr => self.fr,
            Lang::En => self.en,
        }
    }
}

const fn t(fr: &'static str, en: &'static str) -> Text {
    Text { fr, en }
}

/// The command line's help: the program, each command (`build`) and each of its arguments
/// (`build.root`), by the names clap gives them. A test checks that every command and
/// argument has its text and that every text has its command or argument.
pub const HELP: &[(&str, Text)] = &[
    ("", t("le site et l'édition e-mail de la lettre d'une CPTS", "the static site and email edition of a CPTS newsletter")),
    ("lang", t("la langue des messages : fr (par défaut) ou en [variable : COVIDACTU_LANG]", "the language of the messages: fr (default) or en [env: COVIDACTU_LANG]")),
    ("help", t("afficher l'aide", "print help")),
    ("version", t("afficher la version", "print the version")),
    ("build", t("construire le site dans le dossier de sortie (remplacé seulement si tout a réussi)", "build the site into the output folder (replaced only when the build succeeds)")),
    ("build.root", t("le dossier du site (avec site.yaml et content/) [par défaut : .]", "the site folder (with site.yaml and content/) [default: .]")),
    ("build.out", t("le dossier de sortie [par défaut : ROOT/public]", "the output folder [default: ROOT/public]")),
    ("build.drafts", t("inclure les brouillons (draft: true, et les protocoles pas encore validés)", "include drafts (draft: true, and protocols not yet validated)")),
    ("build.base_url", t("utiliser cette adresse de base au lieu de celle de site.yaml", "use this base URL instead of site.yaml's")),
    ("build.relative", t("rendre tous les liens relatifs (disque partagé, ouverture depuis le disque)", "make every link relative (for a shared drive or opening from disk)")),
    ("check", t("vérifier le site (toutes les vérifications d'un build, et les avertissements) sans rien écrire", "check the site (every validation of a build, plus warnings) without writing anything")),
    ("check.root", t("le dossier du site [par défaut : .]", "the site folder [default: .]")),
    ("check.drafts", t("vérifier aussi les brouillons", "check drafts too")),
    ("check.format", t("le format des messages : text ou json [par défaut : text]", "the format of the diagnostics: text or json [default: text]")),
    ("serve", t("aperçu en direct : reconstruit à chaque enregistrement, recharge les pages ouvertes, affiche les erreurs dans le navigateur", "serve the site with live reload: rebuilds on every save, reloads open pages, shows errors in the browser")),
    ("serve.root", t("le dossier du site [par défaut : .]", "the site folder [default: .]")),
    ("serve.port", t("le port d'écoute (0 : un port libre) [par défaut : 1111]", "the port to listen on (0: any free port) [default: 1111]")),
    ("serve.bind", t("l'adresse d'écoute ; autre chose que cette machine expose le site au réseau [par défaut : 127.0.0.1]", "the address to listen on; anything but loopback exposes the site to the network [default: 127.0.0.1]")),
    ("serve.open", t("ouvrir le site dans le navigateur", "open the site in the default browser")),
    ("serve.drafts", t("inclure les brouillons (draft: true) ; les protocoles pas encore validés sont toujours montrés, marqués", "include drafts (draft: true); protocols not yet validated are always shown, marked")),
    ("email", t("écrire l'édition e-mail d'un numéro pour la relire : NOM.html, NOM.txt et NOM.eml (le message complet, pour une messagerie)", "write the email edition of an issue for preview: NAME.html, NAME.txt and NAME.eml (a complete message, for any mail client)")),
    ("email.issue", t("le numéro, par exemple numeros/numero-6", "the issue, e.g. numeros/numero-6")),
    ("email.root", t("le dossier du site [par défaut : .]", "the site folder [default: .]")),
    ("email.out", t("où écrire les trois fichiers [par défaut : ROOT/.covidactu/email]", "where to write the three files [default: ROOT/.covidactu/email]")),
    ("send", t("envoyer l'édition e-mail d'un numéro aux listes, une fois à chaque adresse ; un journal permet de reprendre après une coupure. Sortie 0 si tous l'ont reçue, 2 sinon (voir le rapport), 130 après Ctrl-C", "send the email edition of an issue to the lists, once to each address; a journal lets a later run resume after a crash. Exits 0 when everyone was reached, 2 when some were not (see the report), 130 when interrupted")),
    ("send.issue", t("le numéro, par exemple numeros/numero-6", "the issue, e.g. numeros/numero-6")),
    ("send.lists", t("une liste de destinataires en CSV (à répéter pour plusieurs listes)", "a CSV list of recipients (repeat for several lists)")),
    ("send.root", t("le dossier du site [par défaut : .]", "the site folder [default: .]")),
    ("send.dry_run", t("lire les listes et préparer chaque message, sans rien envoyer", "check the lists and render every message; connect to nothing")),
    ("send.strict", t("faire des lignes invalides des listes des erreurs, et non des avertissements", "make invalid rows of the lists errors instead of warnings")),
    ("send.test", t("envoyer une seule copie, marquée [TEST], à cette adresse (hors journal)", "send one copy, marked [TEST], to this address only (outside the journal)")),
    ("send.smtp", t("le serveur d'envoi pour cette fois : smtp://hôte:port ou smtps://hôte:port [variable : COVIDACTU_SMTP_URL]", "the SMTP server for this run: smtp://host:port or smtps://host:port [env: COVIDACTU_SMTP_URL]")),
    ("send.rate", t("au plus ce nombre de messages : 300/min, 5/s, 2000/h", "at most this many messages: 300/min, 5/s, 2000/h")),
    ("send.connections", t("connexions simultanées au serveur [par défaut : mailing.smtp.connections, 4]", "SMTP connections at once [default: mailing.smtp.connections, 4]")),
    ("send.retry_failed", t("renvoyer aussi aux adresses refusées ou dont le sort est incertain", "also resend to addresses that failed for good or whose fate is unknown")),
    ("send.force", t("renvoyer à tout le monde, même à qui le journal dit l'avoir reçu", "send again to everyone, even those the journal says were sent")),
    ("journal", t("montrer ce que le journal d'envoi a noté : par numéro, qui l'a reçu, qui ne l'a pas reçu et pourquoi", "show what the send journal recorded: per issue, who was sent, who failed and why")),
    ("journal.issue", t("le numéro, par exemple numeros/numero-6 [par défaut : tous les numéros envoyés]", "the issue, e.g. numeros/numero-6 [default: every issue sent]")),
    ("journal.root", t("le dossier du site [par défaut : .]", "the site folder [default: .]")),
    ("new", t("écrire un nouveau document pré-rempli (n'écrase jamais un fichier)", "write a new, pre-filled content file (never overwrites)")),
    ("new.kind", t("ce qu'il faut créer : numero, protocole, synthese ou page", "what to create: numero, protocole, synthese or page")),
    ("new.title", t("son titre, entre guillemets", "its title, in quotes")),
    ("new.root", t("le dossier du site [par défaut : .]", "the site folder [default: .]")),
    ("init", t("créer un nouveau site dans DIR, avec un exemple de chaque sorte de document", "create a new site in DIR, with one example of each kind of content")),
    ("init.dir", t("le dossier à créer (absent, ou vide)", "the folder to create (must not exist, or be empty)")),
];

/// The help text of `key`, in the current language (French typography in French: no-break
/// spaces before `: ; ! ?`, curly apostrophes).
pub fn help(key: &str) -> Option<String> {
    HELP.iter().find(|(k, _)| *k == key).map(|(_, t)| typeset(t.get()))
}

/// `text` with the current language's typography.
pub fn typeset(text: &str) -> String {
    match Lang::current() {
        Lang::Fr => crate::markdown::french(text).into_owned(),
        Lang::En => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_comes_from_the_flag_then_the_environment() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(Lang::detect(&args(&["covidactu", "--lang", "en", "build"])), Lang::En);
        assert_eq!(Lang::detect(&args(&["covidactu", "build", "--lang=fr"])), Lang::Fr);
    }

    #[test]
    fn every_text_is_written_in_both_languages_once() {
        let mut keys: Vec<&str> = HELP.iter().map(|(k, _)| *k).collect();
        keys.sort_unstable();
        let before = keys.len();
        keys.dedup();
        assert_eq!(before, keys.len(), "a key written twice");
        for (k, t) in HELP {
            assert!(!t.fr.trim().is_empty() && !t.en.trim().is_empty(), "{k}");
        }
    }
}
