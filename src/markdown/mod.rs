//! Markdown to HTML with pulldown-cmark: CommonMark plus tables, footnotes, strikethrough and
//! task lists; stable French-aware heading ids; French typography on text; links to other
//! content files resolved to their page URLs through a [`Resolver`].

mod links;
mod media;
pub(crate) mod phone;
mod slug;
mod typography;

pub(crate) use links::{LinkIndex, PageLinks};
pub(crate) use slug::slugify;
pub(crate) use typography::{french, french_number};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::HashSet;
use std::ops::Range;

/// A heading of a page, as the table of contents and anchor checks see it.
#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// Where a link or image leads, as decided by the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// Leave the destination as written (external URL, mail…).
    Keep,
    /// Use this URL; `page` is the reference of the content page it leads to, `anchor_of`
    /// names the page whose heading `#anchor` must exist (`Some("")` for the page itself).
    Url { url: String, page: Option<String>, anchor_of: Option<(String, String)> },
}

/// A link that cannot be followed, with a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub message: String,
    pub help: Option<String>,
}

/// Maps link and image destinations of one page to URLs.
pub(crate) trait Resolver {
    /// `embedded`: an image or a media file the page shows, which must exist, where a link
    /// to a site path (`/protocoles/`) is left to the URL rewrite.
    fn resolve(&self, destination: &str, embedded: bool) -> Result<Resolved, Broken>;
}

/// A link to a heading that can only be checked once every page is rendered.
#[derive(Debug, Clone)]
pub struct AnchorLink {
    /// Reference of the target page (empty for the page itself).
    pub page: String,
    pub anchor: String,
    /// Byte range of the link in the markdown body.
    pub range: Range<usize>,
}

/// A problem in the markdown body, at a byte range of it.
#[derive(Debug, Clone)]
pub struct Problem {
    pub range: Range<usize>,
    pub broken: Broken,
}

/// The HTML of a body and what the site needs to know about it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    /// The body as plain text (for summaries and the search index).
    pub text: String,
    pub anchors: Vec<AnchorLink>,
    pub problems: Vec<Problem>,
    /// The references of the content pages the body links to, each once.
    pub links: Vec<String>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `body` to HTML, resolving links with `resolver`.
pub(crate) fn render(body: &str, resolver: &dyn Resolver) -> Rendered {
    let mut out = Rendered::default();
    let mut events = join_html_lines(Parser::new_ext(body, options()).into_offset_iter());
    assign_heading_ids(&mut events, &mut out.headings);
    let mut in_code = false;
    // Phone numbers are linked in text, not inside a link or a heading.
    let (mut in_link, mut in_heading) = (0usize, false);
    // Inside a table cell or a list item, a short number alone (`**15**`) is linked too.
    let mut in_cell_or_item = 0usize;
    let mut html_events = Vec::with_capacity(events.len() + 8);
    for (event, range) in events {
        match &event {
            Event::Start(Tag::Link { .. }) => in_link += 1,
            Event::End(TagEnd::Link) => in_link = in_link.saturating_sub(1),
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Start(Tag::TableCell | Tag::Item) => in_cell_or_item += 1,
            Event::End(TagEnd::TableCell | TagEnd::Item) => in_cell_or_item = in_cell_or_item.saturating_sub(1),
            _ => {}
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                html_events.push(event);
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                html_events.push(event);
            }
            Event::Text(t) if !in_code => {
                push_text(&mut out.text, &t);
                let typeset = match french(&t) {
                    std::borrow::Cow::Borrowed(_) => None,
                    std::borrow::Cow::Owned(s) => Some(s),
                };
                let text = typeset.map_or(t, CowStr::from);
                if in_link > 0 || in_heading {
                    html_events.push(Event::Text(text));
                } else {
                    push_with_phone_links(&mut html_events, text, in_cell_or_item > 0);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                push_text(&mut out.text, &t);
                html_events.push(if in_code { Event::Text(t) } else { Event::Code(t) });
            }
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                out.text.push(' ');
                html_events.push(event);
            }
            Event::Start(Tag::Table(_)) => {
                html_events.push(Event::Html(
                    r#"<div class="table-wrap" role="region" tabindex="0" aria-label="Tableau">"#.into(),
                ));
                html_events.push(event);
            }
            Event::End(TagEnd::Table) => {
                html_events.push(event);
                html_events.push(Event::Html("</div>".into()));
            }
            Event::Html(html) | Event::InlineHtml(html) if !in_code && !media::file_values(&html).is_empty() => {
                let written = body.get(range.clone()).filter(|b| *b == &*html).map(|_| range.start);
                let resolved =
                    resolve_media(&html, written.unwrap_or(range.start), written.is_some(), resolver, &mut out);
                html_events.push(Event::InlineHtml(resolved.into()));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url = resolve(dest_url, false, &range, resolver, &mut out);
                html_events.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest_url = resolve(dest_url, true, &range, resolver, &mut out);
                html_events.push(Event::Start(Tag::Image { link_type, dest_url, title, id }));
            }
            other => html_events.push(other),
        }
    }
    out.html = HTML.with(|buffer| {
        let mut buffer = buffer.borrow_mut();
        buffer.clear();
        pulldown_cmark::html::push_html(&mut buffer, html_events.into_iter());
        let html = buffer.as_str().to_owned();
        if buffer.capacity() > MAX_KEPT_BUFFER {
            *buffer = String::new();
        }
        html
    });
    out.text = collapse_whitespace(&out.text);
    out
}

thread_local! {
    /// Each thread's HTML buffer. A page's HTML is written there, then copied at its exact
    /// size: a String grown while writing holds up to twice its length, and every page's
    /// HTML is kept for the whole build (23 MB of the 80 MB held for 10,000 pages).
    static HTML: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// A buffer grown beyond this by a very long page is not kept for the next one.
const MAX_KEPT_BUFFER: usize = 1 << 20;

/// A table of `bytes`, for scans that skip every other byte with one look-up.
pub(crate) const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        t[bytes[i] as usize] = true;
        i += 1;
    }
    t
}

/// Bytes that may begin white space: ASCII's, and the lead bytes of Unicode's other white
/// space characters (U+0085 and U+00A0 start with C2, U+1680 with E1, U+2000–U+205F with E2,
/// U+3000 with E3). Any other byte is skipped without a look at the character it belongs to.
static MAY_BEGIN_SPACE: [bool; 256] = byte_set(b"\t\n\x0b\x0c\r \xc2\xe1\xe2\xe3");

/// The length of the white space character at byte `i` of `text`, if there is one there.
fn space_at(text: &str, i: usize) -> Option<usize> {
    let b = *text.as_bytes().get(i)?;
    if !MAY_BEGIN_SPACE[b as usize] {
        return None;
    }
    if b < 0x80 {
        return Some(1);
    }
    let c = text.get(i..)?.chars().next()?;
    c.is_whitespace().then(|| c.len_utf8())
}

/// The events, each HTML block's lines (one event each) joined into one event, so that a tag
/// written over several lines (`<video` … `poster="…">`) is seen whole.
fn join_html_lines<'a>(events: impl Iterator<Item = (Event<'a>, Range<usize>)>) -> Vec<(Event<'a>, Range<usize>)> {
    let mut joined: Vec<(Event<'a>, Range<usize>)> = Vec::new();
    for (event, range) in events {
        if let (Event::Html(next), Some((Event::Html(previous), before))) = (&event, joined.last_mut()) {
            if before.end == range.start {
                *previous = CowStr::from(format!("{previous}{next}"));
                before.end = range.end;
                continue;
            }
        }
        joined.push((event, range));
    }
    joined
}

/// `text` with each run of white space (Unicode's, non-breaking spaces included) made one
/// space, and none at either end.
fn collapse_whitespace(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    loop {
        while let Some(len) = space_at(text, i) {
            i += len;
        }
        if i >= bytes.len() {
            return out;
        }
        // A word, up to the next white space: only the bytes that may begin some are looked at.
        let start = i;
        loop {
            while i < bytes.len() && !MAY_BEGIN_SPACE[bytes[i] as usize] {
                i += 1;
            }
            if i >= bytes.len() || space_at(text, i).is_some() {
                break;
            }
            i += 1;
            while !text.is_char_boundary(i) {
                i += 1;
            }
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&text[start..i]);
    }
}

/// Pushes `text`, its French phone numbers made `tel:` links (and a short number standing
/// alone, when `short_numbers`).
fn push_with_phone_links<'a>(events: &mut Vec<Event<'a>>, text: CowStr<'a>, short_numbers: bool) {
    let link = |events: &mut Vec<Event<'a>>, uri: String, shown: CowStr<'a>| {
        let (link_type, title, id) = (pulldown_cmark::LinkType::Inline, CowStr::from(""), CowStr::from(""));
        events.push(Event::Start(Tag::Link { link_type, dest_url: uri.into(), title, id }));
        events.push(Event::Text(shown));
        events.push(Event::End(TagEnd::Link));
    };
    if let Some(uri) = short_numbers.then(|| phone::short_number(&text)).flatten() {
        return link(events, uri, text);
    }
    let numbers = phone::find(&text);
    if numbers.is_empty() {
        return events.push(Event::Text(text));
    }
    let mut last = 0;
    for (range, uri) in numbers {
        if range.start > last {
            events.push(Event::Text(CowStr::from(text[last..range.start].to_owned())));
        }
        link(events, uri, CowStr::from(text[range.clone()].to_owned()));
        last = range.end;
    }
    if last < text.len() {
        events.push(Event::Text(CowStr::from(text[last..].to_owned())));
    }
}

fn push_text(text: &mut String, t: &str) {
    text.push_str(t);
}

/// `html` with the files its media tags embed resolved; `offset` is where it starts in the
/// body (`exact`: its bytes are the body's, so a problem is placed at its attribute).
fn resolve_media(html: &str, offset: usize, exact: bool, resolver: &dyn Resolver, out: &mut Rendered) -> String {
    let mut resolved = String::with_capacity(html.len());
    let mut last = 0;
    for value in media::file_values(html) {
        resolved.push_str(&html[last..value.start]);
        let at = if exact { offset + value.start..offset + value.end } else { offset..offset + 1 };
        resolved.push_str(&resolve(CowStr::from(&html[value.clone()]), true, &at, resolver, out));
        last = value.end;
    }
    resolved.push_str(&html[last..]);
    resolved
}

fn resolve<'a>(
    dest: CowStr<'a>,
    embedded: bool,
    range: &Range<usize>,
    resolver: &dyn Resolver,
    out: &mut Rendered,
) -> CowStr<'a> {
    match resolver.resolve(&dest, embedded) {
        Ok(Resolved::Keep) => dest,
        Ok(Resolved::Url { url, page, anchor_of }) => {
            if let Some(page) = page.filter(|p| !out.links.contains(p)) {
                out.links.push(page);
            }
            if let Some((page, anchor)) = anchor_of {
                out.anchors.push(AnchorLink { page, anchor, range: range.clone() });
            }
            CowStr::from(url)
        }
        Err(broken) => {
            out.problems.push(Problem { range: range.clone(), broken });
            dest
        }
    }
}

/// Gives every heading an id: its own `{#id}` if written, else the slug of its text, made
/// unique on the page with `-1`, `-2`…
fn assign_heading_ids(events: &mut [(Event, Range<usize>)], headings: &mut Vec<Heading>) {
    let mut used = HashSet::new();
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::Heading { level, .. }) = &events[i].0 else {
            i += 1;
            continue;
        };
        let level = *level;
        let mut text = String::new();
        let mut j = i + 1;
        while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Heading(_))) {
            if let Event::Text(t) | Event::Code(t) = &events[j].0 {
                text.push_str(t);
            }
            j += 1;
        }
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
            let base = match id {
                Some(explicit) => explicit.to_string(),
                None => {
                    let s = slugify(&text);
                    if s.is_empty() {
                        "section".to_owned()
                    } else {
                        s
                    }
                }
            };
            let mut unique = base.clone();
            let mut n = 1;
            while !used.insert(unique.clone()) {
                unique = format!("{base}-{n}");
                n += 1;
            }
            *id = Some(CowStr::from(unique.clone()));
            headings.push(Heading { level: heading_level(level), id: unique, text: french(text.trim()).into_owned() });
        }
        i = j + 1;
    }
}

fn heading_level(l: HeadingLevel) -> u8 {
    l as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_space_collapses_as_split_whitespace_does() {
        for t in ["", " ", "a", " a ", "a  b\tc\n\nd", "\u{a0}l’été\u{202f}!\u{2003}x ", "é\u{85}è", "\u{b}a\u{c}"]
        {
            assert_eq!(collapse_whitespace(t), t.split_whitespace().collect::<Vec<_>>().join(" "), "{t:?}");
        }
        // Every text of up to 4 characters from ASCII and other white space and letters.
        let alphabet = [
            ' ', '\t', '\n', 'a', '\u{1}', '\u{a0}', '\u{85}', '\u{202f}', 'é', '’', '©', '\u{1680}', 'ḁ', '\u{3000}',
            '、',
        ];
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> =
                texts.iter().flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}"))).collect();
            texts.extend(longer);
            texts.sort();
            texts.dedup();
        }
        for t in &texts {
            assert_eq!(collapse_whitespace(t), t.split_whitespace().collect::<Vec<_>>().join(" "), "{t:?}");
        }
    }

    struct Plain;
    impl Resolver for Plain {
        fn resolve(&self, dest: &str, _: bool) -> Result<Resolved, Broken> {
            if dest.ends_with("missing.md") {
                Err(Broken { message: "missing".into(), help: None })
            } else if let Some(a) = dest.strip_prefix('#') {
                Ok(Resolved::Url { url: dest.into(), page: None, anchor_of: Some((String::new(), a.into())) })
            } else {
                Ok(Resolved::Keep)
            }
        }
    }

    #[test]
    fn heading_ids_are_stable_and_unique() {
        let r = render("# Été 2020\n\n## Été 2020\n\n## Suivi {#custom}\n", &Plain);
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["ete-2020", "ete-2020-1", "custom"]);
        assert!(r.html.contains(r#"<h2 id="ete-2020-1">"#), "{}", r.html);
    }

    #[test]
    fn typography_skips_code() {
        let r = render("Attention : `a : b` ?\n\n```\nx : y\n```\n", &Plain);
        assert!(r.html.contains("Attention\u{a0}: <code>a : b</code>\u{202f}?"), "{}", r.html);
        assert!(r.html.contains("x : y"), "{}", r.html);
    }

    #[test]
    fn extensions_are_on() {
        let r = render("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~non~~ [^1]\n\n- [x] fait\n\n[^1]: note\n", &Plain);
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>non</del>"));
        assert!(r.html.contains("checkbox"));
        assert!(r.html.contains("footnote"));
    }

    #[test]
    fn phone_numbers_become_tel_links_outside_links_headings_and_code() {
        let body = "## Appeler le 01 99 00 12 34\n\nLe 01 99 00 12 40 ou [le standard 01 99 00 12 41](https://x.fr).\n\n`01 99 00 12 42`\n\n| Situation | Numéro |\n|---|---|\n| Urgence | **15** (SAMU) |\n\n- 15 jours\n- 112\n\nIl reste 15 lits.\n";
        let html = render(body, &Plain).html;
        assert!(html.contains("<h2 id=\"appeler-le-01-99-00-12-34\">Appeler le 01 99 00 12 34</h2>"), "{html}");
        assert!(html.contains("Le <a href=\"tel:+33199001240\">01 99 00 12 40</a> ou"), "{html}");
        assert!(html.contains(">le standard 01 99 00 12 41</a>"), "not inside a link: {html}");
        assert!(html.contains("<code>01 99 00 12 42</code>"), "{html}");
        assert!(html.contains("<strong><a href=\"tel:15\">15</a></strong> (SAMU)"), "{html}");
        assert!(html.contains("<li>15 jours</li>") && html.contains("<li><a href=\"tel:112\">112</a></li>"), "{html}");
        assert!(html.contains("Il reste 15 lits."), "{html}");
    }

    #[test]
    fn reports_broken_links_and_anchor_checks_with_ranges() {
        let body = "Voir [ici](../x/missing.md).\n\n[haut](#intro)\n";
        let r = render(body, &Plain);
        assert_eq!(r.problems.len(), 1);
        assert_eq!(&body[r.problems[0].range.clone()], "[ici](../x/missing.md)");
        assert_eq!(r.anchors[0].anchor, "intro");
    }
}
