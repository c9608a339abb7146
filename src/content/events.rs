//! The checks of an event that need no other file: its times in order, a deadline before
//! it, addresses that are addresses, and the replay and slides files present.

use super::kinds::EventMeta;
use super::Document;
use crate::error::Diagnostics;
use crate::i18n::msg;

/// An address a reader can follow: `https://…` or `http://…`.
pub(crate) fn is_web_address(s: &str) -> bool {
    let s = s.trim();
    (s.starts_with("https://") || s.starts_with("http://"))
        && s.len() > "https://x".len()
        && !s.contains(char::is_whitespace)
}

/// A moment as the terminal's messages write it: « mardi 14 avril 2020, 20 h 00 ».
fn said(w: super::date::When) -> String {
    super::date::span(w, None, crate::i18n::Lang::current() == crate::i18n::Lang::En)
}

pub(super) fn validate(doc: &Document, m: &EventMeta, diags: &mut Diagnostics) {
    doc.require("start", m.start.is_some(), "2020-04-14 14:00", diags);
    if let (Some(start), Some(end)) = (m.start, m.end) {
        let raw = doc.file.text.lines().nth(doc.key_line("end") - 1).unwrap_or_default();
        let value = raw.split_once(':').map_or("", |(_, v)| v.trim().trim_matches(['"', '\'']));
        if start.time.is_some() != end.time.is_some() {
            diags.push(
                doc.error_at_value("end", value, msg::event_times_mixed()).with_help(msg::event_times_mixed_help()),
            );
        } else if end < start {
            diags.push(doc.error_at_value("end", value, msg::event_ends_before_start(said(start))));
        }
    }
    if let Some(r) = &m.registration {
        if let (Some(deadline), Some(start)) = (r.deadline, m.start) {
            if deadline.date > start.date
                || (deadline.date == start.date
                    && start.time.is_some()
                    && deadline.time.is_some_and(|t| Some(t) > start.time))
            {
                diags.push(doc.error_at_value(
                    "registration",
                    &deadline.date.iso(),
                    msg::deadline_after_start(said(start)),
                ));
            }
        }
        if let Some(url) = r.url.as_deref().filter(|u| !is_web_address(u)) {
            diags.push(doc.error_at_value("registration", url, msg::not_a_web_address(url)));
        }
        if let Some(email) = r.email.as_deref().filter(|e| !crate::mailing::lists::valid_address(e.trim())) {
            diags.push(doc.error_at_value("registration", email, msg::not_an_email(email)));
        }
        if r.url.is_none() && r.email.is_none() {
            diags.push(doc.file.error_at(msg::registration_needs_address(), doc.key_line("registration"), 1, 12));
        }
    }
    if let Some(online) = m.online.as_deref().filter(|u| !is_web_address(u)) {
        diags.push(doc.error_at_value("online", online, msg::not_a_web_address(online)));
    }
    let folder = doc.file.path.parent().map(|p| p.to_path_buf()).unwrap_or_default();
    let files = m
        .replay
        .iter()
        .filter(|r| !r.contains("://"))
        .map(|r| ("replay", r))
        .chain(m.slides.iter().map(|s| ("slides", s)));
    for (key, file) in files {
        if file.contains("://") {
            if !is_web_address(file) {
                diags.push(doc.error_at_value(key, file, msg::not_a_web_address(file)));
            }
            continue;
        }
        let path = file.split('/').fold(folder.clone(), |p, part| p.join(part));
        if file.starts_with('/') || file.contains("..") || !path.is_file() {
            diags.push(doc.error_at_value(key, file, msg::event_file_missing(file)).with_help(msg::event_file_help()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert!(is_web_address("https://visio.cpts.fr/salle"));
        assert!(!is_web_address("visio.cpts.fr") && !is_web_address("https://a b"));
    }
}
