//! The agenda's calendar files (RFC 5545): one per event (`agenda/x.ics`, « Ajouter à mon
//! agenda ») and the calendar of every event (`agenda.ics`), which a professional subscribes
//! to once and sees updated. Times are Europe/Paris, with the zone's rules written in each
//! file; each event's UID is its reference at the site's host, so that an edited event
//! replaces the one a calendar holds instead of doubling it. `DTSTAMP` is the event's first
//! day, not the build's: a file changes only when its event does.

use super::{page_index, Family, Id, Inputs, Place, Template};
use crate::content::date::When;
use crate::content::kinds::{EventMeta, Meta};
use crate::content::Kind;
use crate::error::Diagnostic;
use crate::i18n::msg;
use crate::site::{urls, Page, Site};
use chrono::Timelike;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Europe/Paris as calendars need it: the European summer time rules since 1996.
const PARIS: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\n\
TZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
END:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n\
DTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

/// One event's calendar file.
pub(super) struct EventCalendar;
pub(super) static EVENT_CALENDAR: EventCalendar = EventCalendar;

impl Family for EventCalendar {
    fn pages(&self, site: &Site) -> Vec<(Id, usize)> {
        site.section_indices(Kind::Event).map(|i| (Id::Page(i), 1)).collect()
    }
    fn place(&self, site: &Site, id: &Id, _: usize) -> Place {
        let slug = page_index(id).map(|i| site.pages[i].doc.slug.as_str()).unwrap_or_default();
        Place::file(&urls::event_calendar(slug))
    }
    fn template(&self) -> Template {
        Template::Own(|env, id| match page_index(id).map(|i| &env.site.pages[i]) {
            Some(page) => Ok(calendar(env.site, &env.theme.strings, page.doc.title(), [page]).into_bytes()),
            None => Err(Diagnostic::error(msg::nothing_to_render(format!("{id:?}")))),
        })
    }
    fn inputs(&self, _: &Site, id: &Id) -> Inputs {
        Inputs::Pages(page_index(id).into_iter().collect())
    }
}

/// `agenda.ics`: every event, to subscribe to.
pub(super) struct Agenda;
pub(super) static AGENDA: Agenda = Agenda;

impl Family for Agenda {
    fn pages(&self, site: &Site) -> Vec<(Id, usize)> {
        if site.section_indices(Kind::Event).next().is_some() {
            vec![(Id::Site, 1)]
        } else {
            Vec::new()
        }
    }
    fn place(&self, _: &Site, _: &Id, _: usize) -> Place {
        Place::file(urls::CALENDAR)
    }
    fn template(&self) -> Template {
        Template::Own(|env, _| {
            let site = env.site;
            let name = env.theme.string("agenda_calendar_name", "Agenda").to_owned();
            let title = format!("{} — {name}", site.config.title);
            Ok(calendar(site, &env.theme.strings, &title, site.section(Kind::Event)).into_bytes())
        })
    }
    fn inputs(&self, site: &Site, _: &Id) -> Inputs {
        Inputs::Pages(site.section_indices(Kind::Event).collect())
    }
}

/// A calendar named `name` holding `events`; `strings` are the theme's, in the site's language.
fn calendar<'a>(
    site: &Site,
    strings: &BTreeMap<String, String>,
    name: &str,
    events: impl IntoIterator<Item = &'a Page>,
) -> String {
    let mut out = String::new();
    let mut line = |l: String| fold(&mut out, &l);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line(format!("PRODID:-//covidactu//{}//FR", text(&site.config.cpts.name)));
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("X-WR-CALNAME:{}", text(name)));
    line("X-WR-TIMEZONE:Europe/Paris".into());
    line("REFRESH-INTERVAL;VALUE=DURATION:PT12H".into());
    out.push_str(PARIS);
    for page in events {
        if let Meta::Event(m) = &page.doc.meta {
            event(&mut out, site, strings, page, m);
        }
    }
    fold(&mut out, "END:VCALENDAR");
    out
}

fn event(out: &mut String, site: &Site, strings: &BTreeMap<String, String>, page: &Page, m: &EventMeta) {
    // « En visio : … » in French, « Online: … » in English.
    let colon = if site.config.english() { ":" } else { "\u{a0}:" };
    let say = |key: &str| format!("{}{colon}", strings.get(key).map(String::as_str).unwrap_or_default());
    let Some(start) = m.start else { return };
    let mut line = |l: String| fold(out, &l);
    let host = url::Url::parse(&site.config.base()).ok().and_then(|u| u.host_str().map(str::to_owned));
    let permalink = urls::absolute(&site.config.base(), &page.path);
    line("BEGIN:VEVENT".into());
    line(format!("UID:{}@{}", page.doc.reference(), host.as_deref().unwrap_or("covidactu")));
    line(format!("DTSTAMP:{}T000000Z", compact(start.date.iso())));
    match start.time {
        Some(_) => {
            line(format!("DTSTART;TZID=Europe/Paris:{}", local(start)));
            match m.end {
                Some(end) => line(format!("DTEND;TZID=Europe/Paris:{}", local(end))),
                // Without an end, calendars show an hour.
                None => line("DURATION:PT1H".into()),
            }
        }
        None => {
            let last = m.end.unwrap_or(start).date.0;
            let after = last.succ_opt().unwrap_or(last);
            line(format!("DTSTART;VALUE=DATE:{}", compact(start.date.iso())));
            line(format!("DTEND;VALUE=DATE:{}", after.format("%Y%m%d")));
        }
    }
    line(format!("SUMMARY:{}", text(page.doc.title())));
    let mut description = page.summary();
    if let Some(online) = &m.online {
        let _ = write!(description, "\n\n{} {online}", say("event_online"));
    }
    if let Some(r) = &m.registration {
        let how = r.url.clone().or_else(|| r.email.clone()).unwrap_or_default();
        let _ = write!(description, "\n{} {how}", say("event_registration"));
    }
    let _ = write!(description, "\n{permalink}");
    line(format!("DESCRIPTION:{}", text(&description)));
    if let Some(place) = m.place.as_ref().or(m.online.as_ref()) {
        line(format!("LOCATION:{}", text(place)));
    }
    line(format!("URL:{permalink}"));
    if let Some(email) = &site.config.cpts.email {
        line(format!("ORGANIZER;CN=\"{}\":mailto:{email}", site.config.cpts.name.replace('"', "'")));
    }
    line("END:VEVENT".into());
}

/// `2020-04-14` → `20200414`.
fn compact(iso: String) -> String {
    iso.replace('-', "")
}

/// A local time: `20200414T140000`.
fn local(w: When) -> String {
    let t = w.time.unwrap_or_default();
    format!("{}T{:02}{:02}00", compact(w.date.iso()), t.hour(), t.minute())
}

/// A TEXT value escaped (RFC 5545 §3.3.11).
fn text(s: &str) -> String {
    s.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace("\r\n", "\\n").replace('\n', "\\n")
}

/// Appends `line`, folded at 75 octets (never inside a character), and CRLF.
fn fold(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_between_characters_and_texts_are_escaped() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "é".repeat(60));
        fold(&mut out, &long);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        assert_eq!(out.replace("\r\n ", ""), format!("{long}\r\n"));
        assert_eq!(text("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }
}
