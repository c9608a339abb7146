//! One page per content document: an issue, a protocol, a synthesis, a free page, an event.

use super::{page_index, Env, Family, Id, Inputs, Place};
use crate::content::{Kind, Meta};
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
    fn template(&self, _: &Site, _: &Id) -> &'static str {
        self.template
    }
    fn context(&self, env: &Env, id: &Id, _: usize, ctx: &mut Scratch) -> Result<(), Diagnostic> {
        let page = page_index(id)
            .map(|i| &env.site.pages[i])
            .ok_or_else(|| Diagnostic::error(msg::nothing_to_render(format!("{id:?}"))))?;
        ctx.insert("page", &full(env.site, page));
        Ok(())
    }
    /// The document itself, what an issue carries, the protocols a protocol replaces or is
    /// replaced by; for a message, every page (any may cite it).
    fn inputs(&self, site: &Site, id: &Id) -> Inputs {
        let Some(i) = page_index(id) else { return Inputs::Nothing };
        if self.kind == Kind::Message || site.pages[i].kind() == Kind::Issue {
            return Inputs::Any;
        }
        let refs: Vec<&String> = match &site.pages[i].doc.meta {
            Meta::Issue(m) => m.items.iter().collect(),
            Meta::Protocol(m) => m.replaces.iter().chain(&m.replaced_by).collect(),
            _ => Vec::new(),
        };
        let mut pages = vec![i];
        pages.extend(refs.into_iter().filter_map(|r| site.index_of(r)));
        pages.extend(site.replacements(&site.pages[i]));
        Inputs::Pages(pages)
    }
    fn sitemap_rank(&self) -> Option<u8> {
        Some(4)
    }
}
