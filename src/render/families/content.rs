//! One page per content document: an issue, a protocol, a synthesis, a free page, an event.

use super::{page_index, Env, Family, Id, Inputs, Place, Template};
use crate::content::Kind;
use crate::error::Diagnostic;
use crate::i18n::msg;
use crate::render::views::full;
use crate::render::Scratch;
use crate::site::Site;

/// The pages of the documents of one kind, each rendered with the kind's template.
pub(super) struct ContentPages {
    kind: Kind,
    template: &'static str,
}

pub(super) static ISSUE: ContentPages = ContentPages { kind: Kind::Issue, template: "issue.html" };
pub(super) static PROTOCOL: ContentPages = ContentPages { kind: Kind::Protocol, template: "protocol.html" };
pub(super) static SYNTHESIS: ContentPages = ContentPages { kind: Kind::Synthesis, template: "synthesis.html" };
pub(super) static PAGE: ContentPages = ContentPages { kind: Kind::Page, template: "page.html" };
pub(super) static EVENT: ContentPages = ContentPages { kind: Kind::Event, template: "event.html" };
pub(super) static MESSAGE: ContentPages = ContentPages { kind: Kind::Message, template: "message.html" };

impl Family for ContentPages {
    fn pages(&self, site: &Site) -> Vec<(Id, usize)> {
        (0..site.pages.len()).filter(|&i| site.pages[i].kind() == self.kind).map(|i| (Id::Page(i), 1)).collect()
    }
    fn place(&self, site: &Site, id: &Id, _: usize) -> Place {
        Place::page(page_index(id).map(|i| site.pages[i].path.clone()).unwrap_or_default())
    }
    fn template(&self) -> Template {
        Template::Theme(self.template)
    }
    fn context(&self, env: &Env, id: &Id, _: usize, ctx: &mut Scratch) -> Result<(), Diagnostic> {
        let page = page_index(id)
            .map(|i| &env.site.pages[i])
            .ok_or_else(|| Diagnostic::error(msg::nothing_to_render(format!("{id:?}"))))?;
        ctx.insert("page", &full(env.site, env.theme, page));
        Ok(())
    }
    /// The document itself and every document its front matter names (what an issue
    /// carries and its watch, the protocols a protocol replaces or is replaced by, the
    /// messages a source cites); for a message, every page (any may cite it).
    fn inputs(&self, site: &Site, id: &Id) -> Inputs {
        let Some(i) = page_index(id) else { return Inputs::Nothing };
        if self.kind == Kind::Message {
            return Inputs::Any;
        }
        let refs = crate::site::references(&site.pages[i].doc.meta);
        // A cited message's number, title and standing (superseded or not) are shown.
        let cites_messages = refs.iter().any(|(field, _, _)| *field == "sources");
        let mut pages = vec![i];
        pages.extend(refs.into_iter().filter_map(|(_, r, _)| site.index_of(r)));
        pages.extend(site.replacements(&site.pages[i]));
        if self.kind == Kind::Issue {
            pages.extend(issue_watch_inputs(site));
        }
        if cites_messages {
            pages.extend(site.section_indices(Kind::Message));
        }
        Inputs::Pages(pages)
    }
    fn sitemap_rank(&self) -> Option<u8> {
        Some(4)
    }
}

/// What an issue's « veille depuis le dernier numéro » depends on: every message, and every
/// issue (the previous one's date bounds it).
pub(super) fn issue_watch_inputs(site: &Site) -> impl Iterator<Item = usize> + '_ {
    site.section_indices(Kind::Message).chain(site.section_indices(Kind::Issue))
}
