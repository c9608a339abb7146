//! `site.yaml`: the site's configuration, read with the same located validation as front
//! matter.

use super::front_matter::{field_names, Fields, Split};
use super::source::SourceFile;
use crate::error::{Diagnostic, Diagnostics};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    /// An https page that unsubscribes in one click (RFC 8058), when there is one.
    pub unsubscribe_url: Option<String>,
    /// The list of addresses never to send to, relative to the site folder.
    pub unsubscribe_file: String,
}

impl Default for MailingConfig {
    fn default() -> Self {
        MailingConfig {
            from: "Covid'actu <lettre@example.invalid>".into(),
            reply_to: None,
            list_id: None,
            unsubscribe_email: None,
            unsubscribe_url: None,
            unsubscribe_file: "desinscriptions.csv".into(),
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
    pub theme: String,
    pub search: SearchConfig,
    pub mailing: MailingConfig,
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
            theme: "default".into(),
            search: SearchConfig::default(),
            mailing: MailingConfig::default(),
        }
    }
}

impl Config {
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
            diags.push(missing(file, "title", "the site's title, e.g. `title: \"Covid'actu\"`"));
        }
        if !config.base_url.starts_with("http://") && !config.base_url.starts_with("https://") {
            let (l, c, n) = place("base_url");
            diags.push(
                file.error_at(format!("base_url `{}` is not an http(s) URL", config.base_url), l, c, n)
                    .with_help("e.g. `base_url: https://cpts-exemple.fr/`"),
            );
        }
        for id in config.professions.keys() {
            if crate::markdown::slugify(id) != *id {
                let (l, c, n) = file.find_from(place("professions").0, id);
                diags.push(file.error_at(
                    format!("profession id `{id}` must be lowercase letters, digits and hyphens"),
                    l,
                    c,
                    n,
                ));
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
    Diagnostic::error(format!("site.yaml has no `{key}`")).in_file(&file.rel).with_help(help)
}
