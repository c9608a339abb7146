//! French typography on prose: non-breaking spaces before `; : ! ?` and inside « », curly
//! apostrophes. Applied to text only, never to code (the renderer sees to that).

use std::borrow::Cow;

const NBSP: char = '\u{a0}';
const NNBSP: char = '\u{202f}';

/// Applies French typographic rules to a run of text.
pub fn french(text: &str) -> Cow<'_, str> {
    if !text.contains([' ', '\'', '«', '»', NBSP]) {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let prev = out.chars().last();
        match c {
            ' ' | NBSP if matches!(next, Some(';' | '!' | '?')) => out.push(NNBSP),
            ' ' | NBSP if matches!(next, Some(':' | '»')) => out.push(NBSP),
            ' ' | NBSP if prev == Some('«') => out.push(NBSP),
            '\'' => out.push('’'),
            '«' => {
                out.push('«');
                if next.is_some_and(|n| !n.is_whitespace()) {
                    out.push(NBSP);
                }
            }
            '»' => {
                if prev.is_some_and(|p| !p.is_whitespace()) {
                    out.push(NBSP);
                }
                out.push('»');
            }
            c => out.push(c),
        }
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
