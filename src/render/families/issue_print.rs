//! The print view of each issue (`numeros/<slug>/impression/`): the editorial, then the full
//! text of each document it carries.

use super::{page_index, Env, Family, Id, Inputs, Place, Template};
use crate::content::{Kind, Meta};
use crate::error::Diagnostic;
use crate::i18n::msg;
use crate::render::views::{full, printed};
use crate::render::Scratch;
use crate::site::{urls, Site};

pub(super) struct IssuePrint;
pub(super) static ISSUE_PRINT: IssuePrint = IssuePrint;

impl Family for IssuePrint {
    fn pages(&self, site: &Site) -> Vec<(Id, usize)> {
        site.section_indices(Kind::Issue).map(|i| (Id::Page(i), 1)).collect()
    }
    fn place(&self, site: &Site, id: &Id, _: usize) -> Place {
        Place::page(urls::print_path(&page_index(id).map(|i| site.pages[i].path.clone()).unwrap_or_default()))
    }
    fn template(&self) -> Template {
        Template::Theme("issue-print.html")
    }
    fn context(&self, env: &Env, id: &Id, _: usize, ctx: &mut Scratch) -> Result<(), Diagnostic> {
        let site = env.site;
        let page = page_index(id)
            .map(|i| &site.pages[i])
            .ok_or_else(|| Diagnostic::error(msg::nothing_to_render(format!("{id:?}"))))?;
        let issue = full(site, env.theme, page);
        let items: Vec<_> =
            issue.items.iter().filter_map(|it| site.get(&it.reference)).map(|p| printed(site, env.theme, p)).collect();
        ctx.insert("page", &issue);
        ctx.insert("printed", &items);
        Ok(())
    }
    /// The issue, what it carries, what replaces a protocol it carries, and its watch.
    fn inputs(&self, site: &Site, id: &Id) -> Inputs {
        let Some(i) = page_index(id) else { return Inputs::Nothing };
        let mut pages = vec![i];
        if let Meta::Issue(m) = &site.pages[i].doc.meta {
            for item in m.items.iter().filter_map(|r| site.index_of(r)) {
                pages.push(item);
                pages.extend(site.replacements(&site.pages[item]));
            }
        }
        pages.extend(super::content::issue_watch_inputs(site));
        Inputs::Pages(pages)
    }
}
