//! The one catalogue of what the terminal says, in French — the users' language, the default —
//! and in English (`--lang en` or `COVIDACTU_LANG=en`, for developers and bug reports). Each
//! text is written in both languages side by side, so that none can miss one: the command
//! line's help in [`HELP`], every other message (diagnostics, reports, progress, the dev
//! server's pages) as a function of [`msg`].
//!
//! A module rather than Fluent files: the texts are checked by the compiler where they are
//! used (a message's arguments are the function's parameters), both languages sit side by
//! side, and nothing is looked up by a string at run time.

mod help;
pub mod msg;

pub use help::HELP;

use std::ffi::OsString;
use std::fmt::{Display, Write as _};
use std::sync::atomic::{AtomicBool, Ordering};

/// A language the terminal speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

static ENGLISH: AtomicBool = AtomicBool::new(false);

impl Lang {
    /// The language asked for by `--lang X` (or `--lang=X`) among `args`, else by
    /// `COVIDACTU_LANG`, else French.
    pub fn detect(args: &[OsString]) -> Lang {
        let mut asked = None;
        for (i, a) in args.iter().enumerate() {
            let a = a.to_string_lossy();
            if a == "--lang" {
                asked = args.get(i + 1).map(|v| v.to_string_lossy().into_owned());
            } else if let Some(v) = a.strip_prefix("--lang=") {
                asked = Some(v.to_owned());
            }
        }
        let asked = asked.or_else(|| std::env::var("COVIDACTU_LANG").ok());
        match asked.as_deref().map(str::trim) {
            Some(l) if l.eq_ignore_ascii_case("en") || l.to_ascii_lowercase().starts_with("en_") => Lang::En,
            _ => Lang::Fr,
        }
    }

    /// Makes `self` the language of every text from now on.
    pub fn set(self) {
        ENGLISH.store(self == Lang::En, Ordering::Relaxed);
    }

    /// The language texts are given in.
    pub fn current() -> Lang {
        if ENGLISH.load(Ordering::Relaxed) {
            Lang::En
        } else {
            Lang::Fr
        }
    }
}

/// A text in both languages.
#[derive(Debug, Clone, Copy)]
pub struct Text {
    pub fr: &'static str,
    pub en: &'static str,
}

impl Text {
    /// The text in the current language.
    pub fn get(self) -> &'static str {
        match Lang::current() {
            Lang::Fr => self.fr,
            Lang::En => self.en,
        }
    }
}

pub(crate) const fn t(fr: &'static str, en: &'static str) -> Text {
    Text { fr, en }
}

/// The help text of `key`, in the current language (French typography in French: no-break
/// spaces before `: ; ! ?`, curly apostrophes).
pub fn help(key: &str) -> Option<String> {
    HELP.iter().find(|(k, _)| *k == key).map(|(_, t)| typeset(t.get()))
}

/// `text` in the current language, its typography applied (to the text, not to the values),
/// each `{name}` replaced by the value of that argument; `{{` and `}}` are braces.
pub(crate) fn fill(text: Text, args: &[(&str, &dyn Display)]) -> String {
    let template = typeset(text.get());
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template.as_str();
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i].replace("}}", "}"));
        let after = &rest[i + 1..];
        if let Some(a) = after.strip_prefix('{') {
            out.push('{');
            rest = a;
            continue;
        }
        let Some(j) = after.find('}') else {
            out.push('{');
            rest = after;
            continue;
        };
        let name = &after[..j];
        match args.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => {
                let _ = write!(out, "{value}");
            }
            None => {
                let _ = write!(out, "{{{name}}}");
            }
        }
        rest = &after[j + 1..];
    }
    out.push_str(&rest.replace("}}", "}"));
    out
}

/// `one` when `n` calls for the singular (in French 0 and 1, in English 1), else `many`;
/// both are given `n` written as [`number`] writes it.
pub fn plural(n: usize, one: impl FnOnce(String) -> String, many: impl FnOnce(String) -> String) -> String {
    let singular = match Lang::current() {
        Lang::Fr => n <= 1,
        Lang::En => n == 1,
    };
    if singular {
        one(number(n))
    } else {
        many(number(n))
    }
}

/// A count written the current language's way: « 10 000 » (narrow no-break spaces) in
/// French, « 10,000 » in English.
pub fn number(n: usize) -> String {
    match Lang::current() {
        Lang::Fr => crate::markdown::french_number(n as i64),
        Lang::En => {
            let digits = n.to_string();
            let mut out = String::with_capacity(digits.len() + 4);
            for (i, d) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i).is_multiple_of(3) {
                    out.push(',');
                }
                out.push(d);
            }
            out
        }
    }
}

/// A message of serde or of the YAML reader, in the current language: in French, the words
/// of their usual messages translated and `x` quoted « x ».
pub fn serde_error(message: &str) -> String {
    if Lang::current() == Lang::En {
        return message.to_owned();
    }
    /// Longer phrases first: each is replaced once, before the shorter ones it contains.
    const WORDS: &[(&str, &str)] = &[
        ("did not find expected key", "clé attendue introuvable"),
        ("did not find expected node content", "valeur attendue introuvable"),
        (
            "mapping values are not allowed in this context",
            "« : » n’est pas permis ici (mettez la valeur entre guillemets)",
        ),
        ("found character that cannot start any token", "caractère qui ne peut pas commencer une valeur"),
        ("found unexpected end of stream", "fin inattendue du texte"),
        ("while parsing a block mapping", "en lisant une suite de champs"),
        ("while parsing a flow sequence", "en lisant une liste entre crochets"),
        ("while parsing a block collection", "en lisant une liste"),
        ("while scanning a quoted scalar", "en lisant un texte entre guillemets"),
        ("duplicate entry with key", "entrée en double avec la clé"),
        ("invalid type: ", "type invalide\u{a0}: "),
        ("invalid value: ", "valeur invalide\u{a0}: "),
        ("invalid length ", "longueur invalide "),
        (", expected one of ", ", attendu l’un de\u{a0}: "),
        (", expected ", ", attendu\u{a0}: "),
        ("expected ", "attendu\u{a0}: "),
        ("unknown variant ", "valeur inconnue "),
        ("unknown field ", "champ inconnu "),
        ("missing field ", "champ manquant "),
        ("duplicate field ", "champ en double "),
        ("there are no variants", "aucune valeur possible"),
        ("there are no fields", "aucun champ possible"),
        ("a boolean", "true ou false"),
        ("a string", "un texte"),
        ("a sequence", "une liste"),
        ("a map", "des champs « nom: valeur »"),
        ("unit value", "valeur vide"),
        ("floating point ", "nombre "),
        ("string ", "texte "),
        ("integer ", "nombre "),
        ("boolean ", "booléen "),
        ("sequence", "liste"),
        ("u8", "un nombre entier positif"),
        ("u16", "un nombre entier positif"),
        ("u32", "un nombre entier positif"),
        ("u64", "un nombre entier positif"),
        ("usize", "un nombre entier positif"),
        ("i32", "un nombre entier"),
        ("i64", "un nombre entier"),
        ("f64", "un nombre"),
    ];
    // « at line 2 column 1 » counts from the start of the YAML, not of the file: the
    // diagnostic shows the place itself.
    let mut out = match yaml_position(message) {
        Some((start, end)) => format!("{}{}", &message[..start], &message[end..]),
        None => message.to_owned(),
    };
    for (en, fr) in WORDS {
        if out.contains(en) {
            out = out.replacen(en, fr, 1);
        }
    }
    let mut quoted = String::with_capacity(out.len() + 8);
    let mut open = true;
    for c in out.chars() {
        if c == '`' {
            quoted.push_str(if open { "«\u{a0}" } else { "\u{a0}»" });
            open = !open;
        } else {
            quoted.push(c);
        }
    }
    quoted
}

/// Where ` at line N column M` stands in a serde message.
fn yaml_position(message: &str) -> Option<(usize, usize)> {
    let start = message.find(" at line ")?;
    let rest = &message[start + " at line ".len()..];
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let line = digits(rest);
    let after_line = rest[line..].strip_prefix(" column ")?;
    let column = digits(after_line);
    if line == 0 || column == 0 {
        return None;
    }
    Some((start, message.len() - after_line.len() + column))
}

/// `text` with the current language's typography.
pub fn typeset(text: &str) -> String {
    match Lang::current() {
        Lang::Fr => crate::markdown::french(text).into_owned(),
        Lang::En => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_positions_are_left_to_the_diagnostic() {
        let m = "found unexpected end of stream at line 2 column 1, while scanning a quoted scalar";
        let (start, end) = yaml_position(m).unwrap();
        assert_eq!(
            format!("{}{}", &m[..start], &m[end..]),
            "found unexpected end of stream, while scanning a quoted scalar"
        );
        assert_eq!(yaml_position("invalid type: at line"), None);
    }

    #[test]
    fn the_language_comes_from_the_flag_then_the_environment() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(Lang::detect(&args(&["covidactu", "--lang", "en", "build"])), Lang::En);
        assert_eq!(Lang::detect(&args(&["covidactu", "build", "--lang=fr"])), Lang::Fr);
    }

    #[test]
    fn every_text_is_written_in_both_languages_once() {
        let mut keys: Vec<&str> = HELP.iter().map(|(k, _)| *k).collect();
        keys.sort_unstable();
        let before = keys.len();
        keys.dedup();
        assert_eq!(before, keys.len(), "a key written twice");
        for (k, t) in HELP {
            assert!(!t.fr.trim().is_empty() && !t.en.trim().is_empty(), "{k}");
        }
    }
}
