//! Files a page embeds through raw HTML — `<video>`, `<audio>`, `<source>`, `<track>` and
//! `<img>`, their `src` and `poster` — resolved like markdown images: a path beside the page
//! becomes the copied file's URL, and a file that does not exist is reported.

use std::ops::Range;

/// Tags whose file attributes are resolved.
const TAGS: &[&str] = &["video", "audio", "source", "track", "img"];
/// The attributes naming a file.
const ATTRIBUTES: &[&str] = &["src", "poster"];

/// Every file value of `html`: its byte range (inside the quotes).
pub(super) fn file_values(html: &str) -> Vec<Range<usize>> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(open) = lower[at..].find('<').map(|i| at + i) {
        let name_end =
            lower[open + 1..].find(|c: char| !c.is_ascii_alphanumeric()).map_or(lower.len(), |i| open + 1 + i);
        let tag_end = lower[open..].find('>').map_or(lower.len(), |i| open + i);
        if TAGS.contains(&&lower[open + 1..name_end]) {
            found.extend(attribute_values(&lower, name_end..tag_end));
        }
        at = open + 1;
    }
    found
}

/// The quoted values of [`ATTRIBUTES`] within `tag` (a range of `lower`).
fn attribute_values(lower: &str, tag: Range<usize>) -> Vec<Range<usize>> {
    let mut values = Vec::new();
    let text = &lower[tag.clone()];
    for attr in ATTRIBUTES {
        let mut from = 0;
        while let Some(i) = text[from..].find(attr).map(|i| from + i) {
            from = i + attr.len();
            let preceded = text[..i].chars().next_back().is_some_and(char::is_whitespace);
            let rest = text[from..].trim_start();
            let Some(rest) = rest.strip_prefix('=').map(str::trim_start) else { continue };
            let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else { continue };
            if !preceded {
                continue;
            }
            let start = tag.start + (text.len() - rest.len()) + 1;
            if let Some(len) = lower[start..tag.end].find(quote) {
                values.push(start..start + len);
            }
        }
    }
    values.sort_by_key(|r| r.start);
    values
}

#[cfg(test)]
mod tests {
    use super::file_values;

    fn values(html: &str) -> Vec<&str> {
        file_values(html).into_iter().map(|r| &html[r]).collect()
    }

    #[test]
    fn media_sources_and_posters_are_found() {
        let html = r#"<video controls POSTER="affiche.jpg" width="320"><source src="film.mp4" type="video/mp4"><track src='sous-titres.vtt'></video>"#;
        assert_eq!(values(html), ["affiche.jpg", "film.mp4", "sous-titres.vtt"]);
        assert_eq!(
            values(r#"<audio src="/audio/message.mp3"></audio><img alt="x" src="a b.png">"#),
            ["/audio/message.mp3", "a b.png"]
        );
    }

    #[test]
    fn other_tags_and_attributes_are_left() {
        assert!(values(r#"<a href="x.mp4">lien</a><div data-src="y.mp4"></div><iframe src="z.html">"#).is_empty());
        assert!(values(r#"<video datasrc="a.mp4">"#).is_empty());
    }
}
