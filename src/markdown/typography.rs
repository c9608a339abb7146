//! French typography on prose: non-breaking spaces before `; : ! ?` and inside « », curly
//! apostrophes. Applied to text only, never to code (the renderer sees to that).

use std::borrow::Cow;

const NBSP: char = '\u{a0}';
const NNBSP: char = '\u{202f}';

/// The bytes some rule reacts to: `; ! ? : '` and C2, the lead byte of « » and U+00A0.
static LOOKED_FOR: [bool; 256] = super::byte_set(b";!?:'\xc2");

/// An integer written the French way: its digits in groups of three, separated by narrow
/// no-break spaces.
pub(crate) fn french_number(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + 8);
    if n < 0 {
        out.push('-');
    }
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(NNBSP);
        }
        out.push(d);
    }
    out
}

/// Applies French typographic rules to a run of text; borrows it when nothing changes.
pub(crate) fn french(text: &str) -> Cow<'_, str> {
    // Every rule is decided by the characters just before and after the one it changes, as
    // written; the text is scanned by bytes and copied in runs between the changes.
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut replace = |out: &mut Option<String>, at: usize, len: usize, with: &str| {
        let o = out.get_or_insert_with(|| String::with_capacity(text.len() + 16));
        o.push_str(&text[copied..at]);
        o.push_str(with);
        copied = at + len;
    };
    // Every change is within three bytes of a byte that some rule looks for (a space changes
    // only next to `; ! ? :`, `«` or `»`, and those are C2 AB and C2 BB): the text between
    // such windows is skipped without a look at each character. A window ends three bytes
    // after the last such byte in it.
    let mut i = 0;
    let looked_for = |b: u8| LOOKED_FOR[b as usize];
    while let Some(offset) = bytes[i..].iter().position(|&b| looked_for(b)) {
        let found = i + offset;
        i = i.max(found.saturating_sub(3));
        while !text.is_char_boundary(i) {
            i += 1;
        }
        let mut window_end = found + 4;
        while i < window_end.min(bytes.len()) {
            if looked_for(bytes[i]) {
                window_end = i + 4;
            }
            let (c, len) = match bytes[i] {
                // Most spaces are between words: a space changes only before `; ! ? : »` or
                // after `«` (U+00BB and U+00AB are C2 BB and C2 AB).
                b' ' if matches!(bytes.get(i + 1), Some(b';' | b'!' | b'?' | b':'))
                    || bytes.get(i + 1..i + 3) == Some(&[0xC2, 0xBB][..])
                    || (i >= 2 && bytes[i - 2..i] == [0xC2, 0xAB]) =>
                {
                    (' ', 1)
                }
                b' ' => {
                    i += 1;
                    continue;
                }
                b'\'' => ('\'', 1),
                0xC2 if i + 1 < bytes.len() && matches!(bytes[i + 1], 0xA0 | 0xAB | 0xBB) => {
                    (text[i..].chars().next().unwrap_or(' '), 2)
                }
                _ => {
                    i += 1;
                    continue;
                }
            };
            let next = text[i + len..].chars().next();
            let prev = text[..i].chars().next_back();
            match c {
                ' ' | NBSP if matches!(next, Some(';' | '!' | '?')) => {
                    replace(&mut out, i, len, NNBSP.encode_utf8(&mut [0; 4]))
                }
                ' ' if matches!(next, Some(':' | '»')) || prev == Some('«') => {
                    replace(&mut out, i, len, NBSP.encode_utf8(&mut [0; 4]))
                }
                '\'' => replace(&mut out, i, len, "’"),
                '«' if next.is_some_and(|n| !n.is_whitespace()) => replace(&mut out, i, len, "«\u{a0}"),
                // Before », a space is added after anything but a space, or a « (which got one).
                '»' if prev.is_some_and(|p| !p.is_whitespace() && p != '«') => replace(&mut out, i, len, "\u{a0}»"),
                _ => {}
            }
            i += len;
        }
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut o) => {
            o.push_str(&text[copied..]);
            Cow::Owned(o)
        }
    }
}

/// The rules one character at a time, as first written: the reference the scanner above
/// is checked against.
#[cfg(test)]
fn french_by_chars(text: &str) -> String {
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
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_a_sentence_the_french_way() {
        assert_eq!(french_number(6000), "6\u{202f}000");
        assert_eq!(french_number(-1234567), "-1\u{202f}234\u{202f}567");
        assert_eq!(french("l'essentiel : « FFP2 » ?"), "l’essentiel\u{a0}: «\u{a0}FFP2\u{a0}»\u{202f}?");
    }

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
    fn the_scanner_follows_the_rules_on_every_short_text() {
        // Every text of up to 4 characters from an alphabet holding each rule's triggers.
        let alphabet = [' ', 'a', ':', ';', '!', '?', '\'', '«', '»', NBSP, NNBSP, 'é', '\n'];
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> =
                texts.iter().flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}"))).collect();
            texts.extend(longer.into_iter().filter(|t| t.chars().count() == 4 || t.chars().count() < 4));
            texts.sort();
            texts.dedup();
        }
        assert!(texts.len() > 10_000);
        for t in &texts {
            assert_eq!(french(t), french_by_chars(t), "{t:?}");
        }
        assert!(matches!(french("rien à changer"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_scanner_follows_the_rules_on_long_texts() {
        // Pseudo-random texts of up to 40 characters, so that the windows the scanner looks
        // at meet, overlap and leave gaps in every way; the same ones on every run.
        let alphabet = [' ', ' ', 'a', 'b', ':', ';', '!', '?', '\'', '«', '»', NBSP, NNBSP, 'é', '°', '\n', '’'];
        let mut seed: u64 = 0x2020_0317;
        let mut next = || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for _ in 0..50_000 {
            let len = next() % 41;
            let t: String = (0..len).map(|_| alphabet[next() % alphabet.len()]).collect();
            assert_eq!(french(&t), french_by_chars(&t), "{t:?}");
        }
    }

    #[test]
    fn leaves_urls_and_times_alone() {
        assert_eq!(french("https://x.fr à 10:30"), "https://x.fr à 10:30");
    }
}
