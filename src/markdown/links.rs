//! Link resolution for content pages: `../protocoles/x.md#anchor` becomes the page's URL,
//! images and attachments beside the page become their copied path, and anything that
//! does not exist is reported.

use super::{Broken, Resolved, Resolver};
use crate::error::did_you_mean;
use crate::i18n::msg;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use rustc_hash::{FxHashMap, FxHashSet};

/// Characters escaped in the path of an attachment's URL.
const PATH: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'<').add(b'>').add(b'?').add(b'`').add(b'%');

/// What links may point to, by content path (`protocoles/x.md`, `protocoles/schema.png`).
/// Hashed with FxHash: looked up for every link of every body.
#[derive(Debug, Default)]
pub(crate) struct LinkIndex {
    /// Content path of each page → (reference, site path).
    pub pages: FxHashMap<String, (String, String)>,
    /// Content paths of unpublished documents left out of this build, and why.
    pub drafts: FxHashMap<String, crate::content::Unpublished>,
    /// Content paths of attachments.
    pub assets: FxHashSet<String>,
}

/// Resolves the links of the page at `content_path`.
pub(crate) struct PageLinks<'a> {
    pub index: &'a LinkIndex,
    pub content_path: &'a str,
}

impl Resolver for PageLinks<'_> {
    fn resolve(&self, destination: &str, embedded: bool) -> Result<Resolved, Broken> {
        if destination.is_empty() || destination.starts_with("//") || has_scheme(destination) {
            return Ok(Resolved::Keep);
        }
        if let Some(anchor) = destination.strip_prefix('#') {
            let anchor_of = Some((String::new(), decode(anchor)));
            return Ok(Resolved::Url { url: destination.to_owned(), page: None, anchor_of });
        }
        let (path, fragment) = match destination.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (destination, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        let decoded = decode(path);
        let is_markdown = decoded.len() >= 3 && decoded.as_bytes()[decoded.len() - 3..].eq_ignore_ascii_case(b".md");
        let last = decoded.rsplit('/').next().unwrap_or("");
        if !is_markdown && (!last.contains('.') || decoded.starts_with('/')) && !embedded {
            // A site path such as `/protocoles/` or `../numeros/`: left to the URL rewrite.
            return Ok(Resolved::Keep);
        }
        let Some(target) = join(self.content_path, &decoded) else {
            return Err(Broken { message: msg::link_above_content(destination), help: None });
        };
        if is_markdown {
            if let Some((reference, site_path)) = self.index.pages.get(&target) {
                let url = match fragment {
                    Some(f) => format!("/{site_path}#{f}"),
                    None => format!("/{site_path}"),
                };
                let anchor_of = fragment.filter(|f| !f.is_empty()).map(|f| (reference.clone(), decode(f)));
                return Ok(Resolved::Url { url, page: Some(reference.clone()), anchor_of });
            }
            if let Some(why) = self.index.drafts.get(&target) {
                return Err(Broken {
                    message: msg::link_to_unpublished(&target, why.describe()),
                    help: Some(why.help()),
                });
            }
            let near = did_you_mean(&target, self.index.pages.keys().map(String::as_str));
            return Err(Broken {
                message: msg::link_to_missing_page(destination, &target),
                help: near.map(|n| msg::did_you_mean(relative_hint(self.content_path, n))),
            });
        }
        if self.index.assets.contains(&target) {
            let url = format!("/{}", utf8_percent_encode(&target, PATH));
            return Ok(Resolved::Url { url, page: None, anchor_of: None });
        }
        let image = mime_guess::from_path(&target).first().is_some_and(|m| m.type_() == "image");
        Err(if embedded && image {
            Broken { message: msg::missing_image(destination, &target), help: Some(msg::missing_image_help()) }
        } else {
            Broken { message: msg::missing_file(destination, &target), help: Some(msg::missing_file_help()) }
        })
    }
}

fn has_scheme(d: &str) -> bool {
    match d.find(':') {
        Some(i) => {
            let s = &d[..i];
            !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c)) && !s.contains('.')
        }
        None => false,
    }
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// The content path that `link` (relative to the page, or from content/ when it starts with
/// `/`) designates; `None` when it climbs above content/.
fn join(from: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = if link.starts_with('/') {
        Vec::new()
    } else {
        let mut p: Vec<&str> = from.split('/').collect();
        p.pop();
        p
    };
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// How the page at `from` would write a link to content path `to`.
fn relative_hint(from: &str, to: &str) -> String {
    let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
    match to.strip_prefix(dir).and_then(|t| t.strip_prefix('/')) {
        Some(same_dir) => same_dir.to_owned(),
        None => format!("../{to}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> LinkIndex {
        let mut i = LinkIndex::default();
        i.pages.insert("protocoles/rappel.md".into(), ("protocoles/rappel".into(), "protocoles/rappel/".into()));
        i.assets.insert("protocoles/schéma 1.png".into());
        i.drafts.insert("syntheses/brouillon.md".into(), crate::content::Unpublished::Draft);
        i
    }

    fn resolve(from: &str, dest: &str) -> Result<Resolved, Broken> {
        let idx = index();
        PageLinks { index: &idx, content_path: from }.resolve(dest, false)
    }

    #[test]
    fn resolves_relative_and_rooted_markdown_links() {
        let want = Resolved::Url {
            url: "/protocoles/rappel/#j7".into(),
            page: Some("protocoles/rappel".into()),
            anchor_of: Some(("protocoles/rappel".into(), "j7".into())),
        };
        assert_eq!(resolve("numeros/n1.md", "../protocoles/rappel.md#j7").unwrap(), want);
        assert_eq!(resolve("numeros/n1.md", "/protocoles/rappel.md#j7").unwrap(), want);
    }

    #[test]
    fn attachments_are_encoded() {
        let r = resolve("protocoles/rappel.md", "sch%C3%A9ma%201.png").unwrap();
        assert_eq!(r, Resolved::Url { url: "/protocoles/sch%C3%A9ma%201.png".into(), page: None, anchor_of: None });
    }

    #[test]
    fn reports_missing_targets_with_hints() {
        let e = resolve("numeros/n1.md", "../protocoles/rapel.md").unwrap_err();
        assert!(e.message.contains("page absente"));
        assert_eq!(e.help, Some(msg::did_you_mean("../protocoles/rappel.md")));
        assert!(resolve("numeros/n1.md", "../syntheses/brouillon.md")
            .unwrap_err()
            .message
            .contains("qui est un brouillon"));
        assert!(resolve("numeros/n1.md", "plan.pdf").unwrap_err().message.contains("fichier absent"));
        assert_eq!(resolve("numeros/n1.md", "mailto:a@b.fr").unwrap(), Resolved::Keep);
        assert_eq!(resolve("numeros/n1.md", "/protocoles/").unwrap(), Resolved::Keep);
        assert!(resolve("numeros/n1.md", "../protocoles/Autre.MD").unwrap_err().message.contains("page absente"));
        assert!(resolve("numeros/n1.md", "é.md").unwrap_err().message.contains("page absente"));
    }
}
