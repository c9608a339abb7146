//! The plain-text part of the email edition, written from the markdown itself (not by
//! stripping the HTML): paragraphs, headings, lists, and links as numbered references
//! listed at the end.

use crate::markdown::french;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Collects the links of every part of one text message.
#[derive(Debug, Default)]
pub(super) struct References {
    pub urls: Vec<String>,
}

impl References {
    /// The number of `url`, added if new.
    pub(super) fn number(&mut self, url: &str) -> usize {
        match self.urls.iter().position(|u| u == url) {
            Some(i) => i + 1,
            None => {
                self.urls.push(url.to_owned());
                self.urls.len()
            }
        }
    }

    /// `[1] https://…` lines.
    pub(super) fn list(&self) -> String {
        self.urls.iter().enumerate().map(|(i, u)| format!("[{}] {u}\n", i + 1)).collect()
    }
}

/// `markdown` as plain text; `absolute` turns a link destination into a full URL.
pub(super) fn to_text(markdown: &str, refs: &mut References, absolute: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    let mut line = String::new();
    let mut list_depth: usize = 0;
    let mut ordered: Vec<Option<u64>> = Vec::new();
    let mut links: Vec<String> = Vec::new();
    let mut heading = false;
    let flush = |out: &mut String, line: &mut String| {
        let t = line.trim_end();
        if !t.is_empty() {
            out.push_str(t);
            out.push('\n');
        }
        line.clear();
    };
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = true,
            Event::End(TagEnd::Heading(_)) => {
                let title = line.trim().to_owned();
                line.clear();
                out.push('\n');
                out.push_str(&title);
                out.push('\n');
                out.push_str(&"-".repeat(title.chars().count()));
                out.push_str("\n\n");
                heading = false;
            }
            Event::Start(Tag::List(start)) => {
                flush(&mut out, &mut line);
                list_depth += 1;
                ordered.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                list_depth = list_depth.saturating_sub(1);
                ordered.pop();
                if list_depth == 0 {
                    out.push('\n');
                }
            }
            Event::Start(Tag::Item) => {
                flush(&mut out, &mut line);
                line.push_str(&"  ".repeat(list_depth.saturating_sub(1)));
                match ordered.last_mut() {
                    Some(Some(n)) => {
                        line.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                    _ => line.push_str("- "),
                }
            }
            Event::End(TagEnd::Item) => flush(&mut out, &mut line),
            Event::End(TagEnd::Paragraph) => {
                flush(&mut out, &mut line);
                if list_depth == 0 {
                    out.push('\n');
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => links.push(absolute(&dest_url)),
            Event::End(TagEnd::Link) => {
                if let Some(url) = links.pop() {
                    line.push_str(&format!(" [{}]", refs.number(&url)));
                }
            }
            Event::Start(Tag::TableRow | Tag::TableHead) => flush(&mut out, &mut line),
            Event::End(TagEnd::TableCell) => line.push_str(" | "),
            Event::End(TagEnd::Table) => {
                flush(&mut out, &mut line);
                out.push('\n');
            }
            Event::End(TagEnd::BlockQuote(_)) => flush(&mut out, &mut line),
            Event::Text(t) => line.push_str(&if heading { t.to_string() } else { french(&t).into_owned() }),
            Event::Code(t) => line.push_str(&t),
            Event::SoftBreak => line.push(' '),
            Event::HardBreak => flush(&mut out, &mut line),
            _ => {}
        }
    }
    flush(&mut out, &mut line);
    while out.contains("\n\n\n") {
        out = out.replace("\n\n\n", "\n\n");
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_lists_and_numbered_links() {
        let mut refs = References::default();
        let md = "Voir le [protocole](/protocoles/p/) et le [site](https://x.fr).\n\n## Étapes\n\n1. Appel\n2. Visite\n\n- a\n- b\n";
        let text =
            to_text(md, &mut refs, &|u| if u.starts_with('/') { format!("https://cpts.fr{u}") } else { u.into() });
        assert!(text.contains("Voir le protocole [1] et le site [2]."), "{text}");
        assert!(text.contains("Étapes\n------"), "{text}");
        assert!(text.contains("1. Appel\n2. Visite"), "{text}");
        assert!(text.contains("- a\n- b"), "{text}");
        assert_eq!(refs.list(), "[1] https://cpts.fr/protocoles/p/\n[2] https://x.fr\n");
    }
}
