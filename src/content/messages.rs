//! The checks of an official message that need no other file: its issuer's number and date
//! given, its addresses that are addresses, its attached file present. The issuer, the
//! duplicates and what supersedes what are checked with the whole site (`site::resolve`).

use super::events::is_web_address;
use super::kinds::MessageMeta;
use super::Document;
use crate::error::Diagnostics;
use crate::i18n::msg;

pub(super) fn validate(doc: &Document, m: &MessageMeta, diags: &mut Diagnostics) {
    doc.require("issuer", m.issuer.is_some(), "dgs-urgent", diags);
    doc.require("reference", m.reference.is_some(), "\"2020_23\"", diags);
    doc.require("date", m.date.is_some(), "2020-04-21", diags);
    if let Some(url) = m.url.as_deref().filter(|u| !is_web_address(u)) {
        diags.push(doc.error_at_value("url", url, msg::not_a_web_address(url)));
    }
    if let Some(file) = &m.file {
        let folder = doc.file.path.parent().map(|p| p.to_path_buf()).unwrap_or_default();
        let path = file.split('/').fold(folder, |p, part| p.join(part));
        if file.starts_with('/') || file.contains("..") || !path.is_file() {
            diags.push(
                doc.error_at_value("file", file, msg::message_file_missing(file)).with_help(msg::message_file_help()),
            );
        }
    }
}

/// A reference as people type it, reduced for comparing: `2020_23`, `2020-23` and `2020 23`
/// are all `202023`.
pub(crate) fn reference_key(reference: &str) -> String {
    reference.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}
