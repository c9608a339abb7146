//! Pagination of the long lists (the syntheses, a tag's, a profession's): how many pages a
//! list has, which of its items a page shows, and the navigation templates see.

use crate::site::urls;
use serde::Serialize;
use std::ops::Range;

/// How many page numbers the navigation shows on each side of the current one (the first
/// and the last are always shown).
const AROUND: usize = 2;

/// The number of pages of a list of `items`, `per_page` to a page (0: everything on one).
/// An empty list still has its one page.
pub(crate) fn page_count(items: usize, per_page: usize) -> usize {
    if per_page == 0 {
        1
    } else {
        items.div_ceil(per_page).max(1)
    }
}

/// The items (by position) page `n` (from 1) of a list shows.
pub(crate) fn slice(items: usize, per_page: usize, n: usize) -> Range<usize> {
    if per_page == 0 {
        return 0..items;
    }
    let start = (n.saturating_sub(1) * per_page).min(items);
    start..(start + per_page).min(items)
}

/// Page `current` of a list, as templates see it: `pager.total > 1` when there is anything
/// to navigate.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub(crate) struct Pager {
    pub current: usize,
    pub total: usize,
    /// The list's length, and the positions (from 1) of the first and last items shown.
    pub items: usize,
    pub from: usize,
    pub to: usize,
    /// Root-relative URLs of the neighbouring pages.
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The page numbers to link to; `None` stands for a gap (« … »).
    pub links: Vec<Option<PageLink>>,
}

/// One numbered link of the navigation.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub(crate) struct PageLink {
    pub n: usize,
    pub url: String,
    pub current: bool,
}

impl Pager {
    /// Page `current` of the list at site path `path` holding `items`, `per_page` to a page.
    pub(crate) fn new(path: &str, items: usize, per_page: usize, current: usize) -> Pager {
        let total = page_count(items, per_page);
        let current = current.clamp(1, total);
        let url = |n: usize| format!("/{}", urls::paginated(path, n));
        let shown = slice(items, per_page, current);
        let mut links = Vec::new();
        for n in 1..=total {
            // A gap would hide a single number: that number is shown instead.
            let near = n.abs_diff(current) <= AROUND + usize::from(n == 2 || n + 1 == total);
            if n == 1 || n == total || near {
                links.push(Some(PageLink { n, url: url(n), current: n == current }));
            } else if links.last().is_some_and(Option::is_some) {
                links.push(None);
            }
        }
        Pager {
            current,
            total,
            items,
            from: if items == 0 { 0 } else { shown.start + 1 },
            to: shown.end,
            prev: (current > 1).then(|| url(current - 1)),
            next: (current < total).then(|| url(current + 1)),
            links,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_hold_per_page_items_and_the_last_the_rest() {
        assert_eq!(page_count(0, 30), 1);
        assert_eq!(page_count(30, 30), 1);
        assert_eq!(page_count(31, 30), 2);
        assert_eq!(page_count(6000, 0), 1, "0 turns pagination off");
        assert_eq!(slice(65, 30, 1), 0..30);
        assert_eq!(slice(65, 30, 3), 60..65);
        assert_eq!(slice(65, 30, 9), 65..65, "past the end: nothing");
        assert_eq!(slice(65, 0, 1), 0..65);
    }

    #[test]
    fn the_navigation_links_the_ends_and_the_neighbours_with_gaps_between() {
        let p = Pager::new("syntheses/", 200, 10, 10);
        let numbers: Vec<String> = p.links.iter().map(|l| l.as_ref().map_or("…".into(), |l| l.n.to_string())).collect();
        assert_eq!(numbers, ["1", "…", "8", "9", "10", "11", "12", "…", "20"]);
        assert_eq!((p.from, p.to, p.total), (91, 100, 20));
        assert_eq!(p.prev.as_deref(), Some("/syntheses/page/9/"));
        assert_eq!(p.next.as_deref(), Some("/syntheses/page/11/"));
        assert!(p.links.iter().flatten().filter(|l| l.current).map(|l| l.n).eq([10]));
        let numbers = |p: Pager| p.links.iter().map(|l| l.as_ref().map_or(0, |l| l.n)).collect::<Vec<_>>();
        assert_eq!(numbers(Pager::new("s/", 100, 10, 5)), [1, 2, 3, 4, 5, 6, 7, 0, 10], "no gap for page 2 alone");
        assert_eq!(numbers(Pager::new("s/", 100, 10, 6)), [1, 0, 4, 5, 6, 7, 8, 9, 10]);

        let first = Pager::new("tags/masques/", 45, 30, 1);
        assert_eq!((first.prev, first.next.as_deref()), (None, Some("/tags/masques/page/2/")));
        assert_eq!(
            first.links.iter().flatten().map(|l| l.url.as_str()).collect::<Vec<_>>(),
            ["/tags/masques/", "/tags/masques/page/2/"]
        );
        let last = Pager::new("tags/masques/", 45, 30, 2);
        assert_eq!((last.prev.as_deref(), last.next, last.from, last.to), (Some("/tags/masques/"), None, 31, 45));
    }
}
