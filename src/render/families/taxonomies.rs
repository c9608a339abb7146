//! The taxonomies: the index of tags (`tags/`) and of professions (`professions/`), and each
//! tag's and profession's list of documents (paginated).

use super::{list_page, paginate, paginated, Env, Family, Id, Inputs, Place, Template};
use crate::error::Diagnostic;
use crate::i18n::msg;
use crate::render::views::term;
use crate::render::{CardLevel, Scratch};
use crate::site::{urls, Site, Term};
use std::collections::BTreeMap;

/// A way of gathering documents: by tag, or by the professions they are meant for.
pub(super) struct Taxonomy {
    /// The name templates see (`tags`, `professions`).
    name: &'static str,
    /// The site path of its index, the folder of its pages.
    index: &'static str,
    terms: fn(&Site) -> &BTreeMap<String, Term>,
    path: fn(&str) -> String,
}

const BY_TAG: Taxonomy = Taxonomy { name: "tags", index: urls::TAGS, terms: |s| &s.tags, path: urls::tag_path };
const BY_PROFESSION: Taxonomy =
    Taxonomy { name: "professions", index: urls::PROFESSIONS, terms: |s| &s.professions, path: urls::profession_path };

/// The index of a taxonomy: every term with its count.
pub(super) struct Index(Taxonomy);
pub(super) static TAGS: Index = Index(BY_TAG);
pub(super) static PROFESSIONS: Index = Index(BY_PROFESSION);

impl Family for Index {
    fn place(&self, _: &Site, _: &Id, _: usize) -> Place {
        Place::page(self.0.index.into())
    }
    fn template(&self) -> Template {
        Template::Theme("terms.html")
    }
    fn context(&self, env: &Env, _: &Id, _: usize, ctx: &mut Scratch) -> Result<(), Diagnostic> {
        let t = &self.0;
        ctx.insert("taxonomy", t.name);
        ctx.insert("terms", &(t.terms)(env.site).values().map(|x| term(x, (t.path)(&x.slug))).collect::<Vec<_>>());
        Ok(())
    }
    fn inputs(&self, _: &Site, _: &Id) -> Inputs {
        Inputs::Any
    }
}

/// The documents of one term, `paginate_by` cards a page.
pub(super) struct List(Taxonomy);
pub(super) static TAG: List = List(BY_TAG);
pub(super) static PROFESSION: List = List(BY_PROFESSION);

impl List {
    fn term<'s>(&self, site: &'s Site, id: &Id) -> Option<&'s Term> {
        match id {
            Id::Term(slug) => (self.0.terms)(site).get(slug),
            _ => None,
        }
    }
}

impl Family for List {
    fn pages(&self, site: &Site) -> Vec<(Id, usize)> {
        (self.0.terms)(site)
            .values()
            .flat_map(|t| paginated(Id::Term(t.slug.clone()), t.pages.len(), site.config.paginate_by))
            .collect()
    }
    fn place(&self, _: &Site, id: &Id, n: usize) -> Place {
        let slug = match id {
            Id::Term(slug) => slug.as_str(),
            _ => "",
        };
        list_page(&(self.0.path)(slug), n)
    }
    fn template(&self) -> Template {
        Template::Theme("term.html")
    }
    fn context(&self, env: &Env, id: &Id, n: usize, ctx: &mut Scratch) -> Result<(), Diagnostic> {
        let t = self
            .term(env.site, id)
            .ok_or_else(|| Diagnostic::error(msg::nothing_to_render(format!("{} {id:?}", self.0.name))))?;
        let path = (self.0.path)(&t.slug);
        ctx.insert("taxonomy", self.0.name);
        ctx.insert("term", &term(t, path.clone()));
        let shown = paginate(env.site, ctx, &path, &t.pages, n);
        ctx.insert("pages", &env.cards.list(shown.iter().copied(), CardLevel::Two)?);
        Ok(())
    }
    fn inputs(&self, site: &Site, id: &Id) -> Inputs {
        Inputs::Pages(self.term(site, id).map(|t| t.pages.clone()).unwrap_or_default())
    }
    fn sitemap_rank(&self) -> Option<u8> {
        Some(if self.0.name == "tags" { 5 } else { 6 })
    }
}
