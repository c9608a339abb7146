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

/// A moment recorded as RFC 3339 (the send journal's times), in this machine's time zone,
/// written for a person in the current language: « 3 décembre 2026 à 09 h 41 »,
/// « 3 December 2026 at 09:41 ». A text that is not such a time is returned as it is.
pub fn moment(rfc3339: &str) -> String {
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

    /// Vancouver order in French: `2020 avr 12`, `2020 avr`, `2020`.
    pub fn vancouver(&self) -> String {
        const SHORT: [&str; 12] =
            ["janv", "févr", "mars", "avr", "mai", "juin", "juill", "août", "sept", "oct", "nov", "déc"];
        let mut s = self.year.to_string();
        if let Some(m) = self.month {
            s.push(' ');
            s.push_str(SHORT[(m - 1) as usize]);
            if let Some(d) = self.day {
                s.push_str(&format!(" {d}"));
            }
        }
        s
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.vancouver())
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
        assert_eq!(PartialDate::parse("2020").unwrap().vancouver(), "2020");
        assert_eq!(PartialDate::parse("2020-04-12").unwrap().vancouver(), "2020 avr 12");
        assert!(PartialDate::parse("2020-14").is_err());
    }
}
