//! Runs the browser tests (`tests/browser/*.test.mjs`, Node and playwright-core driving
//! Debian's Chromium): search on the example site (four cards to a list page) built twice (rooted URLs served over http,
//! relative URLs opened from disk), `covidactu serve` with live reload, and the quality gate
//! (axe-core, screenshots and print, saved under target/quality/). `scripts/test` installs Chromium and playwright-core.

mod common;

use common::*;
use covidactu::build;
use std::process::Command;

#[test]
fn search_serve_and_accessibility_in_a_real_browser() {
    let dir = tempfile::tempdir().unwrap();
    let (http, file) = (dir.path().join("http"), dir.path().join("file"));
    // Four cards to a page, so that the quality gate also sees the lists' pagination.
    let site = example_copy();
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap() + "paginate_by: 4\n";
    std::fs::write(site.path().join("site.yaml"), yaml).unwrap();
    for (out, relative) in [(&http, false), (&file, true)] {
        let mut opts = options(site.path(), out);
        opts.relative_urls = Some(relative);
        build::build(&opts).unwrap_or_else(|d| panic!("{}", d.render(false, None)));
    }
    let root = example_root();
    assert!(
        root.join("node_modules/playwright-core").is_dir() && std::path::Path::new("/usr/bin/chromium").exists(),
        "the browser tests need Debian's chromium and `npm ci`: run scripts/test, which installs them"
    );
    let output = Command::new("node")
        .args(["--test", "--test-reporter=spec", "tests/browser/"])
        .current_dir(&root)
        .env("SITE_HTTP", &http)
        .env("SITE_FILE", &file)
        .env("SITE_SRC", &root)
        .env("COVIDACTU_BIN", env!("CARGO_BIN_EXE_covidactu"))
        .output()
        .expect("node");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{text}");
    assert!(text.contains("pass 30") && text.contains("fail 0"), "expected 30 browser tests to pass:\n{text}");
}
