//! Personalised editions for a whole list without rendering the templates for each person.
//!
//! The templates (and the CSS inlining, the costly part) run once per *shape* of recipient —
//! with or without a name, with or without a profession — with markers in place of the
//! recipient's fields. A recipient's edition is then that prototype with the markers replaced
//! by their values, escaped as the HTML serializer would have. The first recipient of each
//! shape is also rendered in full and compared: a template that transforms the fields (a
//! filter, a test on their value) makes the shape fall back to full rendering for everyone.

use super::{render_view, Edition, Recipient, RecipientView};
use crate::error::Diagnostics;
use crate::render::Theme;
use crate::site::{Page, Site};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    Email,
    Profession,
}

impl Field {
    const ALL: [Field; 3] = [Field::Name, Field::Email, Field::Profession];

    fn marker(self) -> String {
        format!("{OPEN}{}{CLOSE}", self as u8)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Escape {
    /// As text in HTML: `&`, `<`, `>`, no-break space.
    Text,
    /// Inside an attribute value: `&`, `"`, no-break space.
    Attribute,
    /// The plain-text part: as is.
    None,
}

#[derive(Debug)]
enum Piece {
    Literal(String),
    Field(Field, Escape),
}

#[derive(Debug)]
struct Prototype {
    html: Vec<Piece>,
    text: Vec<Piece>,
    subject: String,
}

#[derive(Debug)]
enum Shape {
    Fast(Prototype),
    /// The templates do more than print the fields: render each message in full.
    Full,
}

/// Editions of one issue for many recipients; shareable between threads.
pub struct Editions<'a> {
    site: &'a Site,
    theme: &'a Theme,
    issue: &'a Page,
    shapes: Mutex<HashMap<(bool, bool), Arc<Shape>>>,
}

impl<'a> Editions<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme, issue: &'a Page) -> Self {
        Editions { site, theme, issue, shapes: Mutex::new(HashMap::new()) }
    }

    /// The edition for `recipient`, identical to [`super::render`]'s.
    pub fn render(&self, recipient: &Recipient) -> Result<Edition, Diagnostics> {
        let view = RecipientView::of(&self.site.config, recipient);
        let key = (view.name.is_some(), view.profession.is_some());
        let known = self.shapes.lock().unwrap_or_else(|e| e.into_inner()).get(&key).cloned();
        let shape = match known {
            Some(shape) => shape,
            None => {
                let (shape, full) = self.learn(&view)?;
                let shape = Arc::new(shape);
                self.shapes.lock().unwrap_or_else(|e| e.into_inner()).insert(key, shape);
                return Ok(full);
            }
        };
        match &*shape {
            Shape::Fast(p) => Ok(fill(p, &view)),
            Shape::Full => render_view(self.site, self.theme, self.issue, &view),
        }
    }

    /// Renders the prototype of `view`'s shape, and `view`'s edition in full to check it.
    fn learn(&self, view: &RecipientView<'_>) -> Result<(Shape, Edition), Diagnostics> {
        let full = render_view(self.site, self.theme, self.issue, view)?;
        let (name, email, profession) = (Field::Name.marker(), Field::Email.marker(), Field::Profession.marker());
        let marked = RecipientView {
            name: view.name.map(|_| name.as_str()),
            email: &email,
            profession: view.profession.map(|_| profession.as_str()),
        };
        let proto = render_view(self.site, self.theme, self.issue, &marked)?;
        let shape = match (split(&proto.html, true), split(&proto.text, false)) {
            (Some(html), Some(text)) => {
                let p = Prototype { html, text, subject: proto.subject };
                let fast = fill(&p, view);
                if fast.html == full.html && fast.text == full.text && fast.subject == full.subject {
                    Shape::Fast(p)
                } else {
                    Shape::Full
                }
            }
            _ => Shape::Full,
        };
        Ok((shape, full))
    }
}

/// Cuts a rendered prototype at its markers; None if a marker was altered.
fn split(s: &str, html: bool) -> Option<Vec<Piece>> {
    let mut pieces = Vec::new();
    let mut rest = s;
    let mut consumed = 0;
    while let Some(start) = rest.find(OPEN) {
        let after = &rest[start + OPEN.len_utf8()..];
        let field = match after.as_bytes() {
            [d, ..] if d.is_ascii_digit() && after[1..].starts_with(CLOSE) => {
                Field::ALL.get(usize::from(d.wrapping_sub(b'0')))?
            }
            _ => return None,
        };
        let before = &rest[..start];
        let escape = if !html {
            Escape::None
        } else {
            let text = &s[..consumed + start];
            if text.rfind('<') > text.rfind('>') {
                Escape::Attribute
            } else {
                Escape::Text
            }
        };
        pieces.push(Piece::Literal(before.to_owned()));
        pieces.push(Piece::Field(*field, escape));
        let skip = start + OPEN.len_utf8() + 1 + CLOSE.len_utf8();
        consumed += skip;
        rest = &rest[skip..];
    }
    if rest.contains(CLOSE) {
        return None;
    }
    pieces.push(Piece::Literal(rest.to_owned()));
    Some(pieces)
}

fn fill(p: &Prototype, view: &RecipientView<'_>) -> Edition {
    Edition { subject: p.subject.clone(), html: join(&p.html, view), text: join(&p.text, view) }
}

fn join(pieces: &[Piece], view: &RecipientView<'_>) -> String {
    let len: usize = pieces.iter().map(|p| if let Piece::Literal(s) = p { s.len() } else { 32 }).sum();
    let mut out = String::with_capacity(len);
    for piece in pieces {
        match piece {
            Piece::Literal(s) => out.push_str(s),
            Piece::Field(f, escape) => {
                let value = match f {
                    Field::Name => view.name.unwrap_or(""),
                    Field::Email => view.email,
                    Field::Profession => view.profession.unwrap_or(""),
                };
                for c in value.chars() {
                    match (c, escape) {
                        ('&', Escape::Text | Escape::Attribute) => out.push_str("&amp;"),
                        ('\u{a0}', Escape::Text | Escape::Attribute) => out.push_str("&nbsp;"),
                        ('<', Escape::Text) => out.push_str("&lt;"),
                        ('>', Escape::Text) => out.push_str("&gt;"),
                        ('"', Escape::Attribute) => out.push_str("&quot;"),
                        (c, _) => out.push(c),
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_split_by_context() {
        let s = format!("<p title=\"{}\">Bonjour {},</p>", Field::Email.marker(), Field::Name.marker());
        let pieces = split(&s, true).unwrap();
        let view = RecipientView { name: Some("A & \"B\" <C>"), email: "x\"@y.fr", profession: None };
        let p = Prototype { html: pieces, text: Vec::new(), subject: String::new() };
        assert_eq!(fill(&p, &view).html, "<p title=\"x&quot;@y.fr\">Bonjour A &amp; \"B\" &lt;C&gt;,</p>");
        assert!(split(&format!("{OPEN}9{CLOSE}"), true).is_none());
        assert!(split(&format!("x{OPEN}0"), false).is_none());
    }
}
