//! `sitemap.xml`: the first page of every family that lists itself, by the family's rank
//! (within a rank, content pages in the site's order), then the later pages of the
//! paginated lists.

use super::{jobs, Env, Family, Id, Inputs, Place, Template, FAMILIES};
use crate::error::Diagnostic;
use crate::render::Scratch;
use crate::site::{urls, Site};

pub(super) struct Sitemap;
pub(super) static SITEMAP: Sitemap = Sitemap;

impl Family for Sitemap {
    fn place(&self, _: &Site, _: &Id, _: usize) -> Place {
        Place::file("sitemap.xml")
    }
    fn template(&self) -> Template {
        Template::Theme("sitemap.xml")
    }
    fn context(&self, env: &Env, _: &Id, _: usize, ctx: &mut Scratch) -> Result<(), Diagnostic> {
        let site = env.site;
        let mut first = Vec::new();
        let mut later = Vec::new();
        for job in jobs(site) {
            let Some(rank) = FAMILIES[job.family].sitemap_rank() else { continue };
            let path = job.place(site).path;
            if job.n > 1 {
                later.push(path);
            } else {
                let order = super::page_index(&job.id).unwrap_or(0);
                first.push((rank, order, path));
            }
        }
        first.sort_by_key(|(rank, order, _)| (*rank, *order));
        let locations: Vec<String> = first
            .into_iter()
            .map(|(_, _, path)| path)
            .chain(later)
            .map(|path| urls::absolute(&site.config.base(), &path))
            .collect();
        ctx.insert("locations", &locations);
        Ok(())
    }
    fn inputs(&self, _: &Site, _: &Id) -> Inputs {
        Inputs::Nothing
    }
}
