//! French text analysis for search, shared by the index (here) and the browser runtime
//! (`runtime.js`, which implements the same steps and is tested to agree on thousands of
//! words): lowercase, curly and straight apostrophes alike, accent and ligature folding,
//! elisions stripped, stop words dropped (never medical acronyms such as TA, SA, PA), then
//! Snowball French stemming of the folded word.

use rust_stemmers::{Algorithm, Stemmer};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// Elided particles dropped before an apostrophe: `l'oxygène` → `oxygène`.
pub const ELISIONS: &[&str] = &["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"];

/// Folded French stop words. `ta`, `sa` and `pa` are left out on purpose: TA (tension
/// artérielle), SA (semaines d'aménorrhée) and PA (pression artérielle) must be findable.
pub const STOP_WORDS: &[&str] = &[
    "a", "au", "aux", "avec", "c", "ce", "ces", "cet", "cette", "d", "dans", "de", "des", "du", "elle", "elles", "en",
    "est", "et", "eux", "il", "ils", "j", "je", "l", "la", "le", "les", "leur", "leurs", "lui", "m", "ma", "mais",
    "me", "mes", "moi", "mon", "n", "ne", "nos", "notre", "nous", "on", "ou", "par", "pas", "pour", "qu", "que", "qui",
    "s", "se", "ses", "son", "sont", "sur", "t", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous",
    "y",
];

/// A word of a text: its search term and where it stands (byte offsets in the text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub term: String,
    pub start: usize,
    pub end: usize,
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::French))
}

/// Lowercase, then remove accents (NFD without combining marks) and expand ligatures.
pub fn fold(word: &str) -> String {
    if word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
        return word.to_owned();
    }
    let mut out = String::with_capacity(word.len());
    for c in word.to_lowercase().nfd() {
        match c {
            '\u{300}'..='\u{36f}' => {}
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            'ø' => out.push('o'),
            'ł' => out.push('l'),
            'đ' => out.push('d'),
            'ı' => out.push('i'),
            c => out.push(c),
        }
    }
    out
}

fn is_word_char(c: char) -> bool {
    // Latin-1 and Latin Extended-A letters (all of French) without Unicode's tables.
    matches!(c, '\u{c0}'..='\u{17f}') && c != '×' && c != '÷' || c.is_alphabetic() || c.is_numeric()
}

/// Whether the character at byte `i` of `text` (a char boundary, not ASCII) is a word's,
/// and its length.
fn word_char_at(text: &str, i: usize) -> (bool, usize) {
    let c = text[i..].chars().next().unwrap_or(' ');
    (is_word_char(c), c.len_utf8())
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '‘')
}

/// A folded word in `-iere(s)` written `-ier(s)`. Snowball's French stemmer takes
/// « infirmière » and « infirmier » to one stem only with the accent, which folding removes:
/// folded, they stemmed to `infirmier` and `infirmi`, and a search for one did not find the
/// other (professions are often written in the feminine). The runtime does the same.
fn masculine_ier(folded: &str) -> std::borrow::Cow<'_, str> {
    if let Some(stem) = folded.strip_suffix("ieres") {
        format!("{stem}iers").into()
    } else if let Some(stem) = folded.strip_suffix("iere") {
        format!("{stem}ier").into()
    } else {
        folded.into()
    }
}

/// The search term of one folded word: `None` for a stop word. Stems are remembered per
/// thread: natural text repeats its words, and stemming is the costly step.
pub fn term(folded: &str) -> Option<String> {
    thread_local! {
        static CACHE: RefCell<HashMap<String, Option<String>>> = RefCell::new(HashMap::new());
    }
    CACHE.with(|cache| {
        if let Some(t) = cache.borrow().get(folded) {
            return t.clone();
        }
        let t = (!STOP_WORDS.contains(&folded)).then(|| stemmer().stem(&masculine_ier(folded)).into_owned());
        let mut cache = cache.borrow_mut();
        if cache.len() > 200_000 {
            cache.clear();
        }
        cache.insert(folded.to_owned(), t.clone());
        t
    })
}

/// The ASCII bytes of words: letters and digits. Runs of ASCII bytes are scanned with this
/// table alone; only a byte from 0x80 up leads to decoding its character.
static ASCII_WORD: [bool; 256] =
    crate::markdown::byte_set(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

/// Calls `f(word, start, end)` for each word of `text` as written (byte offsets), elided
/// particles left out. The index builder folds a word only the first time it meets it.
pub fn for_each_raw_word(text: &str, mut f: impl FnMut(&str, usize, usize)) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        while i < n && bytes[i] < 128 && !ASCII_WORD[bytes[i] as usize] {
            i += 1;
        }
        if i == n {
            break;
        }
        let start = i;
        let mut end = i;
        loop {
            while end < n && ASCII_WORD[bytes[end] as usize] {
                end += 1;
            }
            if end == n || bytes[end] < 128 {
                break;
            }
            let (word, len) = word_char_at(text, end);
            if !word {
                break;
            }
            end += len;
        }
        if end == start {
            // A character that is not a word's, such as `«` or a non-breaking space.
            i += word_char_at(text, i).1;
            continue;
        }
        let raw = &text[start..end];
        let elided = raw.len() <= 7
            && text[end..].chars().next().is_some_and(is_apostrophe)
            && ELISIONS.contains(&fold(raw).as_str());
        if !elided {
            f(raw, start, end);
        }
        i = end;
    }
}

/// Calls `f(folded word, start, end)` for each word of `text` (byte offsets), elided
/// particles left out.
pub fn for_each_word(text: &str, mut f: impl FnMut(&str, usize, usize)) {
    for_each_raw_word(text, |raw, s, e| {
        let folded = fold(raw);
        if !folded.is_empty() {
            f(&folded, s, e);
        }
    });
}

/// The words of `text` as (folded word, start, end), elided particles removed.
pub fn words(text: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    for_each_word(text, |w, s, e| out.push((w.to_owned(), s, e)));
    out
}

/// The search terms of `text`, with their places.
pub fn analyze(text: &str) -> Vec<Token> {
    words(text).into_iter().filter_map(|(w, start, end)| term(&w).map(|term| Token { term, start, end })).collect()
}

/// The search terms of `text`, in order.
pub fn terms(text: &str) -> Vec<String> {
    analyze(text).into_iter().map(|t| t.term).collect()
}

/// The one word the index holds for a French phone number, however it is written
/// (`+33 1 30 22 40 00` → `0130224000`), so that a number typed without spaces finds it; the
/// runtime's `phones` turns a number typed in a query into the same word.
pub fn phone_word(number: &str) -> Option<String> {
    crate::markdown::phone::normalize(number).map(|(shown, _)| shown.replace(' ', ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latin_shortcut_agrees_with_unicode() {
        for c in (0..0x400).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphabetic() || c.is_numeric(), "{c:?}");
        }
    }

    #[test]
    fn folds_case_accents_and_ligatures() {
        assert_eq!(fold("Oxygénothérapie"), "oxygenotherapie");
        assert_eq!(fold("ŒDÈME"), "oedeme");
        assert_eq!(fold("CPTS"), "cpts");
    }

    #[test]
    fn strips_elisions_with_either_apostrophe() {
        assert_eq!(terms("l'oxygène"), terms("oxygène"));
        assert_eq!(terms("l’oxygène"), terms("oxygène"));
        assert_eq!(terms("jusqu'à lorsqu’il qu'elle"), terms("à il elle"));
        assert_eq!(terms("aujourd'hui").len(), 2, "aujourd is not an elision");
    }

    #[test]
    fn accents_do_not_matter() {
        assert_eq!(terms("oxygenotherapie"), terms("oxygénothérapie"));
        assert_eq!(terms("Pédiatrie"), terms("pediatrie"));
    }

    #[test]
    fn stems_french_words() {
        assert_eq!(terms("vaccination vaccinations"), ["vaccin", "vaccin"]);
        assert_eq!(terms("infirmier infirmiers"), ["infirmi", "infirmi"]);
        assert_eq!(terms("infirmière infirmières Infirmieres"), ["infirmi", "infirmi", "infirmi"]);
        assert_eq!(terms("première"), terms("premier"));
        assert_eq!(terms("masques"), terms("masque"));
    }

    #[test]
    fn drops_stop_words_but_keeps_acronyms() {
        assert_eq!(terms("le la les de des et"), Vec::<String>::new());
        assert_eq!(terms("TA SA PA").len(), 3, "medical acronyms are not stop words");
        assert_eq!(terms("la TA"), terms("TA"));
    }

    #[test]
    fn keeps_positions_for_snippets() {
        let t = analyze("Voir l'oxygène.");
        assert_eq!(t[1].start, "Voir l'".len());
        assert_eq!(&"Voir l'oxygène."[t[1].start..t[1].end], "oxygène");
    }
}
