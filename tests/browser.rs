//! Runs the browser tests (`tests/browser/*.test.mjs`, Node and playwright-core driving
//! Debian's Chromium) on the example site built twice: rooted URLs served over http, and
//! relative URLs opened from disk. `scripts/test` installs Chromium and playwright-core.

mod common;

use common::*;
use covidactu::build;
use std::process::Command;

#[test]
fn search_in_a_real_browser() {
    let dir = tempfile::tempdir().unwrap();
    let (http, file) = (dir.path().join("http"), dir.path().join("file"));
    for (out, relative) in [(&http, false), (&file, true)] {
        let mut opts = options(&example_root(), out);
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
        .output()
        .expect("node");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{text}");
    assert!(text.contains("pass 11"), "expected 11 browser tests to pass:\n{text}");
}
