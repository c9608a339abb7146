//! French phone numbers written in content become `tel:` links, so that a professional can
//! call from a phone. Ten-digit numbers are found anywhere in text when written the French
//! way, in groups (`01 30 22 40 00`, `01.30.22.40.00`, `0 800 130 000`); short numbers (`15`,
//! `112`, `3624`…) only when they stand alone in a table cell, a list item or a bold span,
//! where they cannot be a quantity (« 15 jours » stays text).

use std::ops::Range;

/// The national short numbers a content may list: emergencies, health and social lines.
const SHORT_NUMBERS: &[&str] = &[
    "15", "17", "18", "112", "114", "115", "116 000", "116 117", "119", "191", "196", "197", "3114", "3237", "3624",
    "3919", "3977",
];

/// Characters allowed between the groups of a number.
fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '.' | '-' | '\u{a0}' | '\u{202f}')
}

/// The `tel:` URI of `number` as written, if it is a short number standing alone.
pub(super) fn short_number(text: &str) -> Option<String> {
    let t = text.trim();
    SHORT_NUMBERS.contains(&t).then(|| format!("tel:{}", t.replace(' ', "")))
}

/// A phone number as a spreadsheet cell holds it (`0130224000`, `01.30.22.40.00`,
/// `+33 1 30 22 40 00`, `0 800 130 000`, `15`), written the one French way (`01 30 22 40 00`,
/// `0 800 130 000`, `15`) with its `tel:` URI; `None` when it is not a French number.
pub(crate) fn normalize(cell: &str) -> Option<(String, String)> {
    let t = cell.trim();
    if let Some(tel) = short_number(t) {
        return Some((t.to_owned(), tel));
    }
    let mut digits: String = t.chars().filter(|c| !is_separator(*c) && !matches!(c, '(' | ')')).collect();
    if let Some(rest) = digits.strip_prefix("+33").or_else(|| digits.strip_prefix("0033")) {
        digits = format!("0{}", rest.trim_start_matches('0'));
    }
    let ok = digits.len() == 10
        && digits.starts_with('0')
        && !digits.starts_with("00")
        && digits.bytes().all(|b| b.is_ascii_digit());
    if !ok {
        return None;
    }
    let shown = if digits.starts_with("08") {
        format!("{} {} {} {}", &digits[..1], &digits[1..4], &digits[4..7], &digits[7..])
    } else {
        (0..5).map(|i| &digits[2 * i..2 * i + 2]).collect::<Vec<_>>().join(" ")
    };
    Some((shown, format!("tel:+33{}", &digits[1..])))
}

/// Every ten-digit French number of `text`: its byte range and its `tel:` URI (in the
/// international form, `tel:+33130224000`).
pub(super) fn find(text: &str) -> Vec<(Range<usize>, String)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_a_number = bytes[i] == b'0' && (i == 0 || !is_number_char(text, i, true));
        if starts_a_number {
            if let Some((end, digits)) = number_at(text, i) {
                found.push((i..end, format!("tel:+33{}", &digits[1..])));
                i = end;
                continue;
            }
        }
        i += 1;
    }
    found
}

/// Whether the character just before byte `i` (or at `i` when `before` is false) is a digit,
/// or a decimal mark or separator right next to one: such a `0` is inside a larger number.
fn is_number_char(text: &str, i: usize, before: bool) -> bool {
    let c = if before { text[..i].chars().next_back() } else { text[i..].chars().next() };
    match c {
        Some(c) if c.is_ascii_digit() => true,
        Some(',' | '.' | '/') => {
            let beyond = if before { text[..i - 1].chars().next_back() } else { text[i + 1..].chars().next() };
            beyond.is_some_and(|c| c.is_ascii_digit())
        }
        _ => false,
    }
}

/// A number starting at `start`: `0X XX XX XX XX` (one separator kind between the five
/// pairs) or `0 8XX XXX XXX`. Returns its end and its ten digits.
fn number_at(text: &str, start: usize) -> Option<(usize, String)> {
    let shapes: [&[usize]; 2] = [&[2, 2, 2, 2, 2], &[1, 3, 3, 3]];
    shapes.iter().find_map(|groups| groups_at(text, start, groups))
}

fn groups_at(text: &str, start: usize, groups: &[usize]) -> Option<(usize, String)> {
    let mut digits = String::with_capacity(10);
    let mut separator = None;
    let mut chars = text[start..].char_indices().peekable();
    let mut end = start;
    for (g, &len) in groups.iter().enumerate() {
        if g > 0 {
            let (_, c) = chars.next()?;
            if !is_separator(c) || separator.is_some_and(|s| s != c) {
                return None;
            }
            separator = Some(c);
        }
        for _ in 0..len {
            let (at, c) = chars.next()?;
            if !c.is_ascii_digit() {
                return None;
            }
            digits.push(c);
            end = start + at + 1;
        }
    }
    let valid = digits.as_bytes()[1] != b'0' && (groups.len() == 5 || digits.as_bytes()[1] == b'8');
    // One more group after the last one: a longer number, not a phone number.
    let mut after = text[end..].chars();
    let more_groups = after.next() == separator && after.next().is_some_and(|c| c.is_ascii_digit());
    (valid && !more_groups && !is_number_char(text, end, false)).then_some((end, digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(text: &str) -> Vec<(&str, String)> {
        find(text).into_iter().map(|(r, tel)| (&text[r], tel)).collect()
    }

    #[test]
    fn numbers_written_the_french_way_are_found() {
        assert_eq!(numbers("Appeler le 01 30 22 40 00."), [("01 30 22 40 00", "tel:+33130224000".into())]);
        assert_eq!(
            numbers("01.30.22.40.00 ou 06-12-34-56-78"),
            [("01.30.22.40.00", "tel:+33130224000".into()), ("06-12-34-56-78", "tel:+33612345678".into())]
        );
        assert_eq!(numbers("N° vert 0 800 130 000 (gratuit)"), [("0 800 130 000", "tel:+33800130000".into())]);
        assert_eq!(
            numbers("au\u{a0}01\u{a0}99\u{a0}00\u{a0}12\u{a0}34\u{a0}:"),
            [("01\u{a0}99\u{a0}00\u{a0}12\u{a0}34", "tel:+33199001234".into())]
        );
    }

    #[test]
    fn other_numbers_are_left_alone() {
        for text in [
            "15 jours",
            "le 11 mai 2020",
            "0,5 mg deux fois",
            "SpO2 < 90 %",
            "10 000 patients",
            "version 1.2",
            "01 30 22 40",
            "01 30 22 40 00 00",
            "101 30 22 40 00",
            "01 30.22 40 00",
            "00 30 22 40 00",
            "0 600 130 000",
            "1,01 30 22 40 00",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", numbers(text));
        }
    }

    #[test]
    fn spreadsheet_cells_are_written_the_french_way() {
        let n = |s: &str| normalize(s).map(|(shown, _)| shown);
        assert_eq!(n("0130224000").as_deref(), Some("01 30 22 40 00"));
        assert_eq!(n("+33 1 30 22 40 00").as_deref(), Some("01 30 22 40 00"));
        assert_eq!(n("01.30.22.40.00").as_deref(), Some("01 30 22 40 00"));
        assert_eq!(n("0800130000").as_deref(), Some("0 800 130 000"));
        assert_eq!(normalize("15"), Some(("15".into(), "tel:15".into())));
        assert_eq!(normalize("01 30 22 40 00").map(|(_, t)| t).as_deref(), Some("tel:+33130224000"));
        for bad in ["01 30 22 40", "1234567890", "00 30 22 40 00", "appeler", ""] {
            assert_eq!(normalize(bad), None, "{bad}");
        }
    }

    #[test]
    fn short_numbers_only_alone() {
        assert_eq!(short_number(" 15 ").as_deref(), Some("tel:15"));
        assert_eq!(short_number("116 117").as_deref(), Some("tel:116117"));
        assert_eq!(short_number("15 jours"), None);
        assert_eq!(short_number("16"), None);
    }
}
