//! The browser runtime analyses words exactly as the index builder does: same folding,
//! elisions, stop words and Snowball French stems, on a few thousand French words.

use covidactu::search::analysis;
use std::process::Command;

fn word_list() -> Vec<String> {
    let text = include_str!("data/mots.txt");
    text.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).map(str::to_owned).collect()
}

#[test]
fn javascript_and_rust_analysis_agree() {
    let words = word_list();
    assert!(words.len() > 3000, "only {} words", words.len());
    let dir = tempfile::tempdir().unwrap();
    let runtime = dir.path().join("runtime.js");
    std::fs::write(&runtime, covidactu::search::runtime_js()).unwrap();
    let input = dir.path().join("words.json");
    std::fs::write(&input, serde_json::to_string(&words).unwrap()).unwrap();
    let script = format!(
        "const rt = require({rt}); const words = require({input});\n\
         const out = words.map(w => rt.analyze(w).map(t => [t.term, t.word]));\n\
         process.stdout.write(JSON.stringify(out));",
        rt = serde_json::to_string(&runtime).unwrap(),
        input = serde_json::to_string(&input).unwrap()
    );
    let output = Command::new("node").arg("-e").arg(script).output().expect("node is needed for this test");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let js: Vec<Vec<(String, String)>> = serde_json::from_slice(&output.stdout).unwrap();
    let mut differences = Vec::new();
    let mut stems = 0;
    for (word, js_terms) in words.iter().zip(js) {
        let rust: Vec<(String, String)> =
            analysis::words(word).into_iter().filter_map(|(w, _, _)| analysis::term(&w).map(|t| (t, w))).collect();
        stems += rust.len();
        if rust != js_terms {
            differences.push(format!("{word}: rust {rust:?} js {js_terms:?}"));
        }
    }
    assert!(stems > 3000);
    assert!(
        differences.is_empty(),
        "{} of {} words differ:\n{}",
        differences.len(),
        words.len(),
        differences[..differences.len().min(40)].join("\n")
    );
}

/// A phone number typed in the search box becomes the compact word the index holds for the
/// directory's number: `markdown::phone::normalize`'s digits.
#[test]
fn typed_phone_numbers_become_the_indexed_word() {
    let typed = [
        "01 30 22 40 00",
        "01.30.22.40.00",
        "0130224000",
        "+33 1 30 22 40 00",
        "+33 (0)1 30 22 40 00",
        "06-12-34-56-78",
        "0 800 130 000",
    ];
    let dir = tempfile::tempdir().unwrap();
    let runtime = dir.path().join("runtime.js");
    std::fs::write(&runtime, covidactu::search::runtime_js()).unwrap();
    let script = format!(
        "const rt = require({rt}); process.stdout.write(JSON.stringify({typed}.map(q => rt.phones('appeler ' + q + ' vite'))));",
        rt = serde_json::to_string(&runtime).unwrap(),
        typed = serde_json::to_string(&typed).unwrap()
    );
    let output = Command::new("node").arg("-e").arg(script).output().expect("node is needed for this test");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let js: Vec<String> = serde_json::from_slice(&output.stdout).unwrap();
    for (q, got) in typed.iter().zip(js) {
        let word = analysis::phone_word(q).expect("a French number");
        assert_eq!(got, format!("appeler {word} vite"), "{q}");
    }
}
