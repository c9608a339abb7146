//! The agenda (`content/evenements/`): its pages, the « À venir » block, the calendar files
//! read by a real parser (Python's `icalendar`), the search and the feed, and the errors an
//! author can make, at their file and line.

mod common;

use common::*;
use std::fs;
use std::path::Path;
use std::process::Command;

#[test]
fn the_agenda_lists_what_is_coming_then_what_is_past_with_replays() {
    let (_dir, out) = built_rooted(&example_root());
    let agenda = read_out(&out, "agenda/index.html");
    let order: Vec<usize> = [
        "le prélèvement nasopharyngé",
        "Réunion pluriprofessionnelle",
        "Journée territoriale",
        "le suivi des patients",
        "les tests antigéniques",
        "oxygénothérapie",
    ]
    .iter()
    .map(|t| agenda.find(t).unwrap_or_else(|| panic!("{t} not in the agenda")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "upcoming soonest first, then past latest first: {order:?}");
    let past = &agenda[agenda.find("Événements passés").unwrap()..];
    assert!(past.contains("Le replay"), "past events offer their replays");
    assert!(
        agenda.contains("href=\"/agenda.ics\"")
            && agenda.contains("webcal://covidactu.cpts-aubriere.example/agenda.ics")
    );

    let training = read_out(&out, "agenda/formation-prelevements/index.html");
    assert!(
        training.contains("jeudi 10 décembre 2026, 9\u{a0}h\u{a0}00\u{a0}– 12\u{a0}h\u{a0}30"),
        "French dates and times"
    );
    assert!(training.contains("href=\"mailto:coordination@cpts-aubriere.example\""), "registration open, by email");
    assert!(training.contains("href=\"/agenda/formation-prelevements.ics\""));
    let webinar = read_out(&out, "agenda/webinaire-tests-antigeniques/index.html");
    assert!(
        webinar.contains("href=\"/evenements/webinaire-tests-antigeniques-compte-rendu.pdf\""),
        "a local replay file"
    );
    assert!(out.join("evenements/webinaire-tests-antigeniques-diapositives.pdf").is_file(), "slides are copied");
    assert!(
        !webinar.contains("Rejoindre la visio") && !webinar.contains(".ics\""),
        "a past event offers no visio nor calendar"
    );

    // The home page: the events of the next 30 days (today is 2026-11-23 in the tests).
    let home = read_out(&out, "index.html");
    let upcoming = &home[home.find("id=\"a-venir\"").expect("an « À venir » block")..];
    let upcoming = &upcoming[..upcoming.find("</section>").unwrap()];
    assert!(upcoming.contains("le prélèvement nasopharyngé") && upcoming.contains("Réunion pluriprofessionnelle"));
    assert!(!upcoming.contains("Journée territoriale"), "54 days ahead: not yet");
    assert!(home.contains("href=\"/agenda/\""), "the menu or the block leads to the agenda");

    // In the feed and the search, as « événement ».
    assert!(read_out(&out, "atom.xml").contains("/agenda/journee-territoriale/"));
    let fragments: String =
        files(&out).iter().filter(|f| f.starts_with("search/f/")).map(|f| read_out(&out, f)).collect();
    assert!(fragments.contains("Journée territoriale de la CPTS"), "events are indexed");
    assert!(read_out(&out, "search/runtime.js").contains("\"event\""));
}

/// Python's `icalendar` reads `agenda.ics` and each event's file: times in Europe/Paris,
/// whole days as dates, one UID per event shared by both files.
const CHECK_ICS: &str = r#"
import json, sys, datetime
from icalendar import Calendar
out = sys.argv[1]
def events(path):
    cal = Calendar.from_ical(open(path, "rb").read())
    assert str(cal["VERSION"]) == "2.0"
    assert any(c.name == "VTIMEZONE" and str(c["TZID"]) == "Europe/Paris" for c in cal.walk())
    return [c for c in cal.walk() if c.name == "VEVENT"]
everything = events(out + "/agenda.ics")
report = {}
for e in everything:
    uid = str(e["UID"])
    start = e.decoded("DTSTART")
    end = e.decoded("DTEND")
    slug = str(e["URL"]).rstrip("/").rsplit("/", 1)[1]
    single = events(out + "/agenda/" + slug + ".ics")
    assert len(single) == 1 and str(single[0]["UID"]) == uid, slug
    assert end > start, slug
    report[slug] = {
        "uid": uid, "summary": str(e["SUMMARY"]), "location": str(e.get("LOCATION", "")),
        "all_day": not isinstance(start, datetime.datetime),
        "tz": str(start.tzinfo) if isinstance(start, datetime.datetime) else None,
        "start": start.isoformat(), "end": end.isoformat(),
        "utc": start.astimezone(datetime.timezone.utc).isoformat() if isinstance(start, datetime.datetime) else None,
    }
print(json.dumps(report))
"#;

fn parse_calendars(out: &Path) -> serde_json::Value {
    let run = Command::new("python3").arg("-c").arg(CHECK_ICS).arg(out).output().unwrap();
    assert!(
        run.status.success(),
        "icalendar (from PyPI) reads the calendars; scripts/test installs it:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    serde_json::from_slice(&run.stdout).unwrap()
}

#[test]
fn calendars_are_read_by_a_real_parser_and_an_edit_keeps_the_uid() {
    let site = example_copy();
    let (_dir, out) = built_rooted(site.path());
    let report = parse_calendars(&out);
    let events = report.as_object().unwrap();
    assert_eq!(events.len(), 6);
    let training = &report["formation-prelevements"];
    assert_eq!(training["tz"], "Europe/Paris");
    assert_eq!(training["start"], "2026-12-10T09:00:00+01:00");
    assert_eq!(training["utc"], "2026-12-10T08:00:00+00:00", "winter: UTC+1");
    assert_eq!(report["webinaire-oxygenotherapie"]["utc"], "2020-04-14T18:00:00+00:00", "summer: UTC+2");
    assert!(training["location"].as_str().unwrap().contains("4 rue des Écoles, 78000 Saint-Aubin"), "commas survive");
    let day = &report["journee-territoriale"];
    assert_eq!(
        (day["all_day"].as_bool(), day["start"].as_str(), day["end"].as_str()),
        (Some(true), Some("2027-01-16"), Some("2027-01-17"))
    );
    let uid = training["uid"].as_str().unwrap().to_owned();
    assert_eq!(uid, "evenements/formation-prelevements@covidactu.cpts-aubriere.example");

    // The training moves and is renamed: the calendar gets the same event, changed.
    let file = site.path().join("content/evenements/formation-prelevements.md");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text.replace("2026-12-10 09:00", "2026-12-11 14:00")
            .replace("2026-12-10 12:30", "2026-12-11 17:30")
            .replace("pratique encadrée", "pratique encadrée (nouvelle date)"),
    )
    .unwrap();
    let (_dir2, out2) = built_rooted(site.path());
    let after = parse_calendars(&out2);
    assert_eq!(after["formation-prelevements"]["uid"], uid.as_str(), "an update keeps its UID");
    assert_eq!(after["formation-prelevements"]["start"], "2026-12-11T14:00:00+01:00");
    assert!(after["formation-prelevements"]["summary"].as_str().unwrap().ends_with("(nouvelle date)"));
    assert_eq!(
        read_out(&out, "agenda/journee-territoriale.ics"),
        read_out(&out2, "agenda/journee-territoriale.ics"),
        "the other files do not change"
    );
}

const EVENT: &str = "---\ntitle: Webinaire\nsummary: Un webinaire.\nstart: 2020-04-14 20:00\nend: 2020-04-14 21:30\naudience: [medecin]\n---\nTexte.\n";

#[test]
fn an_author_s_mistakes_are_named_at_their_line() {
    let with = |from: &str, to: &str| EVENT.replace(from, to);
    let errs = errors(&[
        ("content/evenements/fin.md", &with("end: 2020-04-14 21:30", "end: 2020-04-14 19:00")),
        (
            "content/evenements/inscription.md",
            &with("audience", "registration: { email: contact@cpts.fr, deadline: 2020-04-20 }\naudience"),
        ),
        ("content/evenements/profession.md", &with("[medecin]", "[medecin, dentiste]")),
        ("content/evenements/replay.md", &with("audience", "replay: enregistrement.mp4\naudience")),
        ("content/evenements/heure.md", &with("20:00", "25:00")),
        ("content/evenements/melange.md", &with("end: 2020-04-14 21:30", "end: 2020-04-15")),
        ("content/evenements/visio.md", &with("audience", "online: visio.cpts.fr\naudience")),
        ("content/evenements/sans-debut.md", &with("start: 2020-04-14 20:00\n", "")),
    ]);
    for expected in [
        "content/evenements/fin.md:5:6 la fin est avant le début (mardi 14 avril 2020, 20",
        "content/evenements/inscription.md:6:51 la date limite d'inscription est après le début",
        "content/evenements/profession.md:6:21 profession inconnue « dentiste »",
        "content/evenements/replay.md:6:9 le fichier « enregistrement.mp4 » est introuvable",
        "content/evenements/heure.md:4:8 start: « 2020-04-14 25:00 » n'est pas une vraie heure",
        "content/evenements/melange.md:5:6 le début et la fin doivent être",
        "content/evenements/visio.md:6:9 « visio.cpts.fr » n'est pas une adresse web",
        "content/evenements/sans-debut.md:6:1 il manque à un événement le champ « start »",
    ] {
        assert!(errs.iter().any(|e| e.starts_with(expected)), "expected `{expected}…` in {errs:#?}");
    }
    assert_eq!(errors(&[("content/evenements/bon.md", EVENT)]), Vec::<String>::new());
}

#[test]
fn an_issue_s_email_announces_the_events_of_the_next_30_days() {
    let e = example_email("numeros/numero-6");
    for part in [&e.html, &e.text] {
        assert!(part.contains("le prélèvement nasopharyngé") && part.contains("jeudi 17 décembre 2026"), "{part}");
        assert!(!part.contains("Journée territoriale"), "54 days ahead: not in this issue");
    }
    assert!(e.html.contains("href=\"https://covidactu.cpts-aubriere.example/agenda/formation-prelevements/\""));
}
