//! Dates of the content model and the one place they are formatted (ISO, French, feeds).

use crate::i18n::msg;
use chrono::{Datelike, NaiveDate};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const WEEKDAYS: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
const WEEKDAYS_EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// When an event takes place, written for a reader: « mardi 14 avril 2020, 14 h 00 – 15 h 30 »,
/// « mardi 12 mai 2020 », « du lundi 11 mai 2020 au mardi 12 mai 2020 »; in English with
/// `english`.
pub(crate) fn span(start: When, end: Option<When>, english: bool) -> String {
    let day = |d: Date| {
        let w = d.0.weekday().num_days_from_monday() as usize;
        if english {
            format!("{} {}", WEEKDAYS_EN[w], d.english())
        } else {
            format!("{} {}", WEEKDAYS[w], d.french())
        }
    };
    let time = |w: When| {
        w.time.map(|t| {
            use chrono::Timelike;
            if english {
                format!("{:02}:{:02}", t.hour(), t.minute())
            } else {
                format!("{}\u{a0}h\u{a0}{:02}", t.hour(), t.minute())
            }
        })
    };
    let at = |w: When| match time(w) {
        Some(t) => format!("{}, {t}", day(w.date)),
        None => day(w.date),
    };
    match end.filter(|e| *e != start) {
        None => at(start),
        Some(end) if end.date == start.date => match (time(start), time(end)) {
            (Some(a), Some(b)) => format!("{}, {a}\u{a0}– {b}", day(start.date)),
            _ => at(start),
        },
        Some(end) if english => format!("from {} to {}", at(start), at(end)),
        Some(end) => format!("du {} au {}", at(start), at(end)),
    }
}

/// A moment recorded as RFC 3339 (the send journal's times), in this machine's time zone,
/// written for a person in the current language: « 3 décembre 2026 à 09 h 41 »,
/// « 3 December 2026 at 09:41 ». A text that is not such a time is returned as it is.
pub(crate) fn moment(rfc3339: &str) -> String {
    use chrono::Timelike;
    let Ok(t) = chrono::DateTime::parse_from_rfc3339(rfc3339) else { return rfc3339.to_owned() };
    let t = t.with_timezone(&chrono::Local);
    let (day, month, year) = (t.day(), t.month0() as usize, t.year());
    match crate::i18n::Lang::current() {
        crate::i18n::Lang::Fr => {
            let day = if day == 1 { "1er".to_owned() } else { day.to_string() };
            format!("{day} {} {year} à {:02}\u{a0}h\u{a0}{:02}", MONTHS[month], t.hour(), t.minute())
        }
        crate::i18n::Lang::En => format!("{day} {} {year} at {:02}:{:02}", MONTHS_EN[month], t.hour(), t.minute()),
    }
}

/// A moment of the agenda, in Europe/Paris local time: a date with a time of day
/// (`2020-04-14 14:00`, also `14h00`, `14h`, or `T14:00`), or a date alone for a whole day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct When {
    pub date: Date,
    pub time: Option<chrono::NaiveTime>,
}

impl When {
    /// Parses `YYYY-MM-DD`, `YYYY-MM-DD HH:MM` or `YYYY-MM-DD HHhMM`, saying what is wrong.
    pub fn parse(s: &str) -> Result<When, String> {
        let s = s.trim();
        let (day, time) = match s.split_once([' ', 'T']) {
            Some((d, t)) => (d, Some(t.trim())),
            None => (s, None),
        };
        let date = Date::parse(day).map_err(|_| msg::not_a_moment(s))?;
        let Some(time) = time else { return Ok(When { date, time: None }) };
        let (h, m) = time.split_once([':', 'h', 'H']).unwrap_or((time, ""));
        let m = if m.is_empty() { "0" } else { m };
        let number = |x: &str| {
            (!x.is_empty() && x.len() <= 2 && x.bytes().all(|b| b.is_ascii_digit()))
                .then(|| x.parse::<u32>().ok())
                .flatten()
        };
        match (number(h), number(m)) {
            (Some(h), Some(m)) => chrono::NaiveTime::from_hms_opt(h, m, 0)
                .map(|t| When { date, time: Some(t) })
                .ok_or_else(|| msg::not_a_real_time(s)),
            _ => Err(msg::not_a_moment(s)),
        }
    }

    /// `2020-04-14T14:00` (HTML's `datetime`), or the date alone.
    pub fn iso(&self) -> String {
        use chrono::Timelike;
        match self.time {
            Some(t) => format!("{}T{:02}:{:02}", self.date.iso(), t.hour(), t.minute()),
            None => self.date.iso(),
        }
    }
}

impl Serialize for When {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = When;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&msg::expecting_moment())
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<When, E> {
                When::parse(s).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

/// A calendar date written `YYYY-MM-DD`; impossible dates (2020-02-30) are rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl Date {
    /// Parses `YYYY-MM-DD`, saying what is wrong otherwise.
    pub fn parse(s: &str) -> Result<Date, String> {
        let s = s.trim();
        let parts: Vec<&str> = s.split('-').collect();
        let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
        match (parts.len(), numbers) {
            (3, Some(n)) if parts[0].len() == 4 => NaiveDate::from_ymd_opt(n[0] as i32, n[1], n[2])
                .map(Date)
                .ok_or_else(|| msg::not_a_real_date(s, n[2], n[1])),
            _ => Err(msg::not_a_date(s)),
        }
    }

    /// Today, on this machine's clock and time zone.
    pub fn today() -> Date {
        Date(chrono::Local::now().date_naive())
    }

    /// `2020-04-12`.
    pub fn iso(&self) -> String {
        // Not chrono's format(), which reads its format string again at each call (every
        // card, page and search fragment shows a date).
        format!("{:04}-{:02}-{:02}", self.0.year(), self.0.month(), self.0.day())
    }

    /// `12 avril 2020` (`1er avril 2020` on the first).
    pub fn french(&self) -> String {
        let d = self.0.day();
        let day = if d == 1 { "1er".to_owned() } else { d.to_string() };
        format!("{day} {} {}", MONTHS[self.0.month0() as usize], self.0.year())
    }

    /// `1 April 2020`, for a site in English.
    pub fn english(&self) -> String {
        format!("{} {} {}", self.0.day(), MONTHS_EN[self.0.month0() as usize], self.0.year())
    }

    /// RFC 3339 timestamp at midnight UTC, for Atom feeds.
    pub fn rfc3339(&self) -> String {
        format!("{}T00:00:00Z", self.iso())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&msg::expecting_date())
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Date, E> {
                Date::parse(s).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

/// A possibly partial publication date of a source: `2020`, `2020-04` or `2020-04-12`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl From<Date> for PartialDate {
    fn from(d: Date) -> Self {
        use chrono::Datelike;
        PartialDate { year: d.0.year(), month: Some(d.0.month()), day: Some(d.0.day()) }
    }
}

impl PartialDate {
    fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let parts: Vec<&str> = s.split('-').collect();
        let bad = || msg::not_a_partial_date(s);
        let year: i32 = match parts.first() {
            Some(y) if y.len() == 4 => y.parse().map_err(|_| bad())?,
            _ => return Err(bad()),
        };
        match parts.len() {
            1 => Ok(PartialDate { year, month: None, day: None }),
            2 => {
                let month: u32 = parts[1].parse().map_err(|_| bad())?;
                if !(1..=12).contains(&month) {
                    return Err(msg::no_such_month(s, month));
                }
                Ok(PartialDate { year, month: Some(month), day: None })
            }
            3 => {
                let d = Date::parse(s)?;
                Ok(PartialDate { year, month: Some(d.0.month()), day: Some(d.0.day()) })
            }
            _ => Err(bad()),
        }
    }

    /// As written in front matter: `2020-04-12`, `2020-04`, `2020` (what templates see).
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// Vancouver order: `2020 avr 12`, `2020 avr`, `2020`; `2020 Apr 12` in English (the
    /// NLM's abbreviations).
    pub fn vancouver(&self, english: bool) -> String {
        const SHORT: [&str; 12] =
            ["janv", "févr", "mars", "avr", "mai", "juin", "juill", "août", "sept", "oct", "nov", "déc"];
        const SHORT_EN: [&str; 12] =
            ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        let mut s = self.year.to_string();
        if let Some(m) = self.month {
            s.push(' ');
            s.push_str(if english { SHORT_EN } else { SHORT }[(m - 1) as usize]);
            if let Some(d) = self.day {
                s.push_str(&format!(" {d}"));
            }
        }
        s
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = PartialDate;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&msg::expecting_partial_date())
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<PartialDate, E> {
                PartialDate::parse(s).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, y: u64) -> Result<PartialDate, E> {
                PartialDate::parse(&y.to_string()).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, y: i64) -> Result<PartialDate, E> {
                PartialDate::parse(&y.to_string()).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod span_tests {
    use super::*;

    #[test]
    fn events_are_written_as_a_french_agenda_writes_them() {
        let w = |s: &str| When::parse(s).unwrap();
        assert_eq!(
            span(w("2020-04-14 14:00"), Some(w("2020-04-14 15h30")), false),
            "mardi 14 avril 2020, 14\u{a0}h\u{a0}00\u{a0}– 15\u{a0}h\u{a0}30"
        );
        assert_eq!(span(w("2020-05-12"), Some(w("2020-05-12")), false), "mardi 12 mai 2020");
        assert_eq!(span(w("2020-05-11"), Some(w("2020-05-12")), false), "du lundi 11 mai 2020 au mardi 12 mai 2020");
        assert_eq!(span(w("2020-04-01 9h"), None, false), "mercredi 1er avril 2020, 9\u{a0}h\u{a0}00");
        assert_eq!(
            span(w("2020-04-14T14:00"), Some(w("2020-04-14 15:30")), true),
            "Tuesday 14 April 2020, 14:00\u{a0}– 15:30"
        );
        assert!(When::parse("2020-04-14 25:00").is_err() && When::parse("2020-04-14 midi").is_err());
        assert!(When::parse("2020-04-14") < When::parse("2020-04-14 08:00"), "a day sorts before its hours");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_impossible_dates() {
        assert!(Date::parse("2020-02-30").unwrap_err().contains("pas une vraie date"));
        assert!(Date::parse("2020-13-01").is_err());
        assert!(Date::parse("12/04/2020").is_err());
        assert_eq!(Date::parse("2020-02-29").unwrap().iso(), "2020-02-29");
        assert_eq!(Date::parse("0999-01-05").unwrap().iso(), "0999-01-05");
    }

    #[test]
    fn formats_in_french() {
        assert_eq!(Date::parse("2020-04-01").unwrap().french(), "1er avril 2020");
        assert_eq!(Date::parse("2020-08-15").unwrap().french(), "15 août 2020");
    }

    #[test]
    fn partial_dates_for_sources() {
        assert_eq!(PartialDate::parse("2020").unwrap().vancouver(false), "2020");
        assert_eq!(PartialDate::parse("2020-04-12").unwrap().vancouver(false), "2020 avr 12");
        assert_eq!(PartialDate::parse("2020-04-12").unwrap().vancouver(true), "2020 Apr 12");
        assert_eq!(PartialDate::parse("2020-06").unwrap().vancouver(true), "2020 Jun");
        assert!(PartialDate::parse("2020-14").is_err());
    }
}
