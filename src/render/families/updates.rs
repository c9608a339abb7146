//! What changed in the protocols: the page comparing a protocol with the version it
//! replaces (`protocoles/x/comparaison/`: the text added and removed, marked in words for
//! screen readers and in print, not by colour alone), and the protocols' updates, newest
//! first (`mises-a-jour/` and its Atom feed).

use super::{page_index, Env, Family, Id, Inputs, Place, Template};
use crate::content::Kind;
use crate::error::Diagnostic;
use crate::i18n::msg;
use crate::render::views::{compared, full, summary};
use crate::render::{Scratch, Theme};
use crate::site::{urls, Site};
use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// One line of a comparison: unchanged, removed or added, in parts, the words that changed
/// within a changed line marked.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub(crate) struct DiffLine {
    pub tag: &'static str,
    pub parts: Vec<(bool, String)>,
}

/// The lines of `old` and `new` (markdown sources), compared line by line and, within
/// changed lines, word by word.
pub(crate) fn diff(old: &str, new: &str) -> Vec<DiffLine> {
    let d = TextDiff::from_lines(old, new);
    let mut lines = Vec::new();
    for op in d.ops() {
        for change in d.iter_inline_changes(op) {
            let tag = match change.tag() {
                ChangeTag::Equal => "equal",
                ChangeTag::Delete => "delete",
                ChangeTag::Insert => "insert",
            };
            let parts: Vec<(bool, String)> = change
                .iter_strings_lossy()
                .map(|(emph, text)| (emph && tag != "equal", text.trim_end_matches(['\r', '\n']).to_owned()))
                .filter(|(_, t)| !t.is_empty())
                .collect();
            lines.push(DiffLine { tag, parts });
        }
    }
    lines
}

/// `protocoles/x/comparaison/` for each protocol that replaces one the site has.
pub(super) struct Comparison;
pub(super) static COMPARISON: Comparison = Comparison;

impl Family for Comparison {
    fn pages(&self, site: &Site) -> Vec<(Id, usize)> {
        site.section_indices(Kind::Protocol)
            .filter(|&i| compared(site, &site.pages[i]).is_some())
            .map(|i| (Id::Page(i), 1))
            .collect()
    }
    fn place(&self, site: &Site, id: &Id, _: usize) -> Place {
        Place::page(urls::comparison_path(&page_index(id).map(|i| site.pages[i].path.clone()).unwrap_or_default()))
    }
    fn template(&self) -> Template {
        Template::Theme("comparison.html")
    }
    fn context(&self, env: &Env, id: &Id, _: usize, ctx: &mut Scratch) -> Result<(), Diagnostic> {
        let site = env.site;
        let nothing = || Diagnostic::error(msg::nothing_to_render(format!("{id:?}")));
        let page = page_index(id).map(|i| &site.pages[i]).ok_or_else(nothing)?;
        let old = compared(site, page).ok_or_else(nothing)?;
        let lines = diff(old.doc.body().trim(), page.doc.body().trim());
        ctx.insert("added", &lines.iter().filter(|l| l.tag == "insert").count());
        ctx.insert("removed", &lines.iter().filter(|l| l.tag == "delete").count());
        ctx.insert("lines", &lines);
        ctx.insert("page", &full(site, env.theme, page));
        ctx.insert("old", &summary(site, old));
        Ok(())
    }
    fn inputs(&self, site: &Site, id: &Id) -> Inputs {
        let Some(i) = page_index(id) else { return Inputs::Nothing };
        let old = compared(site, &site.pages[i]).and_then(|o| site.index_of(&o.doc.reference()));
        Inputs::Pages(std::iter::once(i).chain(old).collect())
    }
}

/// An update as the updates page and feed show it.
#[derive(Serialize)]
struct UpdateView<'a> {
    protocol: crate::render::views::PageView<'a>,
    version: &'a str,
    date: String,
    what: &'a [String],
    /// The comparison with the replaced protocol, for its current version.
    comparison: Option<String>,
}

fn updates<'a>(site: &'a Site, theme: &Theme) -> Vec<UpdateView<'a>> {
    site.protocol_changes()
        .into_iter()
        .map(|(i, change, date)| {
            let page = &site.pages[i];
            let protocol = full(site, theme, page);
            let current = match &page.doc.meta {
                crate::content::Meta::Protocol(m) => change.version.is_some() && change.version == m.version,
                _ => false,
            };
            UpdateView {
                comparison: protocol.comparison.clone().filter(|_| current),
                protocol,
                version: change.version.as_deref().unwrap_or_default(),
                date: date.iso(),
                what: &change.what,
            }
        })
        .collect()
}

/// `mises-a-jour/`: every protocol change, newest first. Made when a protocol says what
/// changed.
pub(super) struct Updates;
pub(super) static UPDATES: Updates = Updates;

impl Family for Updates {
    fn pages(&self, site: &Site) -> Vec<(Id, usize)> {
        if site.protocol_changes().is_empty() {
            Vec::new()
        } else {
            vec![(Id::Site, 1)]
        }
    }
    fn place(&self, _: &Site, _: &Id, _: usize) -> Place {
        Place::page(urls::UPDATES.to_owned())
    }
    fn template(&self) -> Template {
        Template::Theme("updates.html")
    }
    fn context(&self, env: &Env, _: &Id, _: usize, ctx: &mut Scratch) -> Result<(), Diagnostic> {
        ctx.insert("updates", &updates(env.site, env.theme));
        ctx.insert("feed", &format!("/{}", urls::UPDATES_FEED));
        Ok(())
    }
    fn inputs(&self, site: &Site, _: &Id) -> Inputs {
        Inputs::Pages(site.section_indices(Kind::Protocol).collect())
    }
    fn sitemap_rank(&self) -> Option<u8> {
        Some(3)
    }
}

/// `mises-a-jour/atom.xml`: the same, as a feed.
pub(super) struct UpdatesFeed;
pub(super) static UPDATES_FEED: UpdatesFeed = UpdatesFeed;

impl Family for UpdatesFeed {
    fn pages(&self, site: &Site) -> Vec<(Id, usize)> {
        UPDATES.pages(site)
    }
    fn place(&self, _: &Site, _: &Id, _: usize) -> Place {
        Place::file(urls::UPDATES_FEED)
    }
    fn template(&self) -> Template {
        Template::Theme("updates.xml")
    }
    fn context(&self, env: &Env, _: &Id, _: usize, ctx: &mut Scratch) -> Result<(), Diagnostic> {
        let site = env.site;
        let updates = updates(site, env.theme);
        let newest = updates.first().map(|u| u.date.clone()).unwrap_or_else(|| site.today.iso());
        ctx.insert("updated", &format!("{newest}T00:00:00Z"));
        ctx.insert("updates", &updates);
        ctx.insert("feed_url", &urls::absolute(&site.config.base(), urls::UPDATES_FEED));
        ctx.insert("page_url", &urls::absolute(&site.config.base(), urls::UPDATES));
        Ok(())
    }
    fn inputs(&self, site: &Site, _: &Id) -> Inputs {
        Inputs::Pages(site.section_indices(Kind::Protocol).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_lines_show_the_words_that_changed() {
        let lines = diff("Appel à J2.\nAppel à J7.\nFin.\n", "Appel à J2.\nAppel à J7 et J10.\nFin.\nNouveau.\n");
        let tags: Vec<&str> = lines.iter().map(|l| l.tag).collect();
        assert_eq!(tags, ["equal", "delete", "insert", "equal", "insert"]);
        assert!(lines[2].parts.iter().any(|(emph, t)| *emph && t.contains("J10")), "{:?}", lines[2]);
        assert!(lines[0].parts.iter().all(|(emph, _)| !emph));
        assert!(diff("a\n", "a\n").iter().all(|l| l.tag == "equal"));
    }
}
