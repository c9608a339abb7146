//! `covidactu serve` against a real server on a free port: pages, content types, 404, refusal
//! of paths outside the output, rebuilds on changes (edit, add, delete, rename, editor-style
//! saves), the reload and CSS events, the error overlay and recovery.

mod common;

use common::*;
use covidactu::serve::{self, ServeOptions, Server};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

struct Reply {
    status: u16,
    headers: String,
    body: String,
}

fn get(server: &Server, path: &str) -> Reply {
    let mut stream = TcpStream::connect(server.addr).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Reply { status, headers: head.to_lowercase(), body: body.to_owned() }
}

/// Events of the live-reload stream, as they arrive.
fn events(server: &Server) -> mpsc::Receiver<(String, String)> {
    let (tx, rx) = mpsc::channel();
    let mut stream = TcpStream::connect(server.addr).unwrap();
    write!(stream, "GET /__covidactu/events HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    std::thread::spawn(move || {
        let mut event = String::new();
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if let Some(e) = line.strip_prefix("event: ") {
                event = e.to_owned();
            } else if let Some(d) = line.strip_prefix("data: ") {
                if tx.send((event.clone(), d.to_owned())).is_err() {
                    break;
                }
            }
        }
    });
    std::thread::sleep(Duration::from_millis(100));
    rx
}

fn next_event(rx: &mpsc::Receiver<(String, String)>) -> (String, String) {
    rx.recv_timeout(Duration::from_secs(10)).expect("an event within 10 s")
}

fn start(dir: &Path) -> Server {
    let opts = ServeOptions { root: dir.to_path_buf(), bind: [127, 0, 0, 1].into(), port: 0, drafts: false };
    serve::start(opts, |_, _| {}).unwrap_or_else(|d| panic!("{}", d.render(false, None)))
}

fn edit(dir: &Path, rel: &str, from: &str, to: &str) {
    let path = dir.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from}");
    std::fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn serves_pages_with_types_folders_and_404() {
    let dir = example_copy();
    let server = start(dir.path());
    let home = get(&server, "/");
    assert_eq!(home.status, 200);
    assert!(home.headers.contains("content-type: text/html; charset=utf-8"));
    assert!(home.body.contains("/__covidactu/live.js"), "live reload injected in serve mode");
    assert!(home.body.contains(&format!("href=\"{}", "/numeros/")), "rooted links in serve mode");
    assert!(get(&server, "/style.css").headers.contains("content-type: text/css"));
    assert!(get(&server, "/search/runtime.js").headers.contains("javascript"));
    assert!(get(&server, "/protocoles/parcours-centre-covid.svg").headers.contains("image/svg+xml"));
    let folder = get(&server, "/protocoles");
    assert_eq!(folder.status, 301);
    assert!(folder.headers.contains("location: /protocoles/"));
    let missing = get(&server, "/nulle-part/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page introuvable"), "the site's own 404 page");
    server.stop();
}

#[test]
fn refuses_paths_outside_the_output() {
    let dir = example_copy();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", dir.path().join("content/pages/secret.txt")).unwrap();
    let server = start(dir.path());
    for path in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E%2Fsite.yaml",
        "//etc/passwd",
        "/..%5c..%5csite.yaml",
        "/pages/../../site.yaml",
        "/C:/Windows/win.ini",
        "/pages/secret.txt",
    ] {
        let r = get(&server, path);
        assert!(r.status == 403 || r.status == 404 || r.status == 400, "{path}: {}", r.status);
        assert!(!r.body.contains("base_url") && !r.body.contains("root:"), "{path} leaked a file");
    }
    server.stop();
}

#[test]
fn rebuilds_on_edit_add_delete_and_rename() {
    let dir = example_copy();
    let server = start(dir.path());
    let rx = events(&server);

    edit(
        dir.path(),
        "content/syntheses/masques.md",
        "title: \"Masques : qui porte quoi, et quand\"",
        "title: \"Masques en 2020\"",
    );
    assert_eq!(next_event(&rx).0, "reload");
    assert!(get(&server, "/syntheses/masques/").body.contains("Masques en 2020"));
    assert!(get(&server, "/syntheses/").body.contains("Masques en 2020"), "the list showing it too");
    assert!(get(&server, "/numeros/numero-1/").body.contains("Masques en 2020"), "the issue carrying it too");
    assert!(get(&server, "/numeros/numero-1/impression/").body.contains("Masques en 2020"), "and its print view");

    // An official message: its page, the issue that carries it, the synthesis citing it.
    edit(
        dir.path(),
        "content/veille/dgs-urgent-2020-23.md",
        "title: \"Masques : élargissement aux kinésithérapeutes et aux sages-femmes\"",
        "title: \"Masques pour les kinésithérapeutes\"",
    );
    assert_eq!(next_event(&rx).0, "reload");
    assert!(get(&server, "/veille/dgs-urgent-2020-23/").body.contains("Masques pour les kinésithérapeutes"));
    assert!(
        get(&server, "/numeros/numero-3/").body.contains("Masques pour les kinésithérapeutes"),
        "the issue's watch"
    );
    assert!(get(&server, "/syntheses/masques/").body.contains("Masques pour les kinésithérapeutes (n° 2020_23)"));

    write(
        dir.path(),
        "content/syntheses/nouvelle.md",
        "---\ntitle: Nouvelle synthèse\ndate: 2020-06-01\nsummary: S\nauthors: A\n---\nTexte.\n",
    );
    assert_eq!(next_event(&rx).0, "reload");
    assert_eq!(get(&server, "/syntheses/nouvelle/").status, 200);

    std::fs::rename(dir.path().join("content/syntheses/nouvelle.md"), dir.path().join("content/syntheses/renommee.md"))
        .unwrap();
    assert_eq!(next_event(&rx).0, "reload");
    assert_eq!(get(&server, "/syntheses/nouvelle/").status, 404);
    assert_eq!(get(&server, "/syntheses/renommee/").status, 200);

    std::fs::remove_file(dir.path().join("content/syntheses/renommee.md")).unwrap();
    assert_eq!(next_event(&rx).0, "reload");
    assert_eq!(get(&server, "/syntheses/renommee/").status, 404);
    server.stop();
}

#[test]
fn editor_style_saves_are_picked_up() {
    let dir = example_copy();
    let server = start(dir.path());
    let rx = events(&server);
    // Like vim or many editors: write a swap/temporary file, then rename it over the original.
    let target = dir.path().join("content/syntheses/ehpad.md");
    let text = std::fs::read_to_string(&target).unwrap().replace("EHPAD : prévenir", "EHPAD : anticiper");
    write(dir.path(), "content/syntheses/.ehpad.md.swp", "swap");
    let tmp = dir.path().join("content/syntheses/ehpad.md.tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, &target).unwrap();
    std::fs::remove_file(dir.path().join("content/syntheses/.ehpad.md.swp")).unwrap();
    assert_eq!(next_event(&rx).0, "reload");
    assert!(get(&server, "/syntheses/ehpad/").body.contains("EHPAD : anticiper"));
    // Many files saved at once give one rebuild.
    for (i, name) in ["grossesse", "anticoagulation", "teleconsultation"].iter().enumerate() {
        edit(dir.path(), &format!("content/syntheses/{name}.md"), "---\ntitle: \"", &format!("---\ntitle: \"{i} "));
    }
    assert_eq!(next_event(&rx).0, "reload");
    std::thread::sleep(Duration::from_millis(600));
    let extra: Vec<_> = rx.try_iter().collect();
    assert!(extra.len() <= 1, "a batch of saves gives one rebuild, or two at most: {extra:?}");
    assert!(get(&server, "/syntheses/teleconsultation/").body.contains("2 Téléconsultation"));
    server.stop();
}

#[test]
fn errors_show_an_overlay_then_recover() {
    let dir = example_copy();
    let server = start(dir.path());
    let rx = events(&server);
    edit(dir.path(), "content/protocoles/parcours-centre-covid.md", "review: 2020-07-01", "review: 2020-02-30");
    let (event, data) = next_event(&rx);
    assert_eq!(event, "builderror");
    let errors: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(errors[0]["file"], "content/protocoles/parcours-centre-covid.md");
    assert_eq!(errors[0]["line"], 7);
    assert_eq!(errors[0]["source_line"], "review: 2020-02-30");
    let page = get(&server, "/protocoles/parcours-centre-covid/");
    assert_eq!(page.status, 200, "the last good build is still served");
    assert!(page.body.contains("window.__covidactuErrors"), "a page opened now shows the overlay too");
    edit(dir.path(), "content/protocoles/parcours-centre-covid.md", "review: 2020-02-30", "review: 2027-07-01");
    assert_eq!(next_event(&rx).0, "reload");
    let page = get(&server, "/protocoles/parcours-centre-covid/");
    assert!(!page.body.contains("window.__covidactuErrors"));
    assert!(page.body.contains("1er juillet 2027"));
    server.stop();
}

#[test]
fn a_stylesheet_change_swaps_the_css_and_a_theme_change_rebuilds_all() {
    let dir = example_copy();
    write(dir.path(), "themes/default/static/extra.css", "body { color: black; }\n");
    let server = start(dir.path());
    let rx = events(&server);
    write(dir.path(), "themes/default/static/extra.css", "body { color: navy; }\n");
    assert_eq!(next_event(&rx).0, "css");
    assert!(get(&server, "/extra.css").body.contains("navy"));
    write(dir.path(), "themes/default/i18n/fr.yaml", "skip_to_content: \"Au contenu\"\n");
    assert_eq!(next_event(&rx).0, "reload");
    assert!(get(&server, "/protocoles/").body.contains("Au contenu"));
    server.stop();
}

#[test]
fn build_output_never_has_the_live_reload() {
    let dir = example_copy();
    let out = dir.path().join("public");
    covidactu::build::build(&options(dir.path(), &out)).unwrap();
    for f in files(&out) {
        let text = std::fs::read(out.join(&f)).unwrap();
        assert!(!String::from_utf8_lossy(&text).contains("__covidactu"), "{f}");
    }
    let start = Instant::now();
    assert!(start.elapsed() < Duration::from_secs(60));
}

#[test]
fn paginated_lists_follow_edits_and_gain_or_lose_pages() {
    let dir = example_copy();
    let yaml = std::fs::read_to_string(dir.path().join("site.yaml")).unwrap() + "paginate_by: 3\n";
    std::fs::write(dir.path().join("site.yaml"), yaml).unwrap();
    let server = start(dir.path());
    let rx = events(&server);
    let link = "href=\"/syntheses/teleconsultation/\"";
    assert!(get(&server, "/syntheses/page/3/").body.contains(link), "the least recently updated, last");

    // A newer update moves the synthesis to the first page and shifts the others.
    edit(dir.path(), "content/syntheses/teleconsultation.md", "updated: 2020-04-18", "updated: 2020-05-20");
    assert_eq!(next_event(&rx).0, "reload");
    assert!(get(&server, "/syntheses/").body.contains(link));
    let last = get(&server, "/syntheses/page/3/").body;
    assert!(!last.contains(link) && last.contains("href=\"/syntheses/ehpad/\""), "{last}");

    // « traitements » has three documents: a fourth gives its list a second page, and back.
    assert_eq!(get(&server, "/tags/traitements/page/2/").status, 404);
    edit(
        dir.path(),
        "content/syntheses/teleconsultation.md",
        "[teleconsultation, organisation]",
        "[teleconsultation, organisation, traitements]",
    );
    assert_eq!(next_event(&rx).0, "reload");
    assert_eq!(get(&server, "/tags/traitements/page/2/").status, 200);
    assert!(get(&server, "/tags/traitements/").body.contains("rel=\"next\""));
    edit(
        dir.path(),
        "content/syntheses/teleconsultation.md",
        "[teleconsultation, organisation, traitements]",
        "[teleconsultation, organisation]",
    );
    assert_eq!(next_event(&rx).0, "reload");
    assert_eq!(get(&server, "/tags/traitements/page/2/").status, 404);
    assert!(!get(&server, "/tags/traitements/").body.contains("rel=\"next\""));
    server.stop();
}

/// `serve` previews a protocol nobody validated yet, with its banner and badge, but never
/// counts it as in force; a `draft: true` document stays out unless `--drafts`.
#[test]
fn previews_an_unvalidated_protocol_marked_as_such() {
    let dir = example_copy();
    write(
        dir.path(),
        "content/protocoles/nouveau.md",
        "---\ntitle: Protocole en cours\nversion: \"0.1\"\nstatus: relecture\n---\nÀ compléter.\n",
    );
    write(dir.path(), "content/pages/brouillon.md", "---\ntitle: Page brouillon\ndraft: true\n---\nTexte.\n");
    let server = start(dir.path());
    let page = get(&server, "/protocoles/nouveau/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("En relecture — non validé, ne pas appliquer."), "the banner");
    assert!(get(&server, "/protocoles/").body.contains("badge-unpublished\">En relecture</span>"), "the badge");
    assert!(get(&server, "/").body.contains("Tous les protocoles (5 en vigueur)"), "not counted");
    assert_eq!(get(&server, "/pages/brouillon/").status, 404, "drafts only with --drafts");
    // Its search result is marked too.
    let meta = get(&server, "/search/meta.js").body;
    let n: usize = meta.split("\"n\":").nth(1).and_then(|r| r.split(',').next()).and_then(|n| n.parse().ok()).unwrap();
    let fragment =
        (0..n).map(|i| get(&server, &format!("/search/f/{i}.js")).body).find(|f| f.contains("Protocole en cours"));
    assert!(fragment.expect("the protocol is indexed").contains("\"b\":\"relecture\""));
    server.stop();
}
