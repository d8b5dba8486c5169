//! Stage-level tests: the steps together, in their order, through the registry as the runtime
//! builds them.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{LazyLock, Mutex};

use copydesk_core::Built;
use copydesk_core::testing::{Run, build as build_stage, run_stage};
use serde_json::json;

use super::*;

fn registry() -> Registry {
    let mut registry = Registry::new();
    register(&mut registry);
    registry
}

/// Runs the stage built from `options`. Builds are cached: compiling the patterns in a debug
/// build takes a noticeable fraction of a second.
fn run(options: Value, docs: Vec<Document>) -> Run {
    static BUILT: LazyLock<Mutex<HashMap<String, Built>>> = LazyLock::new(Default::default);
    let mut built = BUILT.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let stage = built
        .entry(options.to_string())
        .or_insert_with(|| build_stage(&registry(), "normalize", options, Path::new(".")));
    run_stage(stage, docs)
}

fn doc(text: &str) -> Document {
    Document::new("doc", "test", text)
}

fn normalize(text: &str) -> Document {
    normalize_doc(json!({}), doc(text))
}

fn build_error(options: Value) -> OptionError {
    let stage = registry();
    let ctx = BuildContext {
        stage_id: "normalize",
        base_dir: Path::new("."),
        out_dir: Path::new("out"),
        workers: 1,
        earlier: &[],
        later: &[],
    };
    match stage.get("normalize").unwrap().build(&ctx, options) {
        Ok(_) => panic!("options accepted"),
        Err(mut errs) => errs.remove(0),
    }
}

#[test]
fn a_whole_article() {
    let text = "\u{feff}Troops head to Romania\n\n\
                KYIV, Ukraine (AP) \u{2014} France\u{2019}s offer  to send troops was \u{201c}not a provocation,\u{201d} \
                its minister said on Thursday, and it is meant to defuse tensions.\n\n\
                Photo: AP\n\n\
                Romania has sought to address its own security concerns -- and Nato\u{a0}agrees.\n\n\
                (Reporting by Andrew Osborn; Editing by Mark Trevelyan)\n";
    let mut input = doc(text);
    input.published = Some("Thu, 03 Feb 2022 10:00:00 GMT".to_string());
    let doc = run(json!({}), vec![input]).docs.remove(0);
    assert_eq!(doc.title.as_deref(), Some("Troops head to Romania"));
    assert_eq!(doc.dateline.as_deref(), Some("KYIV, Ukraine"));
    assert_eq!(doc.published.as_deref(), Some("2022-02-03"));
    assert_eq!(doc.lang.as_deref(), Some("eng"));
    assert_eq!(
        doc.text,
        "France's offer to send troops was \"not a provocation,\" its minister said on Thursday, and it is meant \
         to defuse tensions.\n\n\
         Romania has sought to address its own security concerns — and Nato agrees."
    );
    assert_eq!(doc.fields["agency"], json!("AP"));
    assert_eq!(
        doc.fields["boilerplate"],
        json!(["Photo: AP", "(Reporting by Andrew Osborn; Editing by Mark Trevelyan)"])
    );
    assert_eq!(doc.original, text, "original stays untouched");
}

#[test]
fn a_reuters_21578_article() {
    let text = "NEW YORK, Oct 19 - Stocks fell sharply in early trading as\n\
                investors worried about rising interest rates and the dollar,\n\
                traders said.\n\
                \x20   The Dow Jones industrial average was down 100 points at\n\
                2,146 in the first hour of trading.\n\
                \x20   Volume was heavy at 50 mln shares.\n\
                \x20Reuter\n";
    let mut input = doc(text);
    input.published = Some("19-OCT-1987 01:10:32.52".to_string());
    let doc = run(json!({}), vec![input]).docs.remove(0);
    assert_eq!(doc.dateline.as_deref(), Some("NEW YORK"));
    assert_eq!(doc.published.as_deref(), Some("1987-10-19"));
    assert_eq!(doc.title, None);
    assert_eq!(
        doc.text,
        "Stocks fell sharply in early trading as investors worried about rising interest rates and the dollar, \
         traders said.\n\n\
         The Dow Jones industrial average was down 100 points at 2,146 in the first hour of trading.\n\n\
         Volume was heavy at 50 mln shares."
    );
    assert_eq!(doc.fields["boilerplate"], json!(["Reuter"]));
}

#[test]
fn a_trailer_run_into_the_last_paragraph_is_dropped() {
    // Reuters-21578's sign-off at the start of a line, which unwrapping joins to the text above.
    let text = "WASHINGTON, March 5 - The plan was for the group to set up a facility at\n\
                various manufacturers to pioneer advanced manufacturing techniques\n\
                for semiconductors, officials said on Thursday in a statement.\n\
                REUTER...\n";
    let out = run(json!({}), vec![doc(text)]).docs.remove(0);
    assert!(out.text.ends_with("in a statement."), "{:?}", out.text);
    assert_eq!(out.fields["boilerplate"], json!(["REUTER..."]));

    let last = |text: &str| run(json!({}), vec![doc(text)]).docs.remove(0);
    let cut = last("Troops moved on Thursday. Officials said more would follow. (with wires)");
    assert_eq!(cut.text, "Troops moved on Thursday. Officials said more would follow.");
    // A last sentence that is prose stays, whatever it names.
    for text in [
        "Troops moved on Thursday. The company told Reuters.",
        "Troops moved on Thursday. Reuters reported it first.",
        "Troops moved on Thursday, the ministry said. Photographs were published.",
        "Troops moved on Thursday (Reuters) and more followed.",
    ] {
        let kept = last(text);
        assert_eq!(kept.text, text);
        assert!(!kept.fields.contains_key("boilerplate"), "{text}");
    }
}

#[test]
fn published_dates() {
    let check =
        |published: Option<&str>, text: &str, expected: Option<&str>, raw: Option<&str>, body: &str| {
            let mut input = doc(text);
            input.published = published.map(str::to_string);
            let out = run(json!({}), vec![input]).docs.remove(0);
            assert_eq!(out.published.as_deref(), expected, "{published:?} / {text:?}");
            assert_eq!(out.fields.get("published_raw").and_then(Value::as_str), raw);
            assert_eq!(out.text, body);
        };
    check(Some("2022-02-03"), "Body.", Some("2022-02-03"), None, "Body.");
    check(Some("February 3rd, 2022"), "Body.", Some("2022-02-03"), None, "Body.");
    check(Some("sometime last week"), "Body.", None, Some("sometime last week"), "Body.");
    check(Some("  "), "Body.", None, None, "Body.");
    // missing: an explicit date line on top is taken and removed
    check(None, "February 3, 2022\n\nBody.", Some("2022-02-03"), None, "Body.");
    check(None, "Published: 3 Feb 2022 10:00 GMT\nBody.", Some("2022-02-03"), None, "Body.");
    // under a headline
    check(None, "Troops head to Romania\nFebruary 3, 2022\nBody.", Some("2022-02-03"), None, "Body.");
    // present: the date line is no title; it is front matter, dropped (the known date kept)
    check(Some("2022-02-04"), "February 3, 2022\n\nBody.", Some("2022-02-04"), None, "Body.");
    // a sentence that opens with a date is no date line
    check(None, "February 3, 2022 was cold.\n\nBody.", None, None, "February 3, 2022 was cold.\n\nBody.");
}

#[test]
fn bylines_and_stamps_over_the_dateline() {
    let out = normalize(
        "By JANE DOE Associated Press\n\nBRUSSELS (AP) — Jens Stoltenberg said Wednesday that troops could go.",
    );
    assert_eq!(out.fields["byline"], "JANE DOE Associated Press");
    assert_eq!(out.dateline.as_deref(), Some("BRUSSELS"));
    assert_eq!(out.text, "Jens Stoltenberg said Wednesday that troops could go.");

    // under a headline, with stamps: a publication stamp's date fills `published` (not an
    // update's), the stamps are kept in fields.boilerplate (after what drop_lines took: "3 min
    // read")
    let out = normalize(
        "Kremlin urges calm\n\nBy Jane Doe and John Smith\n\nUpdated 3:04 PM ET, Fri February 4, 2022\n\n\
         Published 10:00 AM ET, Thu February 3, 2022\n\n3 min read\n\nMOSCOW, Feb 3 (Reuters) - The Kremlin urged calm.",
    );
    assert_eq!(out.title.as_deref(), Some("Kremlin urges calm"));
    assert_eq!(out.fields["byline"], "Jane Doe and John Smith");
    assert_eq!(out.published.as_deref(), Some("2022-02-03"));
    assert_eq!(out.dateline.as_deref(), Some("MOSCOW"));
    assert_eq!(
        out.fields["boilerplate"],
        json!([
            "3 min read",
            "Updated 3:04 PM ET, Fri February 4, 2022",
            "Published 10:00 AM ET, Thu February 3, 2022"
        ])
    );
    assert_eq!(out.text, "The Kremlin urged calm.");

    // a writer's credit with its editors' on top is boilerplate, but its byline is kept; one
    // under the story is not a byline
    let out = normalize(
        "By Jane Doe; Editing by John Smith\n\nMOSCOW, Feb 3 (Reuters) - The Kremlin urged calm.\n\n\
         By Ann Roe; Editing by Bob Poe",
    );
    assert_eq!(out.fields["byline"], "Jane Doe");
    assert_eq!(out.dateline.as_deref(), Some("MOSCOW"));
    assert_eq!(out.text, "The Kremlin urged calm.");
    assert_eq!(
        out.fields["boilerplate"],
        json!(["By Jane Doe; Editing by John Smith", "By Ann Roe; Editing by Bob Poe"])
    );
    // under a headline and a stamp, in brackets; and not when bylines are not taken
    let text = "Kremlin urges calm\n\nUpdated 3:04 PM ET, Fri February 4, 2022\n\n\
                (By Jane Doe; Editing by John Smith)\n\nMOSCOW, Feb 3 (Reuters) - The Kremlin urged calm.";
    let out = normalize(text);
    assert_eq!(
        (out.title.as_deref(), &out.fields["byline"]),
        (Some("Kremlin urges calm"), &json!("Jane Doe"))
    );
    let out = normalize_doc(json!({"extract_byline": false}), doc(text));
    assert!(!out.fields.contains_key("byline"), "{:?}", out.fields);
    // a writer's credit `Written by` on top is a byline; at the end a trailer
    let out = normalize("Written by Jane Doe\n\nThe Kremlin urged calm.\n\nWritten by Ann Roe");
    assert_eq!(
        (out.fields["byline"].as_str(), out.text.as_str()),
        (Some("Jane Doe"), "The Kremlin urged calm.")
    );
    // agencies' trailers in brackets and after dashes, AFP's sign-off and a BBC caption go
    let out = normalize(
        "PARIS (AFP) - Macron will speak with Putin.\n\nImage caption Olaf Scholz in Berlin\n\nHe has \
         sought to mediate.\n\n— with wires\n\n(AFP)\n\nburs-jh/dl",
    );
    assert_eq!(out.text, "Macron will speak with Putin.\n\nHe has sought to mediate.");

    // a sentence opening with "By" stays (a byline that is all the text is refused: `stubs_are_rejected`)
    let text = "By Friday, Britain and France will have sent troops.\n\nBody.";
    let out = normalize(text);
    assert_eq!(out.text, text);
    assert!(!out.fields.contains_key("byline"), "{text:?}");

    // a date and agency alone, then the place
    let out = normalize("SEPTEMBER 27, 2004 (COMPUTERWORLD) - CHICAGO — Microsoft's announcement came.");
    assert_eq!(out.dateline.as_deref(), Some("CHICAGO"));
    assert_eq!(out.fields["agency"], "COMPUTERWORLD");
    assert_eq!(out.published.as_deref(), Some("2004-09-27"));
    assert_eq!(out.text, "Microsoft's announcement came.");

    // an input's own byline stays as given; the one above the story goes beside it
    let mut input = doc("By Jane Doe\n\nBody.");
    input.fields.insert("byline".to_string(), json!(["A. Writer", "B. Writer"]));
    let out = run(json!({}), vec![input]).docs.remove(0);
    assert_eq!(out.fields["byline"], json!(["A. Writer", "B. Writer"]));
    assert_eq!(out.fields["byline_found"], "Jane Doe");
    assert_eq!(out.text, "Body.");

    // off: the byline stays in the text
    let out = run(json!({"extract_byline": false}), vec![doc("By Jane Doe\n\nBody.")]).docs.remove(0);
    assert_eq!(out.text, "By Jane Doe\n\nBody.");
}

/// A field the input came with is never replaced by a note: one that says otherwise goes
/// beside it as `<name>_found`, one that says the same is not repeated, and the rest join it.
#[test]
fn an_inputs_own_fields_are_kept() {
    let with_fields = |text: &str, fields: Value| {
        let mut input = doc(text);
        input.fields = serde_json::from_value(fields).unwrap();
        run(json!({}), vec![input]).docs.remove(0)
    };
    let out = with_fields(
        "PARIS, Feb 3 (AFP) - The talks went on.\n\nReuter",
        json!({"agency": "Reuters", "desk": "world", "boilerplate": "none"}),
    );
    assert_eq!(out.dateline.as_deref(), Some("PARIS"));
    assert_eq!(out.text, "The talks went on.");
    assert_eq!(
        out.fields,
        serde_json::from_value::<std::collections::BTreeMap<String, Value>>(json!({
            "agency": "Reuters", "agency_found": "AFP", "boilerplate": "none", "boilerplate_found": ["Reuter"],
            "dateline_date": "Feb 3", "desk": "world"
        }))
        .unwrap()
    );
    // The same agency, and a byline the input gives too: nothing added.
    let out =
        with_fields("By Jane Doe\n\nPARIS (AFP) - Body.", json!({"agency": "AFP", "byline": "Jane Doe"}));
    assert_eq!((out.text.as_str(), out.fields.len()), ("Body.", 2), "{:?}", out.fields);
    // A wire slug as the title, beside the input's own slug.
    let mut input = doc("Officials said.\n\nMore text.");
    input.title = Some("BC-US-ELECTION".into());
    input.fields.insert("slug".into(), json!("US-ELECTION"));
    let out = run(json!({}), vec![input]).docs.remove(0);
    assert_eq!(
        (out.fields["slug"].as_str(), out.fields["slug_found"].as_str()),
        (Some("US-ELECTION"), Some("BC-US-ELECTION"))
    );
}

#[test]
fn titles() {
    let doc_with =
        normalize("Macron could visit Russia\nEarlier Wednesday Macron said he could visit Russia.");
    assert_eq!(doc_with.title.as_deref(), Some("Macron could visit Russia"));
    assert_eq!(doc_with.text, "Earlier Wednesday Macron said he could visit Russia.");

    // a headline alone is the text, not a title
    let alone = normalize("Macron could visit Russia");
    assert_eq!((alone.title, alone.text.as_str()), (None, "Macron could visit Russia"));

    // crossheads in the middle stay
    let crosshead = normalize(
        "Russia denies it plans to invade.\nMacron could visit Russia\nEarlier Wednesday he spoke.",
    );
    assert_eq!(crosshead.title, None);
    assert_eq!(
        crosshead.text,
        "Russia denies it plans to invade.\n\nMacron could visit Russia\n\nEarlier Wednesday he spoke."
    );

    // a title from the input is cleaned and kept; the first paragraph stays text
    let mut input = doc("Macron could visit Russia\nEarlier Wednesday he spoke.");
    input.title = Some("  Macron\u{2019}s  \n trip ".to_string());
    let out = run(json!({}), vec![input]).docs.remove(0);
    assert_eq!(out.title.as_deref(), Some("Macron's trip"));
    assert_eq!(out.text, "Macron could visit Russia\n\nEarlier Wednesday he spoke.");

    let off = run(json!({"extract_title": false}), vec![doc("Macron could visit Russia\nHe spoke.")]);
    assert_eq!(off.docs[0].title, None);
}

#[test]
fn datelines_with_either_dash_form() {
    for unify in [true, false] {
        for text in [
            "Bucharest \u{2014} France said so.",
            "Bucharest \u{2013} France said so.",
            "Bucharest -- France said so.",
        ] {
            let out = run(json!({"unify_punctuation": unify}), vec![doc(text)]).docs.remove(0);
            assert_eq!(out.dateline.as_deref(), Some("Bucharest"), "{text:?}, unify {unify}");
            assert_eq!(out.text, "France said so.");
        }
    }
    let off =
        run(json!({"extract_dateline": false}), vec![doc("MOSCOW: The Kremlin said so.")]).docs.remove(0);
    assert_eq!((off.dateline, off.text.as_str()), (None, "MOSCOW: The Kremlin said so."));
}

#[test]
fn a_source_where_the_place_would_be() {
    let titled = |title: &str, text: &str| {
        let mut input = doc(text);
        input.title = Some(title.to_string());
        run(json!({}), vec![input]).docs.remove(0)
    };
    // Texts whose opening is no source: no agency, and the text whole.
    let no_source = |title: &str, texts: &[&str]| {
        for &text in texts {
            let out = titled(title, text);
            assert!(!out.fields.contains_key("agency"), "{text:?}");
            assert_eq!(out.text, text);
        }
    };
    // AG News: the source opens the text, and ends the title in brackets
    for (title, text, source) in [
        ("Ky. Company Wins Grant (AP)", "AP - A company founded by a researcher won a grant.", "AP"),
        ("Vonage Calls on Linksys (PC World)", "PC World - Linksys will provide adapters.", "PC World"),
        (
            "SEC may end quid pro quo (USATODAY.com)",
            "USATODAY.com - The SEC is expected to vote.",
            "USATODAY.com",
        ),
        ("Oracle Overhauls Apps", "NewsFactor - Oracle has revamped its applications.", "NewsFactor"),
        ("Oracle Overhauls Apps", "Reuters - Apparel retailers are hoping.", "Reuters"),
    ] {
        let out = titled(title, text);
        assert_eq!(out.dateline, None, "{text:?}");
        assert_eq!(out.fields["agency"], source, "{text:?}");
        assert_eq!(out.text, text.split_once(" - ").unwrap().1);
        let headline = title.strip_suffix(&format!(" ({source})"));
        assert_eq!(out.title.as_deref(), Some(headline.unwrap_or(title)), "{title:?}");
        assert_eq!(out.fields.get("title_site"), headline.map(|_| &out.fields["agency"]));
    }
    // the source, then the dateline (its own agency aside, its date kept); a source with dashes
    // after it, when the title names it
    for (title, text, place, rest) in [
        (
            "A headline",
            "Canadian Press - VANCOUVER (CP) - The sister of a man spoke.",
            Some("VANCOUVER"),
            "The sister of a man spoke.",
        ),
        (
            "A headline",
            "SPACE.com - TORONTO, Canada — A second team set a date.",
            Some("TORONTO, Canada"),
            "A second team set a date.",
        ),
        (
            "Playboy Posts Excerpt (Reuters)",
            "Reuters - Playboy on Tuesday posted — again — an excerpt.",
            None,
            "Playboy on Tuesday posted — again — an excerpt.",
        ),
    ] {
        let out = titled(title, text);
        assert_eq!(out.dateline.as_deref(), place, "{text:?}");
        assert_eq!(out.fields["agency"], text.split(" - ").next().unwrap(), "{text:?}");
        assert_eq!(out.text, rest);
    }
    let out = titled("Stocks rise", "AP - NEW YORK, Oct. 5, 2004 - Stocks rose on Tuesday.");
    assert_eq!((out.dateline.as_deref(), out.fields["agency"].as_str()), (Some("NEW YORK"), Some("AP")));
    assert_eq!(
        (out.fields["dateline_date"].as_str(), out.published.as_deref()),
        (Some("Oct. 5, 2004"), Some("2004-10-05"))
    );
    // a sentence that opens with a source's name, an aside between dashes after it, stays whole
    // (the title does not name it)
    no_source(
        "A headline",
        &[
            "Xinhua — China's official news agency — said on Monday that talks would resume.",
            "Amazon.com — Seattle's biggest employer — said on Tuesday it would hire.",
            "Bloomberg — New York's former mayor — said on Tuesday he would run.",
            "Reuters - Playboy on Tuesday posted — again — an excerpt.",
        ],
    );
    let out = titled("Aether Declines Bid", "washingtonpost.com - Aether Systems Inc. said it got an offer.");
    assert_eq!((out.dateline, out.fields["agency"].as_str()), (None, Some("washingtonpost.com")));
    assert_eq!(out.text, "Aether Systems Inc. said it got an offer.");
    // a source alone in brackets; not a label, a date or a place with its date
    let out = titled("Royals Team Report", "(Sports Network) - The Kansas City Royals try to win.");
    assert_eq!((out.dateline, out.fields["agency"].as_str()), (None, Some("Sports Network")));
    assert_eq!(out.text, "The Kansas City Royals try to win.");
    no_source(
        "Royals",
        &[
            "(Update) - The Royals won.",
            "(09/21/04) - The Royals won.",
            "(Buffalo, NY, October 18, 2004) - The Royals won.",
            "(The Royals won) - and then lost.",
            "example - The Royals won.",
            "www - The Royals won.",
            "(Buffalo, NY) - The Royals won.",
            "(Editor's Note) - This story contains graphic details.",
            "(London) - The Bank of England held rates.",
            "(New York) - Stocks rose.",
            "(Photo) - The minister spoke.",
        ],
    );
    // a company in camel case is no source (as before, a word before a dash reads as a place)
    let out = titled("Jobs", "WorldCom - The telecom company said it would cut jobs.");
    assert!(!out.fields.contains_key("agency"));
    // the source, then words that are no wire's dateline: the text keeps them
    for (text, rest) in [
        (
            "AFP - Israel - Palestinian talks resumed in Cairo.",
            "Israel - Palestinian talks resumed in Cairo.",
        ),
        (
            "AP - Ohio State - Michigan game drew a record crowd.",
            "Ohio State - Michigan game drew a record crowd.",
        ),
    ] {
        let out = titled("Talks", text);
        assert_eq!(
            (out.dateline, out.fields["agency"].as_str()),
            (None, Some(&text[..text.find(' ').unwrap()]))
        );
        assert_eq!(out.text, rest, "{text:?}");
    }
    // the source, then a label that reads like an all-caps place: no dateline after it
    let out = titled("Breast Cancer Surgery Refined (AP)", "AP - NEW APPROACH: A study says so.");
    assert_eq!((out.dateline, out.text.as_str()), (None, "NEW APPROACH: A study says so."));
    // places with a capital inside, and one named in the title's brackets for another reason
    for (title, text, place) in [
        ("Border crossings rise", "McAllen - Border crossings rose.", "McAllen"),
        ("Storm hits town", "DeKalb - A storm hit the town.", "DeKalb"),
        ("Floods in KwaZulu", "KwaZulu - Floods hit the province.", "KwaZulu"),
        ("Floods (Reuters)", "LONDON - Floods hit Britain.", "LONDON"),
        ("Bomb kills 12 (Baghdad)", "Baghdad - A car bomb killed 12 people.", "Baghdad"),
        ("Games open", "PyeongChang - The Winter Olympics opened.", "PyeongChang"),
        ("Output rises", "ShenZhen - Factory output rose.", "ShenZhen"),
    ] {
        let out = titled(title, text);
        assert_eq!(out.dateline.as_deref(), Some(place), "{text:?}");
        assert!(!out.fields.contains_key("agency"), "{text:?}");
        assert_eq!(out.title.as_deref(), Some(title));
    }
}

#[test]
fn a_byline_run_into_the_dateline() {
    for (text, byline, place, agency) in [
        (
            "By LAURAN NEERGAARD WASHINGTON (AP) -- Heart disease gets attention.",
            "LAURAN NEERGAARD",
            Some("WASHINGTON"),
            "AP",
        ),
        (
            "By PAUL GEITNER BRUSSELS, Belgium (AP) -- Europeans eat less fat.",
            "PAUL GEITNER",
            Some("BRUSSELS, Belgium"),
            "AP",
        ),
        (
            "By Ed Edelson, HealthDay Reporter HealthDayNews -- Could light pose a threat?",
            "Ed Edelson, HealthDay Reporter",
            None,
            "HealthDayNews",
        ),
        (
            "By MICHAEL LIEDTKE SAN FRANCISCO (AP) — With low prices, Schwab grew.",
            "MICHAEL LIEDTKE",
            Some("SAN FRANCISCO"),
            "AP",
        ),
        ("By JOHN Q. PUBLIC LONDON (AP) -- Rain fell.", "JOHN Q. PUBLIC", Some("LONDON"), "AP"),
        (
            "By RACHEL KONRAD CARSON CITY, Nev. (AP) — Nevada voted.",
            "RACHEL KONRAD",
            Some("CARSON CITY, Nev."),
            "AP",
        ),
    ] {
        let out = normalize(text);
        assert_eq!(out.fields["byline"], byline, "{text:?}");
        assert_eq!(out.dateline.as_deref(), place, "{text:?}");
        assert_eq!(out.fields["agency"], agency, "{text:?}");
        assert!(!out.text.contains(byline) && out.text.len() < 40, "{text:?}: {:?}", out.text);
    }
    // no dateline after names that do not end a byline where it would
    for (text, byline, place) in [
        (
            "By MATTHEW FORDAHL, AP Science Writer LOS ANGELES (AP) -- A probe flew.",
            "MATTHEW FORDAHL, AP Science Writer",
            "LOS ANGELES",
        ),
        ("By H. JOSEF HEBERT WASHINGTON (AP) -- Congress voted.", "H. JOSEF HEBERT", "WASHINGTON"),
        (
            "By JIM KRANE and MATT MOORE BAGHDAD, Iraq (AP) -- Troops moved.",
            "JIM KRANE and MATT MOORE",
            "BAGHDAD, Iraq",
        ),
        ("By JOHN SMITH JR. WASHINGTON (AP) -- Congress voted.", "JOHN SMITH JR.", "WASHINGTON"),
        ("By MARY CLARE JALONICK WASHINGTON (AP) -- Senators voted.", "MARY CLARE JALONICK", "WASHINGTON"),
        ("BY JOHN SMITH WASHINGTON (AP) -- Congress voted.", "JOHN SMITH", "WASHINGTON"),
    ] {
        let out = normalize(text);
        assert_eq!(
            (out.fields["byline"].as_str(), out.dateline.as_deref()),
            (Some(byline), Some(place)),
            "{text:?}"
        );
    }
    // a byline as the story's first sentence
    for (text, byline, rest) in [
        (
            "By Lee Bowman. The ability to run long distances helped.",
            "Lee Bowman",
            "The ability to run long distances helped.",
        ),
        (
            "By Bloomberg News. Cingular Wireless said sales rose.",
            "Bloomberg News",
            "Cingular Wireless said sales rose.",
        ),
        ("By John Q. Public. Rain fell.", "John Q. Public", "Rain fell."),
    ] {
        let out = normalize(text);
        assert_eq!((out.fields["byline"].as_str(), out.text.as_str()), (Some(byline), rest), "{text:?}");
    }
    for text in [
        "By Friday Morning, troops had left. They went home.",
        "By then. It was over.",
        "By 2025. Most people.",
        "By Christmas. That is when the shops open.",
        "By Contrast. Rivals reported losses.",
    ] {
        let out = normalize(text);
        assert!(!out.fields.contains_key("byline"), "{text:?}");
        assert_eq!(out.text, text);
    }
    // a sentence opening with "By": no byline, no dateline
    let text = "By Friday Morning NATO — The alliance had met.";
    let out = normalize(text);
    assert!(!out.fields.contains_key("byline") && out.dateline.is_none(), "{text:?}");
    // off: the byline stays in the dateline's place, as before
    let out = run(
        json!({"extract_byline": false}),
        vec![doc("By LAURAN NEERGAARD WASHINGTON (AP) -- Heart disease gets attention.")],
    )
    .docs
    .remove(0);
    assert!(!out.fields.contains_key("byline"));
    assert_eq!(out.dateline.as_deref(), Some("By LAURAN NEERGAARD WASHINGTON"));
}

#[test]
fn captions_and_sign_offs_go_before_broken_paragraphs_are_joined() {
    let out = normalize(
        "Photo: The minister speaks to reporters in Brussels AFP\n\nthe minister said talks would continue.",
    );
    assert_eq!(out.text, "the minister said talks would continue.");
    let text = "Net includes a gain of 200,000 dlrs from the sale of a property. The company said it\n\n\
                expects more sales in the second half of the year\n\n reuter";
    let out = normalize(text);
    assert_eq!(
        out.text,
        "Net includes a gain of 200,000 dlrs from the sale of a property. The company said it expects more \
         sales in the second half of the year"
    );
    assert_eq!(out.fields["boilerplate"], json!(["reuter"]));
}

#[test]
fn a_continuation_marker_ends_a_story_only() {
    let out = normalize("The talks went on.\n\nMore");
    assert_eq!((out.text.as_str(), &out.fields["boilerplate"]), ("The talks went on.", &json!(["More"])));
    let text = "\"Less or more?\" she asked.\n\nMore\n\nShe laughed.";
    assert_eq!(normalize(text).text, text);
}

#[test]
fn a_datelines_date_is_kept() {
    let out = run(json!({}), vec![doc("LONDON, Feb 3 (Reuters) - British output rose.")]).docs.remove(0);
    assert_eq!(out.dateline.as_deref(), Some("LONDON"));
    assert_eq!(out.fields["dateline_date"], "Feb 3");
    assert_eq!(out.published, None, "no year, no date");
    let out =
        run(json!({}), vec![doc("SAN JUAN, Puerto Rico, Feb. 3, 2022 (AP) — Rain fell.")]).docs.remove(0);
    assert_eq!(out.dateline.as_deref(), Some("SAN JUAN, Puerto Rico"));
    assert_eq!(out.fields["dateline_date"], "Feb. 3, 2022");
    assert_eq!(out.published.as_deref(), Some("2022-02-03"));
    let text = "SAN JUAN, Puerto Rico, Feb. 3, 2022 (AP) — Rain fell.";
    let out = run(json!({"normalize_published": false}), vec![doc(text)]).docs.remove(0);
    assert_eq!((out.fields["dateline_date"].as_str(), out.published), (Some("Feb. 3, 2022"), None));
}

#[test]
fn options_switch_steps_off() {
    let text = "\u{201c}Quoted\u{201d}\u{200b} text \u{2014} here.\nPhoto: AP";
    let out = run(
        json!({"clean_unicode": false, "unify_punctuation": false, "drop_lines": [], "detect_language": false}),
        vec![doc(text)],
    )
    .docs
    .remove(0);
    assert_eq!(out.text, "\u{201c}Quoted\u{201d}\u{200b} text \u{2014} here.\n\nPhoto: AP");
    assert_eq!(out.lang, None);
    assert!(out.fields.is_empty());
}

#[test]
fn empty_documents_are_rejected() {
    let empty = run(json!({}), vec![doc(" \n\t\n"), doc("Photo: AP\n(with wires)"), doc("February 3, 2022")]);
    assert!(empty.docs.is_empty());
    let reasons: Vec<_> = empty.rejects.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(
        reasons,
        [NO_TEXT, &format!("{NO_TEXT}: all of it was boilerplate (`Photo: AP`, `(with wires)`)"), NO_TEXT]
    );
    // A long line is cut, and past three lines the rest are counted.
    let long = format!("Photo: {}", "X".repeat(80));
    let many = run(json!({}), vec![doc(&format!("{long}\nPhoto: AP\nPhoto: EPA\nPhoto: Reuters\nREUTER"))]);
    assert_eq!(
        many.rejects[0].reason,
        format!(
            "{NO_TEXT}: all of it was boilerplate (`{}…`, `Photo: AP`, `Photo: EPA`, 2 more)",
            &long[..60]
        )
    );
}

/// A text that is one line opening or pointing to a story, and nothing of one, is refused with
/// what it was; a short story of one line is not.
#[test]
fn stubs_are_rejected() {
    let texts = [
        "LONDON (Reuters) -",
        "WASHINGTON, Feb 3 (AFP) --",
        "By Jane Doe",
        "https://www.example.com/news/2022/02/03/story.html",
        "LONDON (Reuters) - Shares rose.",
        "By the end of the day the talks had failed.",
        "Updated",
        "www.",
        "Oil Prices Rise | Reuters",
    ];
    let out = run(json!({}), texts.iter().map(|t| doc(t)).collect());
    let reasons: Vec<&str> = out.rejects.iter().map(|r| r.reason.as_str()).collect();
    // (The text as normalized: `--` is a dash.)
    assert_eq!(
        reasons,
        [
            "no article text: only a dateline (`LONDON (Reuters) -`)",
            "no article text: only a dateline (`WASHINGTON, Feb 3 (AFP) —`)",
            "no article text: only a byline or time stamp (`By Jane Doe`)",
            "no article text: only a link (`https://www.example.com/news/2022/02/03/story.html`)",
        ]
    );
    let kept: Vec<&str> = out.docs.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(
        kept,
        [
            "Shares rose.",
            "By the end of the day the talks had failed.",
            "Updated",
            "www.",
            "Oil Prices Rise | Reuters"
        ]
    );
    // With the steps off, such a line is text.
    let off = run(
        json!({"extract_dateline": false, "extract_byline": false}),
        vec![doc("LONDON (Reuters) -"), doc("By Jane Doe")],
    );
    assert_eq!(off.docs.len(), 2);
}

#[test]
fn options_are_checked() {
    let err = build_error(json!({"drop_lines": ["Photo: .*", "[unclosed"]}));
    assert_eq!(err.key.as_deref(), Some("drop_lines[1]"));
    assert!(err.message.contains("`[unclosed`"), "{}", err.message);

    let err = build_error(json!({"unify_quotes": true}));
    assert_eq!(err.key.as_deref(), Some("unify_quotes"));

    assert_eq!(build_error(json!({"max_title_words": 1})).key.as_deref(), Some("max_title_words"));
    assert_eq!(build_error(json!({"language_sample": 0})).key.as_deref(), Some("language_sample"));
}

#[test]
fn help_lists_every_option() {
    let defaults = serde_json::to_value(NormalizeOptions::default()).unwrap();
    let keys: Vec<&str> = defaults.as_object().unwrap().keys().map(String::as_str).collect();
    let mut help: Vec<&str> = NormalizeOptions::HELP.iter().map(|(key, _)| *key).collect();
    help.sort_unstable();
    assert_eq!(help, keys);
}

/// Random mixes of the awkward pieces real input has: never a panic, always text in the promised
/// shape (trimmed paragraphs, one blank line between them), and a second cleanup changes nothing.
#[test]
fn odd_input_never_panics() {
    const PIECES: &str = "MOSCOW:|Bucharest| — |–|--|-| |  |\t|\n|\n\n|\r\n|\u{a0}|\u{200b}|\u{feff}|\u{301}|é|習近平\
                          |“|”|‘|’|′|″|(Reuters)|(with wires)|Photo: AP|February 3, 2022|2022-02-03|word|Word\
                          |sentence.|a|\u{0}|\u{7f}|\u{2029}|,|:|\\n|\\\"|\\\\|\\u00e9|\\ud83d|\\u0000|\\|\"";
    let pieces: Vec<&str> = PIECES.split('|').collect();
    let docs: Vec<Document> = copydesk_core::testing::random_texts(0x2545_f491_4f6c_dd1d, 500, 40, &pieces)
        .enumerate()
        .map(|(i, text)| {
            let mut doc = Document::new(format!("doc{i}"), "fuzz", text.clone());
            doc.published = Some(text.chars().take(30).collect());
            doc
        })
        .collect();
    let first = run(json!({}), docs);
    assert_eq!(first.docs.len() + first.rejects.len(), 500);
    for doc in &first.docs {
        assert!(!doc.text.is_empty());
        for paragraph in doc.text.split("\n\n") {
            assert!(!paragraph.is_empty() && !paragraph.contains('\n'), "{:?}", doc.text);
            assert_eq!(paragraph.trim(), paragraph, "{:?}", doc.text);
        }
    }
    // The openers (date line, front matter, title, dateline) and boilerplate look once each, so
    // a contrived chain (`Word -- Photo: AP`: a dateline hiding a caption; `(Reuters)–
    // 2022-02-03`: one hiding a date stamp) can peel one more paragraph on a second pass; the
    // text cleanup itself must be stable.
    let cleanup_only = json!({
        "extract_title": false, "extract_dateline": false, "normalize_published": false, "drop_lines": [],
        "extract_byline": false
    });
    let second = run(cleanup_only, first.docs.clone());
    for doc in &second.docs {
        let before = first.docs.iter().find(|d| d.id == doc.id).expect("same ids");
        assert_eq!(before.text, doc.text, "second pass changed the text of {:?}", doc.original);
    }
}

#[test]
fn feed_markup_is_stripped_from_text_and_title_and_tickers_stay() {
    let mut d = doc("<p>Boeing Co. <A HREF=\"http://example.com/q?t=BA.N\">BA.N</A> said profit rose.</p>\
         <p>Rival Airbus <EADS> did not comment.</p>");
    d.title = Some("Boeing profit <b>...</b>".into());
    let out = normalize_doc(json!({}), d.clone());
    assert_eq!(out.text, "Boeing Co. <BA.N> said profit rose.\n\nRival Airbus <EADS> did not comment.");
    assert_eq!(out.title.as_deref(), Some("Boeing profit ..."));
    let kept = normalize_doc(json!({"strip_html": false}), d);
    assert!(kept.text.contains("<A HREF="), "{}", kept.text);
}

fn normalize_doc(options: Value, d: Document) -> Document {
    let mut run = run(options, vec![d]);
    assert!(run.rejects.is_empty(), "{:?}", run.rejects);
    run.docs.remove(0)
}

#[test]
fn a_text_encoded_twice_gets_its_breaks_back() {
    let text = r#"MOSCOW (Reuters) - The Kremlin said it was \"ready\" for talks.\n\nOfficials said the meeting would be next week."#;
    let run =
        run(json!({}), vec![doc(text), doc(r"Files were saved to D:\new folder on Monday, officials said.")]);
    let out = &run.docs[0];
    assert_eq!(out.dateline.as_deref(), Some("MOSCOW"));
    assert_eq!(
        out.text,
        "The Kremlin said it was \"ready\" for talks.\n\nOfficials said the meeting would be next week."
    );
    assert_eq!(run.docs[1].text, r"Files were saved to D:\new folder on Monday, officials said.");
    assert_eq!(run.counters.get("double_escaped"), Some(&1));
    // Not with clean_unicode off.
    let kept = normalize_doc(json!({"clean_unicode": false}), doc(text));
    assert!(kept.text.contains(r"\n\nOfficials"), "{}", kept.text);
}

/// Texts of escapes and words with no line break of their own: those encoded twice are decoded
/// once, and a second pass finds nothing more to decode (a literal `\n` left by `\\n` stays).
#[test]
fn escapes_are_decoded_once() {
    const PIECES: &str = r#"sentence.|Word|word|é|Done!|\n|\n\n|\"|\\|\\n|\u00e9|\ud83d\ude00|\u0000|\t|\r\n|\b|\f|\x| | — |.|?|“|”"#;
    let pieces: Vec<&str> = PIECES.split('|').collect();
    let docs: Vec<Document> = copydesk_core::testing::random_texts(0x9e37_79b9_7f4a_7c15, 300, 30, &pieces)
        .enumerate()
        .map(|(i, text)| Document::new(format!("doc{i}"), "fuzz", text))
        .collect();
    let first = run(json!({}), docs);
    assert_eq!(first.docs.len() + first.rejects.len(), 300);
    let decoded = first.counters.get("double_escaped").copied().unwrap_or(0);
    assert!(decoded >= 30, "only {decoded} of 300 texts decoded: the pieces no longer exercise it");
    for doc in &first.docs {
        for paragraph in doc.text.split("\n\n") {
            assert!(!paragraph.is_empty() && !paragraph.contains('\n'), "{:?}", doc.text);
        }
    }
    let second = run(json!({}), first.docs.clone());
    assert_eq!(second.counters.get("double_escaped"), None);
}
