//! The typed front matter of each content kind. Every field has a default so that a file can
//! be read field by field; what is required is checked by [`super::validate`].

use super::date::{Date, PartialDate, When};
use crate::i18n::{self, msg};
use serde::{de, Deserialize, Deserializer, Serialize};
use std::fmt;

/// The kind of a content file, given by its folder under `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Issue,
    Protocol,
    Synthesis,
    Page,
    Event,
    /// An official message (DGS-Urgent, ARS, CPAM, HAS…) and its digest: the « veille ».
    Message,
}

impl Kind {
    pub const ALL: [Kind; 6] = [Kind::Issue, Kind::Protocol, Kind::Synthesis, Kind::Page, Kind::Event, Kind::Message];

    /// The folder under `content/`, and the first part of references (`evenements/x`).
    pub fn section(self) -> &'static str {
        match self {
            Kind::Issue => "numeros",
            Kind::Protocol => "protocoles",
            Kind::Synthesis => "syntheses",
            Kind::Page => "pages",
            Kind::Event => "evenements",
            Kind::Message => "veille",
        }
    }

    /// The first segment of the URLs of its pages: the folder's name, but `agenda` for the
    /// events.
    pub fn url_segment(self) -> &'static str {
        match self {
            Kind::Event => "agenda",
            other => other.section(),
        }
    }

    /// The kind for a folder name.
    pub fn from_section(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.section() == s)
    }

    /// « 1 numéro », « 8 synthèses »: a count for messages.
    pub fn count(self, n: usize) -> String {
        match self {
            Kind::Issue => i18n::plural(n, msg::count_issues_one, msg::count_issues_many),
            Kind::Protocol => i18n::plural(n, msg::count_protocols_one, msg::count_protocols_many),
            Kind::Synthesis => i18n::plural(n, msg::count_syntheses_one, msg::count_syntheses_many),
            Kind::Page => i18n::plural(n, msg::count_pages_one, msg::count_pages_many),
            Kind::Event => i18n::plural(n, msg::count_events_one, msg::count_events_many),
            Kind::Message => i18n::plural(n, msg::count_messages_one, msg::count_messages_many),
        }
    }

    /// How messages name a file of this kind, with its article: « un numéro ».
    pub fn describe(self) -> String {
        match self {
            Kind::Issue => msg::kind_issue(),
            Kind::Protocol => msg::kind_protocol(),
            Kind::Synthesis => msg::kind_synthesis(),
            Kind::Page => msg::kind_page(),
            Kind::Event => msg::kind_event(),
            Kind::Message => msg::kind_message(),
        }
    }
}

/// Fields every kind accepts.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Common {
    pub title: Option<String>,
    pub summary: Option<String>,
    #[serde(deserialize_with = "one_or_many")]
    pub tags: Vec<String>,
    pub draft: bool,
    pub slug: Option<String>,
}

/// `content/numeros/*.md`: one issue of the newsletter.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct IssueMeta {
    pub number: Option<u32>,
    pub date: Option<Date>,
    pub theme: Option<String>,
    #[serde(deserialize_with = "one_or_many")]
    pub authors: Vec<String>,
    /// References (`syntheses/masques-ffp2`) to what the issue carries, in order.
    pub items: Vec<String>,
    /// Official messages (`veille/x`) the issue carries besides those dated since the
    /// previous issue.
    #[serde(deserialize_with = "one_or_many")]
    pub messages: Vec<String>,
    /// Messages dated since the previous issue that the issue leaves out.
    #[serde(deserialize_with = "one_or_many")]
    pub messages_left_out: Vec<String>,
    /// The directory's entries the issue shows in « Numéros utiles »: each a type of
    /// `directory_types` (all its entries) or a structure's name.
    #[serde(deserialize_with = "one_or_many")]
    pub useful_numbers: Vec<String>,
}

/// Lifecycle of a protocol: written (`brouillon`), read by peers (`relecture`), validated by
/// the CPTS (`valide`, the only status « en vigueur »), replaced (`obsolete`). Only the last
/// two are published by `build`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Brouillon,
    Relecture,
    Valide,
    Obsolete,
}

impl Status {
    /// `valide` and `obsolete` protocols may be published; the others are drafts.
    pub fn is_published(self) -> bool {
        matches!(self, Status::Valide | Status::Obsolete)
    }

    /// The word written in the front matter.
    pub fn name(self) -> &'static str {
        match self {
            Status::Brouillon => "brouillon",
            Status::Relecture => "relecture",
            Status::Valide => "valide",
            Status::Obsolete => "obsolete",
        }
    }
}

/// `content/protocoles/*.md`: a care protocol.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ProtocolMeta {
    #[serde(deserialize_with = "text_or_number")]
    pub version: Option<String>,
    pub status: Status,
    pub validated: Option<Date>,
    pub validated_by: Option<String>,
    pub review: Option<Date>,
    #[serde(deserialize_with = "one_or_many")]
    pub audience: Vec<String>,
    #[serde(deserialize_with = "one_or_many")]
    pub authors: Vec<String>,
    #[serde(deserialize_with = "one_or_many")]
    pub replaces: Vec<String>,
    #[serde(deserialize_with = "one_or_many")]
    pub replaced_by: Vec<String>,
    /// What changed, version by version, newest first; the older versions' entries are kept.
    pub changes: Vec<Change>,
    /// What the protocol rests on: official messages (`message: veille/x`) or documents.
    pub sources: Vec<Source>,
}

/// What one version of a protocol changed.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Change {
    #[serde(deserialize_with = "text_or_number")]
    pub version: Option<String>,
    /// When this version was validated (the protocol's `validated` for its current version).
    pub date: Option<Date>,
    /// Short sentences, one per change.
    #[serde(deserialize_with = "one_or_many")]
    pub what: Vec<String>,
}

/// Level of evidence of a key point (HAS grades, AE = accord d'experts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Grade {
    A,
    B,
    C,
    AE,
}

/// A key point of a synthesis: a sentence, optionally graded. Written either as a plain
/// string or as `{ text: …, grade: B }`.
#[derive(Debug, Clone, Serialize)]
pub struct KeyPoint {
    pub text: String,
    pub grade: Option<Grade>,
}

impl<'de> Deserialize<'de> for KeyPoint {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            text: String,
            grade: Option<Grade>,
        }
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = KeyPoint;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&msg::expecting_key_point())
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<KeyPoint, E> {
                Ok(KeyPoint { text: s.to_owned(), grade: None })
            }
            fn visit_map<M: de::MapAccess<'de>>(self, m: M) -> Result<KeyPoint, M::Error> {
                let full = Full::deserialize(de::value::MapAccessDeserializer::new(m))?;
                Ok(KeyPoint { text: full.text, grade: full.grade })
            }
        }
        d.deserialize_any(V)
    }
}

/// A cited source of a synthesis, printed in Vancouver style: an article (`authors`,
/// `journal`, `volume`, `pages`) or an institution's document (`publisher`: HAS, DGS, ARS…).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Source {
    /// An official message of the site (`veille/dgs-urgent-2020-23`): the rest is taken
    /// from it.
    pub message: Option<String>,
    #[serde(deserialize_with = "one_or_many")]
    pub authors: Vec<String>,
    pub title: String,
    /// The journal an article appeared in (its abbreviation, as PubMed writes it: `Lancet`).
    pub journal: Option<String>,
    /// The institution issuing the document.
    pub publisher: Option<String>,
    pub date: Option<PartialDate>,
    #[serde(deserialize_with = "text_or_number")]
    pub volume: Option<String>,
    #[serde(deserialize_with = "text_or_number")]
    pub pages: Option<String>,
    pub url: Option<String>,
    pub doi: Option<String>,
    #[serde(deserialize_with = "text_or_number")]
    pub pmid: Option<String>,
}

impl Source {
    /// A `publisher` written the old way, authors and journal together
    /// (`Chu DK, Akl EA, et al. Lancet`), where `authors` and `journal` now go.
    pub fn publisher_holds_authors(&self) -> bool {
        self.authors.is_empty()
            && self.journal.is_none()
            && self.publisher.as_deref().is_some_and(|p| p.contains(", ") || p.contains("et al"))
    }
}

/// `content/syntheses/*.md`: a synthesis of recommendations and literature.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct SynthesisMeta {
    pub date: Option<Date>,
    pub updated: Option<Date>,
    #[serde(deserialize_with = "one_or_many")]
    pub authors: Vec<String>,
    #[serde(deserialize_with = "one_or_many")]
    pub reviewers: Vec<String>,
    pub key_points: Vec<KeyPoint>,
    /// Shown through the renderer's citation views, not serialized with every list card.
    #[serde(skip_serializing)]
    pub sources: Vec<Source>,
    #[serde(deserialize_with = "one_or_many")]
    pub audience: Vec<String>,
}

/// `content/pages/*.md`: a free page; with a `weight` it appears in the menu.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PageMeta {
    pub weight: Option<i32>,
}

/// `content/evenements/*.md`: a webinar, a training, a meeting of the territory.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct EventMeta {
    /// Europe/Paris time; a date alone for a whole-day event.
    pub start: Option<When>,
    pub end: Option<When>,
    /// The address, for an event in person.
    pub place: Option<String>,
    /// The visio link, for an event online.
    pub online: Option<String>,
    #[serde(deserialize_with = "one_or_many")]
    pub audience: Vec<String>,
    #[serde(deserialize_with = "one_or_many")]
    pub speakers: Vec<String>,
    pub registration: Option<Registration>,
    /// After the event: its recording, an address or a file beside the event's.
    pub replay: Option<String>,
    /// After the event: its slides, files beside the event's.
    #[serde(deserialize_with = "one_or_many")]
    pub slides: Vec<String>,
}

impl EventMeta {
    /// The last moment of the event: its end, or its start.
    pub fn last(&self) -> Option<When> {
        self.end.or(self.start)
    }
}

/// `content/veille/*.md`: an official message (DGS-Urgent, ARS, CPAM, HAS…) and its digest;
/// `summary` says what changes for the reader.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct MessageMeta {
    /// An id of `issuers` in `site.yaml` (`dgs-urgent`).
    pub issuer: Option<String>,
    /// The issuer's number for it (`2020_23`), unique per issuer.
    #[serde(deserialize_with = "text_or_number")]
    pub reference: Option<String>,
    pub date: Option<Date>,
    /// The official text online.
    pub url: Option<String>,
    /// The official text as a file beside the message's (a PDF).
    pub file: Option<String>,
    #[serde(deserialize_with = "one_or_many")]
    pub audience: Vec<String>,
    /// The messages (`veille/x`) this one replaces.
    #[serde(deserialize_with = "one_or_many")]
    pub supersedes: Vec<String>,
    /// The messages that replace this one.
    #[serde(deserialize_with = "one_or_many")]
    pub superseded_by: Vec<String>,
}

/// How to register for an event: an address or an email (written alone, or with
/// `url`/`email` and a `deadline`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Registration {
    pub url: Option<String>,
    pub email: Option<String>,
    pub deadline: Option<When>,
}

impl<'de> Deserialize<'de> for Registration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            url: Option<String>,
            email: Option<String>,
            deadline: Option<When>,
        }
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = Registration;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&msg::expecting_registration())
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Registration, E> {
                let s = s.trim().to_owned();
                Ok(if s.contains('@') && !s.contains("://") {
                    Registration { email: Some(s.trim_start_matches("mailto:").to_owned()), ..Default::default() }
                } else {
                    Registration { url: Some(s), ..Default::default() }
                })
            }
            fn visit_map<M: de::MapAccess<'de>>(self, m: M) -> Result<Registration, M::Error> {
                let f = Full::deserialize(de::value::MapAccessDeserializer::new(m))?;
                Ok(Registration { url: f.url, email: f.email, deadline: f.deadline })
            }
        }
        d.deserialize_any(V)
    }
}

/// The kind-specific part of a document's front matter.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Meta {
    Issue(IssueMeta),
    Protocol(ProtocolMeta),
    Synthesis(SynthesisMeta),
    Page(PageMeta),
    Event(EventMeta),
    Message(MessageMeta),
}

impl Meta {
    /// The professions a document is meant for.
    pub fn audience(&self) -> &[String] {
        match self {
            Meta::Protocol(p) => &p.audience,
            Meta::Synthesis(s) => &s.audience,
            Meta::Event(e) => &e.audience,
            Meta::Message(m) => &m.audience,
            _ => &[],
        }
    }

    /// The date shown for the document and used to order lists and feeds.
    pub fn date(&self) -> Option<Date> {
        match self {
            Meta::Issue(i) => i.date,
            Meta::Protocol(p) => p.validated.or(p.review),
            Meta::Synthesis(s) => s.updated.or(s.date),
            Meta::Page(_) => None,
            Meta::Event(e) => e.start.map(|w| w.date),
            Meta::Message(m) => m.date,
        }
    }

    pub fn authors(&self) -> &[String] {
        match self {
            Meta::Issue(i) => &i.authors,
            Meta::Protocol(p) => &p.authors,
            Meta::Synthesis(s) => &s.authors,
            Meta::Page(_) => &[],
            Meta::Event(e) => &e.speakers,
            Meta::Message(_) => &[],
        }
    }
}

/// Accepts `x` as well as `[x, y]` for list fields.
fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    match Option::<OneOrMany>::deserialize(d) {
        Ok(None) => Ok(Vec::new()),
        Ok(Some(OneOrMany::One(s))) => Ok(vec![s]),
        Ok(Some(OneOrMany::Many(v))) => Ok(v),
        Err(_) => Err(de::Error::custom(msg::expecting_texts())),
    }
}

/// Accepts `1.2`, `3` or `"1.2a"` as text (versions, PubMed ids).
fn text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct V;
    impl de::Visitor<'_> for V {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&msg::expecting_text_or_number())
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
            Ok(Some(s.to_owned()))
        }
        fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
            Ok(Some(n.to_string()))
        }
        fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
            Ok(Some(n.to_string()))
        }
        fn visit_f64<E: de::Error>(self, n: f64) -> Result<Self::Value, E> {
            // YAML reads `version: 1.0` as a float; keep the `.0` the author wrote.
            Ok(Some(if n.fract() == 0.0 { format!("{n:.1}") } else { n.to_string() }))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    d.deserialize_any(V)
}
