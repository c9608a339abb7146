//! `annuaire/`: the directory, grouped by type (in `directory_types`' order) then by commune,
//! with `tel:` and `mailto:` links; a filter box narrows it in the page (without JavaScript,
//! everything is shown).

use super::{Env, Family, Id, Inputs, Place, Template};
use crate::content::directory::Entry;
use crate::error::Diagnostic;
use crate::render::Scratch;
use crate::search::analysis::fold;
use crate::site::{urls, Site};
use serde::Serialize;

#[derive(Serialize)]
struct TypeGroup<'a> {
    name: &'a str,
    slug: String,
    communes: Vec<CommuneGroup<'a>>,
}

#[derive(Serialize)]
struct CommuneGroup<'a> {
    /// `None`: the whole territory (no commune given).
    name: Option<&'a str>,
    entries: Vec<EntryView<'a>>,
}

#[derive(Serialize)]
struct EntryView<'a> {
    #[serde(flatten)]
    entry: &'a Entry,
    /// What the filter box matches, folded: name, type, commune, address, numbers, notes.
    filter: String,
}

fn groups(site: &Site) -> Vec<TypeGroup<'_>> {
    let mut out = Vec::new();
    for kind in &site.config.directory_types {
        let mut entries: Vec<&Entry> = site.directory.iter().filter(|e| &e.kind == kind).collect();
        if entries.is_empty() {
            continue;
        }
        entries.sort_by_cached_key(|e| (e.commune.is_none(), e.commune.as_deref().map(fold), fold(&e.structure)));
        let mut communes: Vec<CommuneGroup> = Vec::new();
        for e in entries {
            let filter = fold(&format!(
                "{} {} {} {} {} {}",
                e.structure,
                e.kind,
                e.commune.as_deref().unwrap_or_default(),
                e.address.as_deref().unwrap_or_default(),
                e.phones.iter().map(|p| p.shown.as_str()).collect::<Vec<_>>().join(" "),
                e.notes.as_deref().unwrap_or_default()
            ));
            let view = EntryView { entry: e, filter };
            match communes.last_mut() {
                Some(g) if g.name.map(fold) == e.commune.as_deref().map(fold) => g.entries.push(view),
                _ => communes.push(CommuneGroup { name: e.commune.as_deref(), entries: vec![view] }),
            }
        }
        out.push(TypeGroup { name: kind, slug: crate::markdown::slugify(kind), communes });
    }
    out
}

pub(super) struct Directory;
pub(super) static DIRECTORY: Directory = Directory;

impl Family for Directory {
    fn pages(&self, site: &Site) -> Vec<(Id, usize)> {
        if site.directory.is_empty() {
            Vec::new()
        } else {
            vec![(Id::Site, 1)]
        }
    }
    fn place(&self, _: &Site, _: &Id, _: usize) -> Place {
        Place::page(urls::DIRECTORY.to_owned())
    }
    fn template(&self) -> Template {
        Template::Theme("directory.html")
    }
    fn context(&self, env: &Env, _: &Id, _: usize, ctx: &mut Scratch) -> Result<(), Diagnostic> {
        ctx.insert("groups", &groups(env.site));
        ctx.insert("count", &env.site.directory.len());
        Ok(())
    }
    fn inputs(&self, _: &Site, _: &Id) -> Inputs {
        // The spreadsheets are not content pages: a change of them renders everything.
        Inputs::Nothing
    }
    fn sitemap_rank(&self) -> Option<u8> {
        Some(3)
    }
}
