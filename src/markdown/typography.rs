//! French typography on prose: non-breaking spaces before `; : ! ?` and inside « », curly
//! apostrophes. Applied to text only, never to code (the renderer sees to that).

use std::borrow::Cow;

const NBSP: char = '\u{a0}';
const NNBSP: char = '\u{202f}';

/// Applies French typographic rules to a run of text.
///
/// ```
/// assert_eq!(covidactu::markdown::french("l'essentiel : « FFP2 » ?"), "l’essentiel\u{a0}: «\u{a0}FFP2\u{a0}»\u{202f}?");
/// ```
pub fn french(text: &str) -> Cow<'_, str> {
    if !text.contains([' ', '\'', '«', '»', NBSP]) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    let mut prev: Option<char> = None;
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let pushed = match c {
            ' ' | NBSP if matches!(next, Some(';' | '!' | '?')) => NNBSP,
            ' ' | NBSP if matches!(next, Some(':' | '»')) || prev == Some('«') => NBSP,
            '\'' => '’',
            '«' => {
                out.push('«');
                prev = Some('«');
                if next.is_some_and(|n| !n.is_whitespace()) {
                    out.push(NBSP);
                    prev = Some(NBSP);
                }
                continue;
            }
            '»' => {
                if prev.is_some_and(|p| !p.is_whitespace()) {
                    out.push(NBSP);
                }
                '»'
            }
            c => c,
        };
        out.push(pushed);
        prev = Some(pushed);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_before_high_punctuation() {
        assert_eq!(french("Attention : fièvre ?"), "Attention\u{a0}: fièvre\u{202f}?");
        assert_eq!(french("Vite ! Oui ; non"), "Vite\u{202f}! Oui\u{202f}; non");
    }

    #[test]
    fn guillemets_and_apostrophes() {
        assert_eq!(french("« À retenir »"), "«\u{a0}À retenir\u{a0}»");
        assert_eq!(french("«oui»"), "«\u{a0}oui\u{a0}»");
        assert_eq!(french("l'oxygène"), "l’oxygène");
    }

    #[test]
    fn leaves_urls_and_times_alone() {
        assert_eq!(french("https://x.fr à 10:30"), "https://x.fr à 10:30");
    }
}
