//! The pages that show no content: the search page, the page that says how to leave the
//! mailing list, the 404 page, `robots.txt`.

use super::{Family, Id, Inputs, Place, Template};
use crate::site::{urls, Site};

/// A page made from its template alone.
pub(super) struct Fixed {
    place: fn() -> Place,
    template: &'static str,
    /// Only when the site has search.
    search_only: bool,
    /// Served at any address (the 404 page): links stay rooted.
    rooted: bool,
}

/// `recherche/`: the search page.
pub(super) static SEARCH: Fixed = Fixed {
    place: || Place::page(urls::SEARCH_PAGE.into()),
    template: "search.html",
    search_only: true,
    rooted: false,
};
/// `desinscription/`: how to leave the mailing list, linked from every email.
pub(super) static UNSUBSCRIBE: Fixed = Fixed {
    place: || Place::page(urls::UNSUBSCRIBE_PAGE.into()),
    template: "unsubscribe.html",
    search_only: false,
    rooted: false,
};
/// `404.html`, which web servers show for any missing address.
pub(super) static NOT_FOUND: Fixed =
    Fixed { place: || Place::file("404.html"), template: "404.html", search_only: false, rooted: true };
/// `robots.txt`.
pub(super) static ROBOTS: Fixed =
    Fixed { place: || Place::file("robots.txt"), template: "robots.txt", search_only: false, rooted: false };

impl Family for Fixed {
    fn pages(&self, site: &Site) -> Vec<(Id, usize)> {
        if self.search_only && !site.config.search.enabled {
            return Vec::new();
        }
        vec![(Id::Site, 1)]
    }
    fn place(&self, _: &Site, _: &Id, _: usize) -> Place {
        (self.place)()
    }
    fn template(&self) -> Template {
        Template::Theme(self.template)
    }
    fn inputs(&self, _: &Site, _: &Id) -> Inputs {
        Inputs::Nothing
    }
    fn rooted(&self) -> bool {
        self.rooted
    }
}
