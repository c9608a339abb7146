//! The one URL builder: site paths of every generated page, absolute URLs for feeds, and the
//! final rewrite of root-relative links (`/protocoles/x/`) into the site's URL mode.
//!
//! Templates and markdown emit root-relative URLs; [`rewrite_html`] turns them, page by page,
//! into links under the base URL's path, or into relative links ending in `index.html` so that
//! the output also works from a shared drive or opened as a file.

use crate::content::Kind;

/// Site path (no leading slash, trailing slash) of a section index: `protocoles/`.
pub(crate) fn section_path(kind: Kind) -> String {
    format!("{}/", kind.url_segment())
}

/// Site path of a content page: `protocoles/rappel-infirmier/`.
pub(crate) fn page_path(kind: Kind, slug: &str) -> String {
    format!("{}/{slug}/", kind.url_segment())
}

/// Site path of the print view of the issue at site path `issue_path`: the whole issue,
/// with the full text of everything it carries.
pub(crate) fn print_path(issue_path: &str) -> String {
    format!("{issue_path}impression/")
}

/// Site path of the page comparing the protocol at `protocol_path` with the one it replaces.
pub(crate) fn comparison_path(protocol_path: &str) -> String {
    format!("{protocol_path}comparaison/")
}

/// Site path of the directory of the territory's structures.
pub(crate) const DIRECTORY: &str = "annuaire/";

/// Site path of the protocols' updates, newest first.
pub(crate) const UPDATES: &str = "mises-a-jour/";
/// Output path of the Atom feed of the protocols' updates.
pub(crate) const UPDATES_FEED: &str = "mises-a-jour/atom.xml";

/// Output path of the Atom feed of the official messages.
pub(crate) const WATCH_FEED: &str = "veille/atom.xml";

/// Output path of the calendar of all events, to subscribe to.
pub(crate) const CALENDAR: &str = "agenda.ics";

/// Output path of one event's calendar file: `agenda/webinaire-oxygene.ics`.
pub(crate) fn event_calendar(slug: &str) -> String {
    format!("{}/{slug}.ics", Kind::Event.url_segment())
}

/// Folder of the tags' pages.
pub(crate) const TAGS: &str = "tags/";
/// Folder of the professions' pages.
pub(crate) const PROFESSIONS: &str = "professions/";
/// Site path of the search page.
pub(crate) const SEARCH_PAGE: &str = "recherche/";
/// Site path of the page that says how to leave the mailing list.
pub(crate) const UNSUBSCRIBE_PAGE: &str = "desinscription/";
/// Folder of the search index's files (`search/meta.js`…).
pub(crate) const SEARCH_INDEX: &str = "search/";

/// Site path of a tag page.
pub(crate) fn tag_path(tag_slug: &str) -> String {
    format!("{TAGS}{tag_slug}/")
}

/// Site path of a profession page.
pub(crate) fn profession_path(id: &str) -> String {
    format!("{PROFESSIONS}{id}/")
}

/// Path in the output of the search index's file `name` (`meta`, `p/3`).
pub(crate) fn search_file(name: &str) -> String {
    format!("{SEARCH_INDEX}{name}.js")
}

/// Site path of page `n` (from 1) of the list at `path`: the list's own path for the first,
/// `syntheses/page/2/` for the next ones (Zola's and Hugo's scheme).
pub(crate) fn paginated(path: &str, n: usize) -> String {
    if n <= 1 {
        path.to_owned()
    } else {
        format!("{path}page/{n}/")
    }
}

/// Absolute URL of a site path under `base` (which ends with `/`).
pub(crate) fn absolute(base: &str, path: &str) -> String {
    format!("{base}{}", path.trim_start_matches('/'))
}

/// How root-relative links are written in the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum UrlMode {
    /// Under the base URL's path (`/` or `/cpts/`).
    Rooted { prefix: String },
    /// Relative to each page, folders spelled `…/index.html`.
    Relative,
    /// Full URLs under the base URL (feeds, email).
    Absolute { base: String },
}

impl UrlMode {
    /// The mode for a site: relative, or rooted at the path part of `base_url`.
    pub(crate) fn new(base_url: &str, relative: bool) -> Self {
        if relative {
            return UrlMode::Relative;
        }
        let after_scheme = base_url.split_once("://").map_or(base_url, |(_, rest)| rest);
        let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
        UrlMode::Rooted { prefix: format!("{}/", path.trim_end_matches('/')) }
    }

    /// Whether links written root-relative change at all (not for a site at `/`).
    pub(crate) fn rewrites(&self) -> bool {
        !matches!(self, UrlMode::Rooted { prefix } if prefix == "/")
    }

    /// The URL of site path `target` (root-relative, `/x/y/#frag`) seen from page `from`
    /// (a site path such as `protocoles/x/`, or `404.html`).
    pub(crate) fn link(&self, from: &str, target: &str) -> String {
        let target = target.trim_start_matches('/');
        match self {
            UrlMode::Rooted { prefix } => format!("{prefix}{target}"),
            UrlMode::Absolute { base } => absolute(base, target),
            UrlMode::Relative => {
                let depth = from.matches('/').count();
                let split = target.find(['#', '?']).unwrap_or(target.len());
                let (path, rest) = target.split_at(split);
                let index = if path.is_empty() || path.ends_with('/') { "index.html" } else { "" };
                format!("{}{path}{index}{rest}", "../".repeat(depth))
            }
        }
    }
}

/// Rewrites every root-relative `href`, `src`, `poster` and `action` of `html` for page `from`.
pub(crate) fn rewrite_html(html: &str, from: &str, mode: &UrlMode) -> String {
    if !mode.rewrites() {
        return html.to_owned();
    }
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some(i) = rest.find("=\"/") {
        let (before, after) = rest.split_at(i + 2);
        out.push_str(before);
        let attr_ok = ["href=\"", "src=\"", "poster=\"", "action=\""]
            .iter()
            .any(|a| before.strip_suffix(a).and_then(|b| b.chars().last()).is_some_and(char::is_whitespace));
        let end = after.find('"').unwrap_or(after.len());
        let value = &after[..end];
        if attr_ok && !value.starts_with("//") {
            out.push_str(&mode.link(from, value));
        } else {
            out.push_str(value);
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_end_in_index_html() {
        let m = UrlMode::Relative;
        assert_eq!(m.link("protocoles/x/", "/syntheses/y/#a"), "../../syntheses/y/index.html#a");
        assert_eq!(m.link("", "/"), "index.html");
        assert_eq!(m.link("numeros/", "/style.css"), "../style.css");
    }

    #[test]
    fn rooted_links_take_the_base_path() {
        assert_eq!(UrlMode::new("https://cpts.fr/covid", false).link("a/", "/tags/"), "/covid/tags/");
        assert_eq!(UrlMode::new("https://cpts.fr", false), UrlMode::Rooted { prefix: "/".into() });
    }

    #[test]
    fn rewrites_only_link_attributes() {
        let html = r#"<a href="/protocoles/">P</a><img src="/a.png" alt="/x"><a href="//cdn">c</a><a href="https://x">x</a><video poster="/p.jpg">"#;
        let out = rewrite_html(html, "numeros/n1/", &UrlMode::Relative);
        assert_eq!(
            out,
            r#"<a href="../../protocoles/index.html">P</a><img src="../../a.png" alt="/x"><a href="//cdn">c</a><a href="https://x">x</a><video poster="../../p.jpg">"#
        );
    }
}
