//! What must be written before a document is published: no placeholder left from
//! `covidactu new`, a summary and authors, key points with their text, a validated protocol
//! saying when and by whom. Drafts (and protocols not yet `valide`) are not checked here.

use super::kinds::{Meta, Status};
use super::Document;
use crate::error::Diagnostics;
use crate::i18n::msg;

/// The texts `covidactu new` writes for the author to replace (see `src/scaffold/new/`).
pub const PLACEHOLDERS: &[&str] = &[
    "À compléter.",
    "Premier point à retenir.",
    "Titre de la recommandation ou de l'article",
    "Éditorial du numéro.",
    "Texte de la page.",
];

/// Reports what is still missing or left as a placeholder in `doc`, a document to publish.
pub fn check(doc: &Document, diags: &mut Diagnostics) {
    placeholders(doc, diags);
    let end_of_front_matter = doc.file.text[..doc.body_offset].lines().count().max(1);
    let missing = |key: &str, what: String, diags: &mut Diagnostics| {
        let (line, span) = doc.key_lines.get(key).map_or((end_of_front_matter, 3), |&l| (l, key.len()));
        let d = doc.file.error_at(msg::to_publish_needs(doc.kind.describe(), what), line, 1, span);
        diags.push(d.with_help(msg::unfinished_help()));
    };
    if doc.kind != super::Kind::Page {
        if doc.common.summary.is_none() {
            missing("summary", msg::missing_summary(), diags);
        }
        // An event may have no speaker (a meeting, the territory's day); an official message
        // is its issuer's, its digest the CPTS's.
        if !matches!(doc.kind, super::Kind::Event | super::Kind::Message)
            && doc.meta.authors().iter().all(|a| a.trim().is_empty())
        {
            missing("authors", msg::missing_authors(), diags);
        }
    }
    match &doc.meta {
        Meta::Synthesis(m) if m.key_points.iter().any(|k| k.text.trim().is_empty()) => {
            missing("key_points", msg::missing_key_point_text(), diags);
        }
        Meta::Protocol(m) if m.status == Status::Valide && m.validated_by.is_none() => {
            let line = doc.key_line("status");
            diags.push(
                doc.file
                    .error_at(msg::valide_needs_validated_by(), line, 1, 6)
                    .with_help(msg::valide_needs_validated_by_help()),
            );
        }
        _ => {}
    }
}

/// Every line of `doc` (front matter and body) that is still a placeholder of `new`.
fn placeholders(doc: &Document, diags: &mut Diagnostics) {
    for (i, line) in doc.file.text.lines().enumerate() {
        let Some(found) = placeholder_in(line) else { continue };
        let column = line[..line.find(found).unwrap_or(0)].chars().count() + 1;
        diags.push(
            doc.file
                .error_at(msg::placeholder_left(found), i + 1, column, found.chars().count())
                .with_help(msg::unfinished_help()),
        );
    }
}

/// The longest line a placeholder can be written on, trimmed: `- key: "…"` around it. Every
/// line of every published file is looked at: longer ones (most of a body) are passed at once.
const LONGEST_LINE: usize = 45 + 32;

/// The placeholder `line` consists of, written as a value (`text: "…"`, `- …`) or alone.
fn placeholder_in(line: &str) -> Option<&'static str> {
    let line = line.trim();
    if line.len() > LONGEST_LINE || line.len() < 10 {
        return None;
    }
    let mut value = line.strip_prefix("- ").unwrap_or(line).trim_start();
    if let Some(colon) = value.find(':') {
        let (key, rest) = value.split_at(colon);
        if rest.starts_with(": ") && !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            value = rest[2..].trim();
        }
    }
    let value = value.trim_matches(|c| c == '"' || c == '\'');
    PLACEHOLDERS.iter().copied().find(|p| *p == value)
}

#[cfg(test)]
mod tests {
    use super::{placeholder_in, PLACEHOLDERS};

    #[test]
    fn every_placeholder_fits_the_longest_line_looked_at() {
        let longest = PLACEHOLDERS.iter().map(|p| p.len()).max().unwrap();
        assert!(longest <= 45, "raise LONGEST_LINE: {longest}");
        assert!(PLACEHOLDERS.iter().all(|p| p.len() >= 10));
    }

    #[test]
    fn a_placeholder_is_found_as_a_value_or_alone_not_inside_a_sentence() {
        assert_eq!(placeholder_in("  - text: \"Premier point à retenir.\""), Some("Premier point à retenir."));
        let title = "  - title: \"Titre de la recommandation ou de l'article\"";
        assert_eq!(placeholder_in(title), Some("Titre de la recommandation ou de l'article"));
        assert_eq!(placeholder_in("À compléter."), Some("À compléter."));
        assert_eq!(placeholder_in("Le dossier reste À compléter."), None);
        assert_eq!(placeholder_in("summary: \"\""), None);
    }
}
