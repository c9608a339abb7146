//! Dates of the content model and the one place they are formatted (ISO, French, feeds).

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
                .ok_or_else(|| format!("`{s}` is not a real date (no day {} in month {})", n[2], n[1])),
            _ => Err(format!("`{s}` is not a date in the form YYYY-MM-DD")),
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
                f.write_str("a date in the form YYYY-MM-DD")
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
        let bad = || format!("`{s}` is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD");
        let year: i32 = match parts.first() {
            Some(y) if y.len() == 4 => y.parse().map_err(|_| bad())?,
            _ => return Err(bad()),
        };
        match parts.len() {
            1 => Ok(PartialDate { year, month: None, day: None }),
            2 => {
                let month: u32 = parts[1].parse().map_err(|_| bad())?;
                if !(1..=12).contains(&month) {
                    return Err(format!("`{s}` has no month {month}"));
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
                f.write_str("a date YYYY, YYYY-MM or YYYY-MM-DD")
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
        assert!(Date::parse("2020-02-30").unwrap_err().contains("not a real date"));
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
