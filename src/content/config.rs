//! `site.yaml`: the site's configuration, read with the same located validation as front
//! matter.

use super::front_matter::{field_names, Fields, Split};
use super::source::SourceFile;
use crate::error::{Diagnostic, Diagnostics};
use crate::i18n::msg;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The CPTS publishing the site.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Cpts {
    pub name: String,
    pub territory: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// An entry of the main menu.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    pub label: String,
    /// A site path (`/protocoles/`) or a full URL.
    pub url: String,
}

/// The `search` section of `site.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SearchConfig {
    /// Build the search index and show the search box.
    pub enabled: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig { enabled: true }
    }
}

/// The `mailing` section of `site.yaml`: how the email edition is sent.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct MailingConfig {
    /// `Covid'actu <lettre@cpts.fr>`
    pub from: String,
    pub reply_to: Option<String>,
    /// The list's identifier for List-Id, a domain-like name: `covidactu.cpts-aubriere.example`.
    pub list_id: Option<String>,
    /// Where unsubscribe requests are mailed (List-Unsubscribe mailto).
    pub unsubscribe_email: Option<String>,
    /// An https address that unsubscribes in one click (RFC 8058), per recipient: its
    /// `{token}` is filled with the address and its HMAC (see `email::unsubscribe`). Without
    /// `{token}` it is not advertised: only the mailto is.
    pub unsubscribe_url: Option<String>,
    /// The environment variable holding the secret that signs the unsubscribe tokens.
    pub unsubscribe_secret_env: String,
    /// The list of addresses never to send to, relative to the site folder.
    pub unsubscribe_file: String,
    /// The SMTP server that sends the edition.
    pub smtp: SmtpConfig,
    /// The CPTS mailbox where bounces and unsubscribe requests arrive (`covidactu inbox`).
    pub imap: ImapConfig,
    /// Signs every message with DKIM when set.
    pub dkim: Option<DkimConfig>,
}

/// How the connection to the SMTP server is secured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TlsMode {
    /// Plain connection upgraded with STARTTLS (port 587); refused if the server cannot.
    #[default]
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only allowed to a loopback address (a local relay, a test server).
    None,
}

/// `mailing.smtp` in `site.yaml`. The password is never written here: it is read from the
/// environment variable named by `password_env`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmtpConfig {
    pub host: Option<String>,
    /// Defaults to 587 (starttls), 465 (tls) or 25 (none).
    pub port: Option<u16>,
    pub tls: TlsMode,
    pub user: Option<String>,
    /// The environment variable holding the password.
    pub password_env: String,
    /// An extra root certificate (PEM) to trust, e.g. an intranet relay's own authority.
    pub ca_file: Option<String>,
    /// Connections open at once.
    pub connections: usize,
    /// Messages per minute at most (no limit when absent); `--rate` overrides it.
    pub rate: Option<f64>,
    /// Seconds to wait for the server before giving up on a command.
    pub timeout: f64,
    /// Further attempts after a transient failure (4xx, dropped connection, timeout).
    pub retries: u32,
    /// Seconds before the first retry; doubled for each next one.
    pub retry_delay: f64,
}

impl Default for SmtpConfig {
    fn default() -> Self {
        SmtpConfig {
            host: None,
            port: None,
            tls: TlsMode::default(),
            user: None,
            password_env: "COVIDACTU_SMTP_PASSWORD".into(),
            ca_file: None,
            connections: 4,
            rate: None,
            timeout: 60.0,
            retries: 3,
            retry_delay: 10.0,
        }
    }
}

/// `mailing.dkim` in `site.yaml`: the signing domain, the selector published in DNS
/// (`<selector>._domainkey.<domain>`) and the private key file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DkimConfig {
    pub domain: String,
    pub selector: String,
    /// The private key, relative to the site folder: PKCS#1 PEM for `rsa`, the base64 seed
    /// for `ed25519`.
    pub key: String,
    #[serde(default)]
    pub algorithm: DkimAlgorithm,
}

/// `mailing.imap` in `site.yaml`: the mailbox `covidactu inbox` reads. The password is read
/// from the environment variable named by `password_env`, never from a file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ImapConfig {
    pub host: Option<String>,
    /// Defaults to 143 (starttls, none) or 993 (tls).
    pub port: Option<u16>,
    pub tls: TlsMode,
    pub user: Option<String>,
    /// The environment variable holding the password.
    pub password_env: String,
    /// An extra root certificate (PEM) to trust.
    pub ca_file: Option<String>,
    /// The folder to read.
    pub folder: String,
    /// Where the messages used are moved (created when missing).
    pub done_folder: String,
    /// Seconds to wait for the server before giving up.
    pub timeout: f64,
}

impl Default for ImapConfig {
    fn default() -> Self {
        ImapConfig {
            host: None,
            port: None,
            tls: TlsMode::default(),
            user: None,
            password_env: "COVIDACTU_IMAP_PASSWORD".into(),
            ca_file: None,
            folder: "INBOX".into(),
            done_folder: "Traités".into(),
            timeout: 60.0,
        }
    }
}

/// The DKIM signing algorithm.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DkimAlgorithm {
    #[default]
    Rsa,
    Ed25519,
}

impl Default for MailingConfig {
    fn default() -> Self {
        MailingConfig {
            from: "Covid'actu <lettre@example.invalid>".into(),
            reply_to: None,
            list_id: None,
            unsubscribe_email: None,
            unsubscribe_url: None,
            unsubscribe_secret_env: "COVIDACTU_UNSUBSCRIBE_SECRET".into(),
            unsubscribe_file: "desinscriptions.csv".into(),
            smtp: SmtpConfig::default(),
            imap: ImapConfig::default(),
            dkim: None,
        }
    }
}

/// The whole of `site.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct Config {
    pub title: String,
    pub description: Option<String>,
    pub base_url: String,
    pub language: String,
    pub cpts: Cpts,
    /// Profession id → label shown to readers (`infirmier: Infirmier·e`).
    pub professions: BTreeMap<String, String>,
    pub menu: Vec<MenuItem>,
    /// Every link relative, so the output works from a shared drive or `file://`.
    pub relative_urls: bool,
    /// Cards per page of the long lists (syntheses, a tag's, a profession's); 0: one page.
    pub paginate_by: usize,
    /// The image shown when a page is shared (Open Graph), a path in the output
    /// (`/partage.png`: a file of the theme's `static/` or of `content/`).
    pub share_image: Option<String>,
    /// A synthesis without `reviewers` is an error rather than a warning.
    pub review_required: bool,
    pub theme: String,
    pub search: SearchConfig,
    pub mailing: MailingConfig,
    pub publish: PublishConfig,
    /// The types of the directory's entries (`content/annuaire/*.csv`), in the order the
    /// directory page shows them.
    pub directory_types: Vec<String>,
    /// Issuer id → label of the official messages (`content/veille/`): `dgs-urgent: DGS-Urgent`.
    pub issuers: BTreeMap<String, String>,
}

/// The issuers of official messages when `site.yaml` names none.
pub(crate) const ISSUERS: &[(&str, &str)] = &[
    ("dgs-urgent", "DGS-Urgent"),
    ("minsante", "MINSANTE"),
    ("ars", "ARS"),
    ("cpam", "Assurance maladie"),
    ("has", "HAS"),
    ("ansm", "ANSM"),
    ("spf", "Santé publique France"),
    ("ordre-medecins", "Ordre des médecins"),
    ("ordre-infirmiers", "Ordre des infirmiers"),
    ("ordre-pharmaciens", "Ordre des pharmaciens"),
];

/// The directory's types when `site.yaml` names none.
pub(crate) const DIRECTORY_TYPES: &[&str] = &[
    "CPTS",
    "MSP",
    "Centre de santé",
    "Centre Covid",
    "Laboratoire",
    "Pharmacie",
    "Cabinet",
    "Hôpital",
    "EHPAD",
    "Mairie",
    "Numéro d'urgence",
];

/// `publish` in `site.yaml`: where `covidactu publish` puts the built site.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct PublishConfig {
    /// `sftp://USER@HOST[:PORT]/PATH`, `file:///PATH` or a folder's path.
    pub to: Option<String>,
    /// The SFTP server's key fingerprint (`SHA256:…`), trusted instead of `known_hosts`.
    pub host_key: Option<String>,
    /// A private key file to sign in with (from the site's folder, or `~/…`).
    pub key: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: String::new(),
            description: None,
            base_url: "http://localhost/".into(),
            language: "fr".into(),
            cpts: Cpts::default(),
            professions: BTreeMap::new(),
            menu: Vec::new(),
            relative_urls: false,
            paginate_by: 30,
            share_image: None,
            review_required: false,
            theme: "default".into(),
            search: SearchConfig::default(),
            mailing: MailingConfig::default(),
            publish: PublishConfig::default(),
            directory_types: DIRECTORY_TYPES.iter().map(|t| t.to_string()).collect(),
            issuers: ISSUERS.iter().map(|(id, label)| (id.to_string(), label.to_string())).collect(),
        }
    }
}

/// Whether a site written in `language` (`en`, `en-GB`…) reads English dates, numbers and
/// typography; any other language reads them the French way.
pub(crate) fn english(language: &str) -> bool {
    let language = language.to_ascii_lowercase();
    language == "en" || language.starts_with("en-") || language.starts_with("en_")
}

impl Config {
    /// The site is written in English (see [`english`]).
    pub(crate) fn english(&self) -> bool {
        english(&self.language)
    }

    /// The label of the issuer written `name` (its id or its label), or `name` itself when
    /// the site has no such issuer.
    pub fn issuer_label<'a>(&'a self, name: &'a str) -> &'a str {
        self.issuer_id(name).and_then(|id| self.issuers.get(id)).map_or(name, String::as_str)
    }

    /// The id of the issuer written `name` (its id or its label, in any case and accents).
    pub fn issuer_id(&self, name: &str) -> Option<&str> {
        let wanted = crate::search::analysis::fold(name.trim());
        self.issuers
            .iter()
            .find(|(id, label)| {
                crate::search::analysis::fold(id) == wanted || crate::search::analysis::fold(label) == wanted
            })
            .map(|(id, _)| id.as_str())
    }

    /// Reads and checks the `site.yaml` of the site at `root` alone, for the commands that
    /// need its settings but not the documents (`inbox`, `journal`).
    pub fn load(root: &Path) -> Result<Config, Diagnostics> {
        let mut diags = Diagnostics::new();
        let config = match super::source::read(root, &root.join("site.yaml")) {
            Ok(file) => Config::parse(&file, &mut diags),
            Err(d) => {
                diags.push(d.with_help(msg::not_a_site(root.display())));
                None
            }
        };
        config.ok_or(diags)
    }

    /// Reads and checks `site.yaml`; every problem is added to `diags`.
    pub fn parse(file: &SourceFile, diags: &mut Diagnostics) -> Option<Config> {
        let split = Split { yaml: &file.text, yaml_line: 1, body_offset: file.text.len() };
        let fields = match Fields::parse(file, split) {
            Ok(f) => f,
            Err(d) => {
                diags.push(d);
                return None;
            }
        };
        let before = diags.error_count();
        fields.check_unknown(field_names::<Config>(), "site.yaml", diags);
        let config: Config = fields.read(diags);
        let place = |key: &str| fields.key_place(key);
        if config.title.trim().is_empty() {
            diags.push(missing(file, "title", &msg::site_title_help()));
        }
        if !config.base_url.starts_with("http://") && !config.base_url.starts_with("https://") {
            let (l, c, n) = place("base_url");
            diags
                .push(file.error_at(msg::base_url_not_http(&config.base_url), l, c, n).with_help(msg::base_url_help()));
        }
        for id in config.professions.keys() {
            if crate::markdown::slugify(id) != *id {
                let (l, c, n) = file.find_from(place("professions").0, id);
                diags.push(file.error_at(msg::bad_profession_id(id), l, c, n));
            }
        }
        for id in config.issuers.keys() {
            if crate::markdown::slugify(id) != *id {
                let (l, c, n) = file.find_from(place("issuers").0, id);
                let d = file.error_at(msg::bad_issuer_id(id), l, c, n);
                diags.push(d.with_help(msg::bad_issuer_id_help(crate::markdown::slugify(id))));
            }
        }
        (diags.error_count() == before).then_some(config)
    }

    /// The base URL with exactly one trailing slash.
    pub fn base(&self) -> String {
        format!("{}/", self.base_url.trim_end_matches('/'))
    }
}

fn missing(file: &SourceFile, key: &str, help: &str) -> Diagnostic {
    Diagnostic::error(msg::site_yaml_missing(key)).in_file(&file.rel).with_help(help)
}
