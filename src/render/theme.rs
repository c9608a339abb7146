//! Themes: tera templates (pages in `templates/`, the email edition in `email/`), static
//! files and translations, from the default theme embedded in the binary, overridden file by
//! file by the site's `themes/<name>/` folder.

use crate::error::{Diagnostic, Diagnostics};
use crate::i18n::{self, msg};
use crate::markdown::french;
use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tera::Tera;

/// The default theme, as shipped in the binary.
pub(crate) static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A loaded theme, ready to render.
pub struct Theme {
    pub tera: Tera,
    /// Files copied as they are to the output root (`style.css`…), by output path.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// UI strings in the site's language (`t.search`, `t.protocols`…).
    pub strings: BTreeMap<String, String>,
    /// Where each template came from, for error messages.
    origins: BTreeMap<String, (PathBuf, String)>,
}

/// Files of the theme folder `sub` (`templates`, `static`), embedded first, then the site's.
fn layered(root: &Path, name: &str, sub: &str) -> Result<BTreeMap<String, (PathBuf, Vec<u8>)>, Diagnostics> {
    let mut files = BTreeMap::new();
    if let Some(dir) = DEFAULT_THEME.get_dir(sub) {
        collect_embedded(dir, sub, &mut files);
    }
    let site_dir = root.join("themes").join(name).join(sub);
    if site_dir.is_dir() {
        for entry in walkdir::WalkDir::new(&site_dir).sort_by_file_name() {
            let entry = entry.map_err(|e| Diagnostic::error(msg::cannot_read_theme_folder(e)))?;
            if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let rel = entry.path().strip_prefix(&site_dir).unwrap_or(entry.path());
            let key = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            let bytes = std::fs::read(entry.path())
                .map_err(|e| Diagnostic::error(msg::cannot_read_file(e)).in_file(entry.path()))?;
            let shown = entry.path().strip_prefix(root).unwrap_or(entry.path()).to_path_buf();
            files.insert(key, (shown, bytes));
        }
    }
    Ok(files)
}

fn collect_embedded(dir: &Dir<'static>, sub: &str, out: &mut BTreeMap<String, (PathBuf, Vec<u8>)>) {
    for f in dir.files() {
        let key = f.path().strip_prefix(sub).unwrap_or(f.path()).to_string_lossy().replace('\\', "/");
        let shown = PathBuf::from(format!("themes/default/{} (embedded)", f.path().display()));
        out.insert(key, (shown, f.contents().to_vec()));
    }
    for d in dir.dirs() {
        collect_embedded(d, sub, out);
    }
}

/// The interface strings: the embedded theme's, then the site's on top, key by key; in
/// French, with French typography (no-break spaces, curly apostrophes) as the content has.
fn translations(root: &Path, name: &str, language: &str, diags: &mut Diagnostics) -> BTreeMap<String, String> {
    let file = format!("i18n/{language}.yaml");
    let mut layers = Vec::new();
    if let Some(f) = DEFAULT_THEME.get_file(&file) {
        layers.push((PathBuf::from(format!("themes/default/{file} (embedded)")), f.contents().to_vec()));
    }
    let site_file = root.join("themes").join(name).join(&file);
    if let Ok(bytes) = std::fs::read(&site_file) {
        layers.push((site_file.strip_prefix(root).unwrap_or(&site_file).to_path_buf(), bytes));
    }
    let mut strings = BTreeMap::new();
    for (shown, bytes) in layers {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        match serde_yaml::from_str::<Option<BTreeMap<String, String>>>(&text) {
            Ok(map) if language == "fr" => {
                strings.extend(map.unwrap_or_default().into_iter().map(|(k, v)| (k, french(&v).into_owned())))
            }
            Ok(map) => strings.extend(map.unwrap_or_default()),
            Err(e) => {
                let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
                diags.push(
                    Diagnostic::error(msg::translation_file_error(i18n::serde_error(&e.to_string())))
                        .in_file(shown)
                        .at(&text, line, col, 1),
                );
            }
        }
    }
    strings
}

impl Theme {
    /// The UI string `key` in the site's language, or `default` if the theme lacks it.
    pub(crate) fn string<'a>(&'a self, key: &str, default: &'a str) -> &'a str {
        self.strings.get(key).map_or(default, String::as_str)
    }

    /// Loads theme `name` for the site at `root`, in `language`.
    pub fn load(root: &Path, name: &str, language: &str) -> Result<Theme, Diagnostics> {
        if name != "default" && !root.join("themes").join(name).is_dir() {
            return Err(Diagnostic::error(msg::theme_not_found(name)).in_file("site.yaml").into());
        }
        let mut diags = Diagnostics::new();
        let mut origins = BTreeMap::new();
        let mut sources = Vec::new();
        let pages = layered(root, name, "templates")?.into_iter();
        let email = layered(root, name, "email")?.into_iter().map(|(k, v)| (format!("email/{k}"), v));
        for (key, (shown, bytes)) in pages.chain(email) {
            match String::from_utf8(bytes) {
                Ok(text) => {
                    origins.insert(key.clone(), (shown, text.clone()));
                    sources.push((key, text));
                }
                Err(_) => diags.push(Diagnostic::error(msg::template_not_utf8()).in_file(shown)),
            }
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape);
        super::filters::register(&mut tera, language);
        if let Err(e) = tera.add_raw_templates(sources) {
            diags.push(template_error(&origins, &e));
        }
        let statics = layered(root, name, "static")?.into_iter().map(|(k, (_, b))| (k, b)).collect();
        let strings = translations(root, name, language, &mut diags);
        if strings.is_empty() && !diags.has_errors() {
            diags.push(Diagnostic::error(msg::theme_without_language(name, language)));
        }
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(Theme { tera, statics, strings, origins })
    }

    /// A tera error as a diagnostic naming the template, and the line when it can be found.
    pub fn error(&self, e: &tera::Error) -> Diagnostic {
        template_error(&self.origins, e)
    }
}

/// HTML escaping that leaves `/` alone (tera's default writes `&#x2F;`), so URLs stay
/// readable and root-relative links can be rewritten.
fn escape(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    let mut copied = 0;
    // The escaped characters are ASCII: every other byte is copied in runs.
    for (i, b) in input.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&input[copied..i]);
        out.push_str(entity);
        copied = i + 1;
    }
    out.push_str(&input[copied..]);
    out
}

/// Tera reports parse errors with `--> line:col`; render errors name a variable or filter,
/// which we look up in the template to find the line.
fn template_error(origins: &BTreeMap<String, (PathBuf, String)>, e: &tera::Error) -> Diagnostic {
    let mut chain = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        chain.push(s.to_string());
        source = s.source();
    }
    let full = chain.join(": ");
    let name = origins.keys().rev().find(|k| full.contains(&format!("'{k}'"))).cloned();
    let message = chain.last().cloned().unwrap_or_default();
    let message = message.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("").trim().to_owned();
    let message = if message.is_empty() { full.clone() } else { msg::template_error(message) };
    let Some((shown, text)) = name.as_ref().and_then(|n| origins.get(n)) else {
        return Diagnostic::error(full);
    };
    let d = Diagnostic::error(message).in_file(shown);
    if let Some(place) = full.split("--> ").nth(1) {
        let mut nums = place.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty());
        if let (Some(Ok(line)), Some(Ok(col))) = (nums.next().map(str::parse), nums.next().map(str::parse)) {
            return d.at(text, line, col, 1);
        }
    }
    // The variable may sit in a parent template or a macro file rather than the one named.
    let others = origins.iter().filter(|(k, _)| Some(*k) != name.as_ref()).map(|(_, v)| v);
    for (file, text) in std::iter::once((shown, text)).chain(others.map(|(f, t)| (f, t))) {
        for quoted in full.split('`').skip(1).step_by(2) {
            for (i, line) in text.lines().enumerate() {
                if let Some(col) = line.find(quoted) {
                    let col = line[..col].chars().count() + 1;
                    return Diagnostic::error(d.message).in_file(file).at(text, i + 1, col, quoted.chars().count());
                }
            }
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::{escape, DEFAULT_THEME};
    use std::collections::BTreeMap;

    /// Every interface string of the default theme exists in each of its languages.
    #[test]
    fn every_language_of_the_default_theme_has_every_string() {
        let keys = |lang: &str| {
            let file = DEFAULT_THEME.get_file(format!("i18n/{lang}.yaml")).expect(lang);
            let map: BTreeMap<String, String> = serde_yaml::from_slice(file.contents()).expect(lang);
            assert!(map.values().all(|v| !v.trim().is_empty()), "{lang}: an empty string");
            map.into_keys().collect::<Vec<_>>()
        };
        assert_eq!(keys("fr"), keys("en"));
    }

    #[test]
    fn escapes_the_five_characters_and_leaves_the_rest() {
        assert_eq!(escape(""), "");
        assert_eq!(escape("a/b"), "a/b");
        assert_eq!(
            escape("<a href=\"/x?a=1&b='2'\">l’été</a>"),
            "&lt;a href=&quot;/x?a=1&amp;b=&#39;2&#39;&quot;&gt;l’été&lt;/a&gt;"
        );
        assert_eq!(escape("«\u{a0}&\u{a0}»é<"), "«\u{a0}&amp;\u{a0}»é&lt;");
    }
}
