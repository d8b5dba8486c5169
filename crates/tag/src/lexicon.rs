//! The closed word lists the capitalisation rules use: sentence openers, titles, role nouns,
//! organisation words, name particles. Kept apart from rules.rs so the logic stays readable.

/// Capitalised words that are not names: sentence openers, pronouns, determiners. They split
/// a run of capitalised words ("Earlier Wednesday Macron" holds only "Macron"). Sorted: the
/// tokenizer searches it by halves.
pub(crate) const STOPWORDS: &[&str] = &[
    "A",
    "About",
    "According",
    "Additional",
    "After",
    "Against",
    "Ahead",
    "All",
    "Already",
    "Also",
    "Although",
    "Amid",
    "Among",
    "An",
    "Analysis",
    "And",
    "Another",
    "Any",
    "As",
    "Asked",
    "At",
    "Because",
    "Before",
    "Between",
    "Both",
    "Breaking",
    "But",
    "By",
    "Citing",
    "Copyright",
    "Depending",
    "Despite",
    "During",
    "Each",
    "Earlier",
    "Eastern",
    "Editing",
    "Editorial",
    "Either",
    "Even",
    "Every",
    "Exclusive",
    "Finally",
    "First",
    "For",
    "From",
    "Furthermore",
    "He",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "Indeed",
    "Instead",
    "Into",
    "It",
    "Its",
    "Just",
    "Last",
    "Later",
    "Like",
    "Many",
    "Meanwhile",
    "Moreover",
    "Most",
    "My",
    "Neither",
    "Next",
    "No",
    "Nor",
    "Northern",
    "Not",
    "Now",
    "Obviously",
    "Of",
    "On",
    "Once",
    "One",
    "Only",
    "Opinion",
    "Or",
    "Other",
    "Our",
    "Over",
    "Photo",
    "Please",
    "Read",
    "Reporting",
    "Second",
    "Separately",
    "Several",
    "She",
    "Since",
    "So",
    "Some",
    "Southern",
    "Speaking",
    "Still",
    "Such",
    "Than",
    "That",
    "The",
    "Their",
    "Them",
    "Then",
    "There",
    "Therefore",
    "These",
    "They",
    "This",
    "Those",
    "Though",
    "Thus",
    "To",
    "Today",
    "Tomorrow",
    "Tonight",
    "Under",
    "Unfortunately",
    "Until",
    "Update",
    "Watch",
    "We",
    "Western",
    "What",
    "When",
    "Where",
    "Whether",
    "Which",
    "While",
    "Who",
    "Whom",
    "Whose",
    "Why",
    "With",
    "Without",
    "Writing",
    "Yesterday",
    "Yet",
    "You",
    "Your",
];

/// Stopwords that also open names ("First Class", "Northern Command", "One Nation"): a capital
/// on them says nothing of a sentence's start.
pub(crate) const STOPWORDS_OPENING_NAMES: &[&str] =
    &["Eastern", "First", "Northern", "One", "Second", "Southern", "Western"];

/// Legal forms that end company names ("and Co Inc", "(Pacific) Ltd", Japan's "KK"); never a
/// name alone.
/// Compared without a final full stop ("N.V." is "N.V"); sorted, for a binary search. Not "SE",
/// which also ends product names ("Macintosh SE"), nor "KG", Kyrgyzstan's code: the tokenizer
/// knows both as forms that follow another ("& Co. KG"). Reuters's "Spa" (for "SpA") also ends
/// places ("Leamington Spa"): a place the model found keeps it (resolve.rs).
const COMPANY_SUFFIXES: &[&str] = &[
    "A.G", "A/S", "AB", "AG", "B.V", "BV", "Bhd", "Co", "Corp", "Cos", "GmbH", "Inc", "KGaA", "KK", "L.P",
    "LLC", "LLP", "LP", "Limited", "Ltd", "N.V", "NV", "Oy", "Oyj", "PLC", "Plc", "Pte", "S.A", "S.p.A",
    "SA", "Sdn", "SpA", "Spa", "plc",
];

/// Titles that are never part of the name they stand before ("Mr. Greenspan" is Greenspan),
/// unlike "Queen Elizabeth" or "Pope Francis"; "Fr" is a priest's ("Fr Francisco Sousa").
const HONORIFICS: &[&str] = &["Dr", "Fr", "Mr", "Mrs", "Ms", "Prof"];

/// Whether a stock ticker in Reuters' angle brackets follows `text[..at]`, a space apart: " <MD>",
/// " <RHON.PA>" (one to six capitals, an exchange's after a full stop).
pub(crate) fn ticker_follows(text: &str, at: usize) -> bool {
    let Some(rest) = text[at..].strip_prefix(" <") else { return false };
    let Some(close) = rest.find('>') else { return false };
    let ticker = rest[..close].split_once('.').map_or(&rest[..close], |(symbol, _)| symbol);
    (1..=6).contains(&ticker.len()) && ticker.bytes().all(|b| b.is_ascii_uppercase())
}

/// Whether `word` ("Inc", "Inc.") is a company's legal form.
pub(crate) fn is_company_suffix(word: &str) -> bool {
    let word = word.trim_end_matches('.');
    may_be_company_suffix(word) && COMPANY_SUFFIXES.binary_search(&word).is_ok()
}

/// A first check, by length and first byte, before the search: this is asked of most
/// capitalised words, and few are legal forms. Both come from [`COMPANY_SUFFIXES`] when the
/// crate is compiled, so the check cannot drift from the list.
fn may_be_company_suffix(word: &str) -> bool {
    /// The longest legal form, and which bytes open one.
    const LONGEST: usize = {
        let (mut i, mut longest) = (0, 0);
        while i < COMPANY_SUFFIXES.len() {
            if COMPANY_SUFFIXES[i].len() > longest {
                longest = COMPANY_SUFFIXES[i].len();
            }
            i += 1;
        }
        longest
    };
    const OPENS: [bool; 256] = {
        let (mut i, mut opens) = (0, [false; 256]);
        while i < COMPANY_SUFFIXES.len() {
            opens[COMPANY_SUFFIXES[i].as_bytes()[0] as usize] = true;
            i += 1;
        }
        opens
    };
    (2..=LONGEST).contains(&word.len()) && OPENS[word.as_bytes()[0] as usize]
}

/// Whether `word` ("Mr", "Mr.") is an honorific.
pub(crate) fn is_honorific(word: &str) -> bool {
    HONORIFICS.contains(&word.trim_end_matches('.'))
}

/// Whether `word` makes the name after it a person's: a title ("President", "Lord") or an
/// honorific ("Mr.").
pub(crate) fn is_title_or_honorific(word: &str) -> bool {
    TITLES.contains(&word) || is_honorific(word)
}

/// The word right before a name at byte `start` of `text`, past spaces and without a final
/// full stop: "Mr" of "Mr. Smith", "Sen" of "(Sen. Dole", "Lord" of "Lord Callaghan".
pub(crate) fn word_before_name(text: &str, start: usize) -> &str {
    let before = text[..start].trim_end();
    before.rsplit([' ', '\n', '(']).next().unwrap_or("").trim_end_matches('.')
}

/// Offices written before their holder's name, and members' letters ("Labour MP George
/// Galloway"). The model runs an office into its holder's name ("Exchequer Nigel Lawson" for
/// "Chancellor of the Exchequer Nigel Lawson"; see `combine::split_office_holders`) and
/// sometimes takes one into a person's name ("Treasurer Paul Keating"), which the tag stage
/// then leaves out, as it does [`RANKS`].
pub(crate) const OFFICES: &[&str] = &[
    "Adviser",
    "Advisor",
    "Alderman",
    "Ambassador",
    "Assessor",
    "Attorney",
    "Auditor",
    "CEO",
    "Chairman",
    "Chairwoman",
    "Chief",
    "Commandant",
    "Commissioner",
    "Comptroller",
    "Constable",
    "Coroner",
    "Councillor",
    "Councilman",
    "Councilwoman",
    "Counsel",
    "Director",
    "Emperor",
    "Empress",
    "Envoy",
    "Executive",
    "Governor",
    "Justice",
    "Leader",
    "MEP",
    "MP",
    "MSP",
    "Magistrate",
    "Manager",
    "Marshal",
    "Mayor",
    "Minister",
    "Officer",
    "Premier",
    "President",
    "Prosecutor",
    "Representative",
    "Secretary",
    "Senator",
    "Sheriff",
    "Speaker",
    "Spokesman",
    "Spokesperson",
    "Spokeswoman",
    "Superintendent",
    "Treasurer",
];

/// Ranks and callings written before a name ("Gen Musharraf", "Professor Curtice", "Judge
/// Kleinberg", "Coach John Calipari", "Paceman Mashrafe Mortaza", "Drummer Larry Mullen Jr",
/// "DJ Howard Stern"),
/// which the model sometimes takes into the person's name.
pub(crate) const RANKS: &[&str] = &[
    "Adm",
    "Admiral",
    "Bassist",
    "Boss",
    "Capt",
    "Captain",
    "Coach",
    "Col",
    "Colonel",
    "Commander",
    "DJ",
    "Drummer",
    "Frontman",
    "Gen",
    "Goalscorer",
    "Gov",
    "Guitarist",
    "Judge",
    "Keeper",
    "Lt",
    "Paceman",
    "Prof",
    "Professor",
    "Rapper",
    "Referee",
    "Rookie",
    "Sgt",
    "Singer",
    "Striker",
    "Winger",
];

/// Clergy's titles before a name ("Rabbi Marvin Hier", "Pope John Paul II"), no part of it. Only
/// as a name's first word ("Pope" and "Bishop" are surnames too: "John Pope Jr"), and only
/// before a full name or a given name (`Tagger`; "Pastor Maldonado", "the Bishop Museum"). Not
/// "Imam", which names places after their saint ("the Imam Ali mosque", "Imam Khomeini
/// International Airport").
const CLERGY: &[&str] = &["Archbishop", "Bishop", "Cardinal", "Pastor", "Pope", "Rabbi", "Rev", "Reverend"];

/// A Roman numeral of two letters or more ("II", "IV", "XIV"), or "V" or "X" (not "I", the
/// pronoun, nor a longer word made of those letters, "MIX" not being one).
pub(crate) fn is_roman_numeral(word: &str) -> bool {
    const NUMERALS: &[&str] = &[
        "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI",
        "XVII", "XVIII", "XIX", "XX",
    ];
    NUMERALS.contains(&word)
}

/// Whether `word` is a suffix after a person's name: "Jr", "Sr." or a generation's number
/// ([`is_roman_numeral`]: "III").
pub(crate) fn is_name_suffix(word: &str) -> bool {
    let word = word.trim_end_matches('.');
    matches!(word, "Jr" | "Sr") || is_roman_numeral(word)
}

/// Whether `word` is one of [`CLERGY`]'s titles.
pub(crate) fn is_clergy_title(word: &str) -> bool {
    CLERGY.contains(&word.trim_end_matches('.'))
}

/// Whether `word` names what an organisation or company is ([`ORG_WORDS`], [`COMPANY_HEADS`]:
/// "Ministry", "Pharmaceuticals"). One hashed lookup.
pub(crate) fn is_org_or_company_word(word: &str) -> bool {
    static SET: std::sync::LazyLock<crate::text::WordSet<&'static str>> =
        std::sync::LazyLock::new(|| ORG_WORDS.iter().chain(COMPANY_HEADS).copied().collect());
    SET.contains(word)
}

/// A battle's, a war's, a prize's, a sports event's, a festival's, a show's or a lottery's name
/// ("Battle of the Bulge", "Siege of Petersburg", "Bangladesh Liberation War", "Rimington
/// Trophy", "MTV Video Music Awards", "Qatar Open", "Madrid Masters", "Cannes Film Festival",
/// "Commonwealth Games", "Orange Bowl", "Geneva Motor Show", "The Oprah Winfrey Show", "World
/// Pork Expo", "Hot Lotto"), or a summit's, a trade round's, an agreement's or a plan's
/// ("Venice Summit", "Uruguay Round", "Paris Agreement", "Baker Plan": 40 bench mentions places
/// or persons), or a revolution's, an uprising's, a crisis', an affair's or a massacre's ("Green
/// Revolution", "Warsaw Uprising", "Suez Crisis", "Boston Massacre": the model had read them as
/// organisations), or a law's ("Clean Air Act", "National Origins Act"; not a prize's category,
/// "Best Urban Act"), or a fans' convention's ("BayCon", "Comic-Con"): CoNLL's MISC, and no
/// person, organisation or place, which the model takes them for out of its domain (the tag
/// stage keeps a person named Masters). Not a
/// body or a company named after one: a name ending in an organisation's word ("Battle of
/// Britain Memorial Flight"), "X of War" ("U.S. Department of War", "Secretary of War"), or a
/// name the text also writes with a legal form after it ("Ninety-nine Award Ltd", then
/// "Ninety-nine Award said"): `written_with_legal_form`, asked (of the name without "The") only
/// of a name that reads as an event's, as it scans the whole text ([`written_with_legal_form`]).
pub(crate) fn is_event_or_prize<'n>(
    name: &'n str,
    written_with_legal_form: impl FnOnce(&'n str) -> bool,
) -> bool {
    const OPENINGS: &[&str] = &["Battle of ", "Battles of ", "Siege of ", "Campaign of "];
    const ENDINGS: &[&str] = &[
        "Affair",
        "Agreement",
        "Award",
        "Awards",
        "Bowl",
        "Championship",
        "Championships",
        "Classic",
        "Crisis",
        "Cup",
        "Expo",
        "Festival",
        "Lotto",
        "Massacre",
        "Masters",
        "Open",
        "Plan",
        "Prix",
        "Prize",
        "Rebellion",
        "Revolt",
        "Revolution",
        "Round",
        "Show",
        "Summit",
        "Trophy",
        "Uprising",
        "War",
    ];
    // Games are a sports event's after these ("Olympic Games", "Summer Games"), and else as
    // often a company's ("Rockstar Games", "Scientific Games"); so are the Olympics ("the
    // Summer Olympics"; "the Berlin Olympics" is CoNLL's place and event).
    const GAMES: &[&str] = &[
        "Asian",
        "Commonwealth",
        "Goodwill",
        "Indoor",
        "Olympic",
        "Paralympic",
        "Summer",
        "Winter",
        "Youth",
    ];
    const BODIES: &[&str] = &["Flight", "Memorial", "Museum", "Secretary", "Society", "Trust"];
    let name = name.strip_prefix("The ").unwrap_or(name);
    // A fans' convention named with "Con" ("BayCon", "Comic-Con", "Worldcon"), not a word that
    // ends so ("Falcon", "Beacon").
    let convention = |word: &str| {
        word.strip_suffix("Con").is_some_and(|rest| rest.ends_with(|c: char| c.is_lowercase() || c == '-'))
            || word == "Worldcon"
    };
    if !name.contains(' ') && convention(name) {
        return !written_with_legal_form(name);
    }
    let Some((rest, last)) = name.rsplit_once(' ') else { return false };
    let games = matches!(last, "Games" | "Olympics" | "Paralympics")
        && GAMES.contains(&rest.rsplit(' ').next().unwrap_or_default());
    // (Not "Laws", a surname too: "Liberal Democrat David Laws".)
    let law = matches!(last, "Act" | "Acts") && !name.starts_with("Best ");
    let event = OPENINGS.iter().any(|opening| name.starts_with(opening))
        || games
        || law
        || ENDINGS.contains(&last) && !(last == "War" && rest.contains(" of ") || rest.ends_with(" of"));
    // A body's word ends the name ("Battle of Britain Memorial Flight"), or opens a war's
    // ("Ministry War Office"); a prize named after the body that awards it is a prize ("Society
    // of Professional Journalists Award"), and a body's word inside a prize's name is the
    // prize's ("South Bank Show Awards").
    let body = |w: &str| is_org_or_company_word(w) || BODIES.contains(&w);
    let first = name.split(' ').next().unwrap_or("");
    event && !body(last) && (last != "War" || !body(first)) && !written_with_legal_form(name)
}

/// Whether `text` writes `name` somewhere as a word with a legal form right after it
/// ("Ninety-nine Award Ltd").
pub(crate) fn written_with_legal_form(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(at, _)| {
        !text[..at].ends_with(char::is_alphanumeric)
            && text[at + name.len()..]
                .strip_prefix(' ')
                .and_then(|after| after.split([' ', ',', '.']).next())
                .is_some_and(is_company_suffix)
    })
}

/// Religions, religious orders, scripts and languages, which CoNLL calls MISC and no type of
/// the stage's covers: the model had taken them for persons, places or organisations out of
/// its domain ("Catholicism", "Christianity", "Cyrillic", "a Jesuit priest", "spot-in Konkani"
/// on wikigold). Languages that the tables hold as a nationality or a people ("French",
/// "Tamil") are left to them.
pub(crate) fn is_belief_or_script(name: &str) -> bool {
    matches!(
        name,
        "Anglicanism"
            | "Aramaic"
            | "Benedictine"
            | "Benedictines"
            | "Buddhism"
            | "Catholicism"
            | "Christianity"
            | "Confucianism"
            | "Cyrillic"
            | "Esperanto"
            | "Farsi"
            | "Franciscan"
            | "Franciscans"
            | "Hindi"
            | "Hinduism"
            | "Islam"
            | "Jainism"
            | "Jesuit"
            | "Jesuits"
            | "Judaism"
            | "Kannada"
            | "Konkani"
            | "Latin"
            | "Lutheranism"
            | "Malayalam"
            | "Marathi"
            | "Mormonism"
            | "Pashto"
            | "Protestantism"
            | "Sanskrit"
            | "Shinto"
            | "Sikhism"
            | "Swahili"
            | "Tagalog"
            | "Taoism"
            | "Telugu"
            | "Urdu"
            | "Yiddish"
            | "Zoroastrianism"
    )
}

/// Words of the chains and shops named with their founder's possessive ("Wendy's International
/// Inc", "Claire's Stores Inc", "Harrah's Entertainment Inc", "Allison's Place Inc"), which an
/// owner's company seldom is.
pub(crate) fn is_shop_word(word: &str) -> bool {
    matches!(
        word,
        "Entertainment"
            | "Enterprises"
            | "Foods"
            | "Hospitality"
            | "Industries"
            | "International"
            | "Place"
            | "Restaurants"
            | "Stores"
    )
}

/// Whether a word in a person's name is an office or rank, no part of the name. (One hashed
/// lookup: it runs on every word of every person the model finds.)
pub(crate) fn is_office_or_rank(word: &str) -> bool {
    static SET: std::sync::LazyLock<crate::text::WordSet<&'static str>> =
        std::sync::LazyLock::new(|| OFFICES.iter().chain(RANKS).copied().collect());
    SET.contains(word)
}

/// Whether the word at `start..end` of `text` is in brackets that hold only the links a web
/// page put after a company's name: "(Quote, Chart)", "(Quote, Profile, Research)".
fn in_link_brackets(text: &str, start: usize, end: usize) -> bool {
    let open = text[..start].rfind('(');
    let close = text[end..].find(')').map(|at| end + at);
    let (Some(open), Some(close)) = (open, close) else { return false };
    let inside = &text[open + 1..close];
    inside.len() < 40 && inside.split(", ").all(|w| matches!(w, "Quote" | "Chart" | "Profile" | "Research"))
}

/// Gods a title names ("Lord Krishna"), no peer's or person's surname.
pub(crate) const GODS: &[&str] = &[
    "Brahma", "Buddha", "Ganesh", "Ganesha", "Hanuman", "Jesus", "Krishna", "Ram", "Rama", "Shiva", "Vishnu",
];

/// Places accords are named after ("the Louvre accord", "the Plaza Accord", "the Oslo
/// accords").
const ACCORD_PLACES: &[&str] = &["Dayton", "Helsinki", "Louvre", "Oslo", "Paris", "Plaza"];

/// Whether the word or initials at `start..end` are no name where they stand: a credit grade
/// ("cut to CCC-plus from B-minus", "rated CCC by Standard and Poor's"), genetically modified
/// ("GM crops"), a thing's initials ([`COMMON_INITIALISMS`]: "PC users", "a 550 mln ECU loan"),
/// an earthquake scale named after its maker ("6.5 on the Richter scale"), a market's words
/// ("Federal funds" traded at 6 pct, "basis points over Treasuries", "over Libor", the crude
/// grade "West Texas Intermediate"), a table's ("Prev Wk"), an accord's ("the Louvre
/// accord"), a portfolio's ("Labour Minister"), a profile's "Born in", or a web page's link
/// ("(Quote, Chart)").
pub(crate) fn means_no_name(text: &str, start: usize, end: usize) -> bool {
    let (surface, after) = (&text[start..end], &text[end..]);
    // The longest of them has seven letters: most names are not looked up. In angle brackets,
    // or in brackets after a legal form, they are a company's ticker (Home Depot's "<HD.N>",
    // "Coca-Cola Co (KO)").
    if may_be_initialism(surface) && COMMON_INITIALISMS.binary_search(&surface).is_ok() {
        let before = &text[..start];
        let ticker = before.ends_with('<')
            || before
                .strip_suffix(" (")
                .is_some_and(|b| is_company_suffix(b.rsplit(' ').next().unwrap_or_default()));
        if !ticker {
            return true;
        }
    }
    match surface {
        "Richter" | "Mercalli" => after.starts_with(" scale"),
        // The state of a crude grade: "West Texas Intermediate", "Light Louisiana Sweet".
        "Texas" => {
            text[..start].ends_with("West ")
                && [" Intermediate", " Sour"].iter().any(|g| after.starts_with(g))
        }
        "Louisiana" => after.starts_with(" Sweet"),
        // Accords named after where they were signed: the "Louvre accord" is no museum, the
        // "Plaza Accord" no hotel (CoNLL's MISC). (The word after asked first: it rules out most
        // names at once. A place of the list without it is no name of the arms below.)
        _ if [" accord", " Accord"].iter().any(|a| after.starts_with(a))
            && ACCORD_PLACES.contains(&surface) =>
        {
            true
        }
        _ if surface
            .strip_suffix(" Accords")
            .or(surface.strip_suffix(" Accord"))
            .is_some_and(|p| ACCORD_PLACES.contains(&p)) =>
        {
            true
        }
        "Federal" => after.starts_with(" funds"),
        _ if is_stock_index(text, start, end) => true,
        // A government's portfolio, in any country: "Brazil's Labour Minister", "Labor
        // Secretary William Brock" (16 bench mentions had been Britain's Labour Party). A longer
        // name ("Labour Ministry (Brazil)") wins over this one anyway.
        "Labour" | "Labor" => [" Minister", " Ministry", " Secretary", " Department", " Court", " Code"]
            .iter()
            .any(|w| after.starts_with(w)),
        "Treasuries" | "West Texas Intermediate" | "West Texas Sour" | "Prev Wk" | "Libor" | "LIBOR" => true,
        // The links a web page put after a company's name, left in AG News's texts: "Cisco
        // Systems (Quote, Chart) is buying", "(Quote, Profile, Research)" (30 bench mentions,
        // places and organisations).
        "Quote" | "Chart" | "Profile" | "Research" => in_link_brackets(text, start, end),
        // A profile's "Born in Glasgow, he…", "Born on May 5, 1950, in…" (a place six times on
        // the bench news, and on wikigold), and "Born in the U.S.A."; not the Dutch town after a
        // preposition ("the plant in Born, southern Netherlands") nor a person ("Born, who
        // took office in 1996").
        "Born" => {
            let opens = crate::text::opens_sentence(text, start);
            let after_preposition = matches!(
                text[..start].split_whitespace().next_back().unwrap_or(""),
                "in" | "at" | "near" | "from" | "of" | "to"
            );
            after.starts_with(" in ") && !after_preposition || after.starts_with(" on ") && opens
        }
        // A grade with a sign is one anywhere; one with a notch only among ratings ("A-1 Steel").
        _ if is_credit_grade(surface) => {
            surface.ends_with("-plus") || surface.ends_with("-minus") || in_ratings_sentence(text, start, end)
        }
        // The rating agencies' grades: Standard & Poor's, and Moody's ("cut to Caa from Ba-1").
        "AAA" | "AA" | "BBB" | "BB" | "CCC" | "CC" | "Aaa" | "Aa" | "Baa" | "Ba" | "Caa" | "Ca" => {
            after.starts_with(['-', '+', '/']) || in_ratings_sentence(text, start, end)
        }
        "GM" => {
            let next = after.trim_start_matches(['-', ' ']);
            let word = next.split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
            GENETICALLY_MODIFIED.contains(&word.to_ascii_lowercase().as_str())
        }
        _ => false,
    }
}

/// Whether the market's name at `start..end` names its stock index there, no organisation
/// (CoNLL's MISC): "the Dow Jones industrial average", "the Nasdaq composite index", "the
/// 225-share Nikkei average", "the Dow closed"; not "the Nasdaq stock market".
pub(crate) fn is_stock_index(text: &str, start: usize, end: usize) -> bool {
    // (Asked of every table match: most start with another letter.)
    if !matches!(text.as_bytes()[start], b'D' | b'N' | b'H' | b'F') {
        return false;
    }
    match &text[start..end] {
        // Names of a company or an exchange too: "Dow Jones lost 20 mln dlrs".
        "Dow Jones" | "Nasdaq" | "NASDAQ" => names_an_index(&text[end..], false),
        // An index's own names: "the Dow closed up 20 points".
        "Dow" | "Nikkei" | "Hang Seng" | "FTSE" => names_an_index(&text[end..], true),
        _ => false,
    }
}

/// Whether the words `after` a market's name make it the name of its stock index: "industrial
/// average", "composite index", "stock average", "225", and with `verbs` a market's verb
/// ("closed", "rose"); not "stock market" or "exchange".
fn names_an_index(after: &str, verbs: bool) -> bool {
    let mut words = after.split(|c: char| c.is_whitespace() || c == '-').filter(|w| !w.is_empty());
    let first = words.next().unwrap_or_default().to_ascii_lowercase();
    let first = first.trim_end_matches(|c: char| !c.is_alphanumeric());
    match first {
        "average" | "averages" | "index" | "indices" | "composite" | "industrial" | "industrials"
        | "transportation" | "utility" | "utilities" => true,
        "closed" | "rose" | "fell" | "gained" | "lost" | "ended" => verbs,
        "stock" | "share" => {
            let second = words.next().unwrap_or_default().to_ascii_lowercase();
            matches!(second.trim_end_matches(|c: char| !c.is_alphanumeric()), "average" | "index" | "indices")
        }
        _ => first.bytes().all(|b| b.is_ascii_digit()) && !first.is_empty(),
    }
}

/// Initials of things, never a name of the stage's types on their own: products and techniques
/// ("PC", "TV", "DVD", "RFID"), economic measures ("GDP", "PSBR", "ECU", "SDR"), fuels ("LNG"),
/// a music genre ("R&B", 12 organisations, persons and places on the bench news), a fight's
/// result ("won by KO", "TKO": ten organisations in one wikigold article), "VIP", "SWAT" (a
/// police unit's kind), "BMX" (a bicycle's), and from the bench news (2026-12-04) Reuters'
/// commodities and paper ("FCOJ", frozen orange juice; "RBD" palm oil; "FRN", a floating rate
/// note: 45 organisations) and the BBC's "ATM", "CPU", "GCSE", "RAM", "VCR"; and results tables'
/// "NA", not available ("Net 55.3 mln vs NA": 13 organisations, 2026-12-07).
/// The model had taken them for organisations (on the bench news "PC" 88 times, "ECU" 35, "TV"
/// 34, "PSBR" 33, "DVD" 27); CoNLL-2003, WNUT-17 and wikigold never give one of them alone an
/// entity of these types. Inside a longer name they stay ("PC World", "Star TV", "TV Globo").
/// Left out: initials that are also an organisation's in news ("CPI", the Communist Party of
/// India; "RSS"; "GPU", General Public Utilities) or that CoNLL calls MISC ("AIDS", "HIV",
/// "ADRs", "DNA"), and "M3", a motorway there. Sorted, for a binary search.
const COMMON_INITIALISMS: &[&str] = &[
    "ATM", "ATMs", "BMX", "CD", "CDs", "CIF", "CPU", "CPUs", "DVD", "DVDs", "ECU", "ECUs", "FCOJ", "FDI",
    "FRN", "FRNs", "GCSE", "GCSEs", "GDP", "GNP", "GPRS", "GPS", "HD", "HDTV", "HSDPA", "IPO", "IPOs",
    "IPTV", "KO", "LCD", "LDC", "LDCs", "LNG", "LPG", "MEP", "MEPs", "MFN", "MMORPG", "MMORPGs", "MP", "MP3",
    "MPs", "MTBE", "NA", "PC", "PCs", "PDA", "PDAs", "PPI", "PSBR", "R&B", "RAM", "RBD", "RFID", "RPI",
    "SDR", "SDRs", "SMS", "SWAT", "TKO", "TV", "TVs", "USB", "UWB", "VAT", "VCR", "VCRs", "VIP", "VIPs",
    "WTI",
];

/// A first check before [`COMMON_INITIALISMS`] is searched: every one has at most seven bytes
/// and a capital or "&" second ("PC", "R&B", "MP3"), which few names have.
fn may_be_initialism(surface: &str) -> bool {
    surface.len() <= 7 && surface.as_bytes().get(1).is_some_and(|&b| b.is_ascii_uppercase() || b == b'&')
}

/// Whether the sentence around `start..end` of `text` speaks of ratings.
pub(crate) fn in_ratings_sentence(text: &str, start: usize, end: usize) -> bool {
    let from = text[..start].rfind(". ").map_or(0, |i| i + 2);
    let to = text[end..].find(". ").map_or(text.len(), |i| end + i);
    let sentence = &text[from..to];
    ["rating", "rated", "Moody", "Standard and Poor", "Standard & Poor", "S and P", "S&P", "S/P"]
        .iter()
        .any(|cue| sentence.contains(cue))
}

/// A credit or stock rating's grade with its modifier: "A-plus", "B-minus", "Ba-3", "A-1-plus",
/// "O-plus" (Salomon's stock ratings).
pub(crate) fn is_credit_grade(word: &str) -> bool {
    // (Asked of every name: most have no hyphen.)
    if !word.as_bytes().contains(&b'-') {
        return false;
    }
    let letters = [
        "AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C", "D", "Aaa", "Aa", "Baa", "Ba", "Caa", "Ca", "O",
    ];
    let signed = word.strip_suffix("-plus").or_else(|| word.strip_suffix("-minus"));
    let stem = signed.unwrap_or(word);
    // One notch, 1 to 3 ("Ba-3", "A-1-plus"; not "Bill C-40").
    let (stem, notched) = match stem.rsplit_once('-') {
        Some((letters, "1" | "2" | "3")) => (letters, true),
        _ => (stem, false),
    };
    (signed.is_some() || notched) && letters.contains(&stem)
}

/// What "GM" stands before when it means genetically modified (not "plants": "other GM plants
/// in the U.S." are General Motors').
const GENETICALLY_MODIFIED: &[&str] = &[
    "animal",
    "animals",
    "corn",
    "crop",
    "crops",
    "food",
    "foods",
    "free",
    "ingredients",
    "maize",
    "organism",
    "organisms",
    "potatoes",
    "rice",
    "salmon",
    "seed",
    "seeds",
    "soya",
    "soybeans",
    "technology",
    "trial",
    "trials",
    "wheat",
];

/// Words of wire-service financial and commodity tables ("Nine Mths", "H.K. Dlrs", "Start
/// Stcks", "Bu-Sorghum Cwt"), no part of any name.
const TABLE_WORDS: &[&str] =
    &["cts", "cwt", "dlr", "dlrs", "mln", "mths", "pct", "qtr", "shr", "shrs", "stcks", "stks"];

/// Whether `word` is one of [`TABLE_WORDS`], in any case ("Shr", "MLN").
pub(crate) fn is_table_word(word: &str) -> bool {
    TABLE_WORDS.iter().any(|t| t.eq_ignore_ascii_case(word))
}

/// Words that make the name after them a person's: "President Zelensky", "Mr Smith".
pub(crate) const TITLES: &[&str] = &[
    "Adm",
    "Admiral",
    "Ambassador",
    "Archbishop",
    "Ayatollah",
    "Baroness",
    "Capt",
    "Captain",
    "CEO",
    "Chairman",
    "Chairwoman",
    "Chancellor",
    "Col",
    "Colonel",
    "Commander",
    "Commissioner",
    "Dame",
    "Director",
    "Dr",
    "Emir",
    "Envoy",
    "Gen",
    "General",
    "Gov",
    "Governor",
    "Judge",
    "King",
    "Leader",
    "Lord",
    "Lt",
    "Mayor",
    "Minister",
    "Mr",
    "Mrs",
    "Ms",
    "Pope",
    "Premier",
    "President",
    "Prince",
    "Princess",
    "Prof",
    "Professor",
    "Queen",
    "Rep",
    "Representative",
    "Secretary",
    "Sen",
    "Senator",
    "Sgt",
    "Sheikh",
    "Sir",
    "Speaker",
    "Spokesman",
    "Spokesperson",
    "Spokeswoman",
];

/// Words that qualify a title ("Deputy Foreign Minister", "Minister of Foreign Affairs").
pub(crate) const TITLE_COMPLEMENTS: &[&str] = &[
    "Acting",
    "Adviser",
    "Advisor",
    "Affairs",
    "Agriculture",
    "and",
    "Attorney",
    "Chief",
    "Culture",
    "Defence",
    "Defense",
    "Deputy",
    "Economy",
    "Education",
    "Energy",
    "Environment",
    "Executive",
    "Finance",
    "First",
    "for",
    "Foreign",
    "Former",
    "Health",
    "Home",
    "Interior",
    "Justice",
    "Lady",
    "National",
    "of",
    "Press",
    "Prime",
    "Security",
    "State",
    "the",
    "Trade",
    "Transport",
    "Vice",
];

/// Lower-case role nouns right before a name: "spokesman Dmitry Peskov".
pub(crate) const ROLE_WORDS: &[&str] = &[
    "adviser",
    "advisor",
    "ambassador",
    "analyst",
    "captain",
    "chancellor",
    "chief",
    "colonel",
    "commander",
    "correspondent",
    "counterpart",
    "diplomat",
    "director",
    "envoy",
    "general",
    "governor",
    "lawmaker",
    "leader",
    "lieutenant",
    "mayor",
    "minister",
    "negotiator",
    "official",
    "premier",
    "president",
    "secretary",
    "senator",
    "spokesman",
    "spokesperson",
    "spokeswoman",
];

/// Last words of organisation names: "Defence Ministry", "Very High Readiness Joint Task Force".
pub(crate) const ORG_WORDS: &[&str] = &[
    "Agency",
    "Airlines",
    "Airways",
    "Alliance",
    "Army",
    "Assembly",
    "Association",
    "Authority",
    "Bank",
    "Battalion",
    "Board",
    "Brigade",
    "Bureau",
    "Center",
    "Centre",
    "Co",
    "Command",
    "Commission",
    "Committee",
    "Company",
    "Congress",
    "Corp",
    "Corporation",
    "Council",
    "Court",
    "Department",
    "Federation",
    "Force",
    "Forces",
    "Foundation",
    "Front",
    "Fund",
    "Group",
    "Guard",
    "Holdings",
    "Inc",
    "Institute",
    "League",
    "Ltd",
    "Ministry",
    "Movement",
    "Navy",
    "News",
    "Office",
    "Organisation",
    "Organization",
    "Parliament",
    "Partners",
    "Party",
    "Police",
    "Post",
    "Service",
    "Services",
    "Times",
    "Tribunal",
    "Union",
    "University",
];

/// The Euromarket's instruments, which news writes with a capital and the model reads as a
/// name: no entity alone ("to issue Eurobonds", "Eurodollar convertible debentures").
pub(crate) const INSTRUMENTS: &[&str] = &[
    "Eurobond",
    "Eurobonds",
    "Eurocheque",
    "Eurocheques",
    "Eurocredit",
    "Eurocredits",
    "Eurodollar",
    "Eurodollars",
    "Euronote",
    "Euronotes",
    "Euroyen",
];

/// First words of French, Italian, Spanish and German firms' names, no one's given name
/// ("Banque Indosuez", "Credit Lyonnais", "Societe Generale", "Banco Central"): a name they
/// open is no person's, whatever the model typed it.
pub(crate) const FIRM_OPENERS: &[&str] = &[
    "Banca",
    "Banco",
    "Bankhaus",
    "Banque",
    "Caisse",
    "Cie",
    "Compagnie",
    "Compania",
    "Credit",
    "Credito",
    "Sociedad",
    "Societa",
    "Societe",
    "Société",
];

/// The rest of a name a foreign firm's word opens ("Paribas" of "Banque Paribas").
pub(crate) fn after_firm_opener(name: &str) -> Option<&str> {
    name.split_once(' ').filter(|(first, _)| FIRM_OPENERS.contains(first)).map(|(_, rest)| rest)
}

/// Last words of company names that are no one's surname ("General Motors", "General Foods"),
/// besides [`ORG_WORDS`]. Some are surnames too ("David Steel", "Hayley Mills"), so they make
/// an organisation only after "General" or another capitalised word that is no title. Not a
/// model feature (unlike `ORG_WORDS`): the rules and the span tidying read it, so it can grow
/// without retraining.
pub(crate) const COMPANY_HEADS: &[&str] = &[
    "Airlines",
    "Airways",
    "Bancorp",
    "Chemical",
    "Chemicals",
    "Communications",
    "Dynamics",
    "Electric",
    "Electronics",
    "Enterprises",
    "Foods",
    "Industries",
    "Instruments",
    "Insurance",
    "Laboratories",
    "Lines",
    "Mills",
    "Motor",
    "Motors",
    "Petroleum",
    "Pharmaceuticals",
    "Railroad",
    "Railway",
    "Records",
    "Securities",
    "Steel",
    "Stores",
    "Technologies",
    "Telegraph",
    "Telephone",
    "Tire",
    "Utilities",
];

/// Words of a sports page: a text with two of them is one (`reads_as_sports`).
// (Not "season", "goal", "match", "league", "coach", "scored" or "penalty": a crop
// season, a policy's goal, a matched offer, a league table, a coach trip, a record
// scored and a tax penalty are business news's too.)
const SPORTS_WORDS: &[&str] = &[
    " striker",
    " midfielder",
    " goalkeeper",
    " innings",
    " wicket",
    " quarterback",
    " touchdown",
    " Premiership",
    " Premier League",
    " Champions League",
    " World Cup",
    " Six Nations",
    " fly-half",
    " football",
    " soccer",
    " rugby",
    " cricket",
    " tennis",
    " baseball",
    " basketball",
    " hockey",
    " semi-final",
    " quarter-final",
    " play-off",
    " playoff",
    " scrum",
    " flanker",
    " winger",
    " Heineken Cup",
    " Serie A",
    " NFL",
    " NBA",
    " NHL",
];

/// Whether `text` reads as a sports page: two of [`SPORTS_WORDS`] or more in it. A town names
/// its club there, and a bay or a river its team ("Tampa Bay", "Green Bay").
pub(crate) fn reads_as_sports(text: &str) -> bool {
    // One pass over the text for all the words (one search a word had been 35 passes), to the
    // second word found.
    static WORDS: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::new(SPORTS_WORDS).expect("the sports words make an automaton")
    });
    let mut first = None;
    for found in WORDS.find_overlapping_iter(text) {
        match first {
            None => first = Some(found.pattern()),
            Some(pattern) if pattern != found.pattern() => return true,
            Some(_) => {}
        }
    }
    false
}

/// Given names that are places' names too, which `given_names.txt` leaves out (its rules take
/// a span that opens with one for a person's): a person the model finds by one of them alone
/// ("said Virginia, his wife") stays a person. Only the names the tables or the US states' list
/// hold as a place of one word; not those of most countries and capitals ("Jordan", "Israel",
/// "Chad", "Paris"): one of those alone, with no person of the document named with it, is far
/// more often the place the model misread ("Georgia", a state and a country, is kept).
const GIVEN_NAMES_OF_PLACES: &[&str] =
    &["Alexandria", "Chelsea", "Dallas", "Florence", "Georgia", "Houston", "Indiana", "Sydney", "Virginia"];

/// Whether `word` is a given name that is also a place's name ([`GIVEN_NAMES_OF_PLACES`]).
pub(crate) fn is_given_name_of_a_place(word: &str) -> bool {
    GIVEN_NAMES_OF_PLACES.binary_search(&word).is_ok()
}

/// Laws and votes, named like people after a capitalised word: "the Finance Bill", "the
/// General Election". No entity type covers them.
pub(crate) const LAWS_AND_VOTES: &[&str] =
    &["Act", "Amendment", "Bill", "Bills", "Election", "Elections", "Referendum", "Treaty"];

/// The abbreviations of US states that wire copy writes after a town ("Stamford, Conn.",
/// "Houston, Tex."), with the state each names. The states whose names are also a country's
/// or a city's in the tables say which they are.
const US_STATES: &[(&str, &str)] = &[
    ("Ala", "Alabama"),
    ("Ariz", "Arizona"),
    ("Ark", "Arkansas"),
    ("Calif", "California"),
    ("Colo", "Colorado"),
    ("Conn", "Connecticut"),
    ("Del", "Delaware"),
    ("Fla", "Florida"),
    ("Ga", "Georgia (U.S. state)"),
    ("Ill", "Illinois"),
    ("Ind", "Indiana"),
    ("Kan", "Kansas"),
    ("Kans", "Kansas"),
    ("Ky", "Kentucky"),
    ("La", "Louisiana"),
    ("Mass", "Massachusetts"),
    ("Md", "Maryland"),
    ("Mich", "Michigan"),
    ("Minn", "Minnesota"),
    ("Miss", "Mississippi"),
    ("Mo", "Missouri"),
    ("Mont", "Montana"),
    ("N.C", "North Carolina"),
    ("N.D", "North Dakota"),
    ("N.H", "New Hampshire"),
    ("N.J", "New Jersey"),
    ("N.M", "New Mexico"),
    ("N.Y", "New York (state)"),
    ("Neb", "Nebraska"),
    ("Nev", "Nevada"),
    ("Okla", "Oklahoma"),
    ("Ore", "Oregon"),
    ("Pa", "Pennsylvania"),
    ("R.I", "Rhode Island"),
    ("S.C", "South Carolina"),
    ("S.D", "South Dakota"),
    ("Tenn", "Tennessee"),
    ("Tex", "Texas"),
    ("Va", "Virginia"),
    ("Vt", "Vermont"),
    ("W.Va", "West Virginia"),
    ("Wash", "Washington (state)"),
    ("Wis", "Wisconsin"),
    ("Wisc", "Wisconsin"),
    ("Wyo", "Wyoming"),
];

/// The states' postal codes, as some copy writes them in a politician's party and state
/// ("Rep. Mike Rogers (R-MI)"); only read there (after a comma "MD" is as often a degree).
const US_POSTAL_CODES: &[(&str, &str)] = &[
    ("AK", "Alaska"),
    ("AL", "Alabama"),
    ("AR", "Arkansas"),
    ("AZ", "Arizona"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("FL", "Florida"),
    ("GA", "Georgia (U.S. state)"),
    ("HI", "Hawaii"),
    ("IA", "Iowa"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("MA", "Massachusetts"),
    ("MD", "Maryland"),
    ("ME", "Maine"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MO", "Missouri"),
    ("MS", "Mississippi"),
    ("MT", "Montana"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("NE", "Nebraska"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NV", "Nevada"),
    ("NY", "New York (state)"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VA", "Virginia"),
    ("VT", "Vermont"),
    ("WA", "Washington (state)"),
    ("WI", "Wisconsin"),
    ("WV", "West Virginia"),
    ("WY", "Wyoming"),
];

/// The fifty states, written out: places whatever company they open the name of ("Texas" in a
/// story on Texas Instruments Inc).
const US_STATE_NAMES: &[&str] = &[
    "Alabama",
    "Alaska",
    "Arizona",
    "Arkansas",
    "California",
    "Colorado",
    "Connecticut",
    "Delaware",
    "Florida",
    "Georgia",
    "Hawaii",
    "Idaho",
    "Illinois",
    "Indiana",
    "Iowa",
    "Kansas",
    "Kentucky",
    "Louisiana",
    "Maine",
    "Maryland",
    "Massachusetts",
    "Michigan",
    "Minnesota",
    "Mississippi",
    "Missouri",
    "Montana",
    "Nebraska",
    "Nevada",
    "New Hampshire",
    "New Jersey",
    "New Mexico",
    "New York",
    "North Carolina",
    "North Dakota",
    "Ohio",
    "Oklahoma",
    "Oregon",
    "Pennsylvania",
    "Rhode Island",
    "South Carolina",
    "South Dakota",
    "Tennessee",
    "Texas",
    "Utah",
    "Vermont",
    "Virginia",
    "Washington",
    "West Virginia",
    "Wisconsin",
    "Wyoming",
];

pub(crate) fn is_us_state_name(name: &str) -> bool {
    // One hashed lookup: it is asked about every organisation's name.
    static SET: std::sync::LazyLock<crate::text::WordSet<&'static str>> =
        std::sync::LazyLock::new(|| US_STATE_NAMES.iter().copied().collect());
    SET.contains(name)
}

/// Whether `word` ("Calif", "Calif.") is a wire-style US state abbreviation.
pub(crate) fn is_us_state_abbreviation(word: &str) -> bool {
    state_abbreviated(word).is_some()
}

/// The state a wire-style abbreviation ("Calif", "Calif.") names.
fn state_abbreviated(word: &str) -> Option<&'static str> {
    let word = word.trim_end_matches('.');
    US_STATES.iter().find(|(abbreviation, _)| *abbreviation == word).map(|&(_, state)| state)
}

/// The US state that the name at `start..end` of `text` abbreviates, when it stands where a
/// state does: after a capitalised town and a comma ("Stamford, Conn"), and not right before a
/// capitalised word without its point (in "Smith, Miss Jones" it is an honorific).
pub(crate) fn us_state(text: &str, start: usize, end: usize) -> Option<&'static str> {
    // The comma first: it runs on every name the model finds, and few follow ", ".
    let town = text[..start].strip_suffix(", ")?.rsplit(char::is_whitespace).next()?;
    let name = text[start..end].trim_end_matches('.');
    let state = state_abbreviated(name)?;
    // A capital after the point of "Conn." opens a sentence; without the point it is a name.
    let point = text[start..end].ends_with('.') || text[end..].starts_with('.');
    let before_name =
        !point && text[end..].strip_prefix(' ').is_some_and(|r| r.starts_with(char::is_uppercase));
    (town.starts_with(char::is_uppercase) && !before_name).then_some(state)
}

/// A US politician's party and state, as wire copy writes them after the name: "(D-Vt.)",
/// ", R-Kan.,", "(D-N.J.)", "(R-Texas)", "(D-IL)", and at a sentence's end ", D-Texas.". For
/// the hyphen at `dash` of such a designation: where the state's name is in `text` (its point
/// kept only when it has points inside, "N.J."), where the designation ends (its closing
/// bracket or comma, or the end of its word), and the state. The model reads these as one odd
/// name ("D-Tex" an organisation, "D-N" a place and "J." a person). After a capitalised word,
/// the politician's name: not "the peptide (D-Ala)".
pub(crate) fn party_designation(
    text: &str,
    dash: usize,
) -> Option<(std::ops::Range<usize>, usize, &'static str)> {
    let party = dash.checked_sub(1)?;
    if !matches!(text.as_bytes().get(party), Some(b'D' | b'R' | b'I')) {
        return None;
    }
    let before = &text[..party];
    let (bracketed, name) = match before.strip_suffix('(') {
        Some(name) => (true, name),
        None => (false, before.strip_suffix(", ")?),
    };
    if !name.split_whitespace().next_back().is_some_and(|w| w.starts_with(char::is_uppercase)) {
        return None;
    }
    let rest = &text[dash + 1..];
    let close = match rest.bytes().take(16).position(|b| matches!(b, b')' | b',')) {
        Some(close) => close,
        None if bracketed => return None,
        None => rest
            .bytes()
            .take(16)
            .position(|b| b.is_ascii_whitespace())
            .or((rest.len() <= 16).then_some(rest.len()))?,
    };
    let written = &rest[..close];
    let stem = written.trim_end_matches('.');
    let name = if stem.contains('.') { written } else { stem };
    let state = state_abbreviated(name)
        .or_else(|| {
            US_POSTAL_CODES
                .iter()
                .chain(DESIGNATION_ABBREVIATIONS)
                .find(|(code, _)| *code == name)
                .map(|&(_, state)| state)
        })
        .or_else(|| US_STATE_NAMES.iter().find(|&&n| n == name).map(|&n| state_canonical(n)))?;
    Some((dash + 1..dash + 1 + name.len(), dash + 1 + close, state))
}

/// The canonical name of the US state `name`: the state's own name, but for those the tables
/// give a country or a city ("Georgia", "New York", "Washington").
pub(crate) fn state_canonical(name: &'static str) -> &'static str {
    match name {
        "Georgia" => "Georgia (U.S. state)",
        "New York" => "New York (state)",
        "Washington" => "Washington (state)",
        _ => name,
    }
}

/// Abbreviations of states seen only in party designations ("(D-Cal.)", "(D-Nebr.)").
const DESIGNATION_ABBREVIATIONS: &[(&str, &str)] =
    &[("Cal", "California"), ("Mi", "Michigan"), ("Nebr", "Nebraska")];

/// Initials that are places in news copy though the tables do not list them: the states'
/// postal codes ("upstate NY", "marched in DC") and a few more ("the GB side", "from NYC").
pub(crate) fn is_place_initialism(word: &str) -> bool {
    const MORE: &[&str] = &["DC", "GB", "HCMC", "KL", "NI", "NYC", "SF", "UP"];
    MORE.contains(&word) || US_POSTAL_CODES.iter().any(|(code, _)| *code == word)
}

/// The state that the name at `start..end` of `text` is, when it is the state of a party
/// designation ([`party_designation`]).
pub(crate) fn party_state(text: &str, start: usize, end: usize) -> Option<&'static str> {
    let dash = start.checked_sub(1).filter(|&d| text.as_bytes()[d] == b'-')?;
    party_designation(text, dash).filter(|(name, _, _)| *name == (start..end)).map(|(_, _, state)| state)
}

/// Lower-case words allowed inside a name: "Ursula von der Leyen", "Ministry of Defence".
pub(crate) const PARTICLES: &[&str] = &[
    "al", "bin", "da", "de", "del", "della", "den", "der", "di", "dos", "du", "el", "ibn", "la", "le", "of",
    "for", "van", "von",
];

/// A country's legislature or government named alone ("told Parliament", "went to Cabinet"):
/// an organisation, whatever the model's type, named with the country (`qualify_bodies`).
pub(crate) const BARE_BODIES: &[&str] = &["Parliament", "Cabinet"];

/// Abbreviations that keep a name going past their full stop: "Mr. Smith", "Gen. Milley".
pub(crate) const ABBREVIATIONS: &[&str] =
    &["Adm", "Capt", "Col", "Dr", "Gen", "Gov", "Lt", "Mr", "Mrs", "Ms", "Prof", "Rep", "Sen", "Sgt", "St"];

/// Companies named as a place is, which the tables give the name (`companies.tsv`), each with
/// the countries (and their nationalities) whose possessive or adjective before it says the
/// place ("Peru's Amazon", "the Brazilian Amazon"): a mention is the place only where its text
/// says so (`Resolution::places_named_like_companies`).
pub(crate) const PLACES_NAMING_COMPANIES: &[(&str, &[&str])] = &[(
    "Amazon",
    &[
        "Bolivia",
        "Bolivian",
        "Brazil",
        "Brazilian",
        "Colombia",
        "Colombian",
        "Ecuador",
        "Ecuadorean",
        "Ecuadorian",
        "Guyana",
        "Guyanese",
        "Peru",
        "Peruvian",
        "Suriname",
        "Surinamese",
        "Venezuela",
        "Venezuelan",
    ],
)];

/// Words after such a name that make it the place: land, water and the people living there
/// ("Amazon basin", "Amazon rainforest", "Amazon tribes"). (Not "fires" nor "states": "Amazon
/// fires 200 workers", "Amazon states in its filing".)
pub(crate) const PLACE_WORDS: &[&str] = &[
    "Basin",
    "River",
    "basin",
    "biome",
    "city",
    "deforestation",
    "delta",
    "ecosystem",
    "forest",
    "forests",
    "frontier",
    "headwaters",
    "indigenous",
    "interior",
    "jungle",
    "jungles",
    "lowlands",
    "peoples",
    "port",
    "rain",
    "rainforest",
    "rainforests",
    "region",
    "regions",
    "river",
    "town",
    "towns",
    "tribal",
    "tribe",
    "tribes",
    "village",
    "villages",
    "watershed",
    "wilderness",
    "wildfires",
];

/// Words after such a name that make it the company, whatever comes before it ("the Amazon
/// deal", "German Amazon workers").
pub(crate) const BUSINESS_WORDS: &[&str] = &[
    "account",
    "acquisition",
    "app",
    "bid",
    "boss",
    "brand",
    "chief",
    "contract",
    "customers",
    "deal",
    "deals",
    "deliveries",
    "delivery",
    "device",
    "devices",
    "division",
    "employees",
    "executive",
    "executives",
    "founder",
    "investment",
    "lawsuit",
    "listing",
    "logo",
    "merger",
    "offer",
    "order",
    "orders",
    "package",
    "packages",
    "page",
    "patent",
    "platform",
    "price",
    "prices",
    "purchase",
    "review",
    "reviews",
    "sale",
    "sales",
    "seller",
    "sellers",
    "service",
    "services",
    "shares",
    "shoppers",
    "site",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "stake",
    "stock",
    "store",
    "subscribers",
    "takeover",
    "union",
    "unit",
    "users",
    "warehouse",
    "warehouses",
    "website",
    "workers",
];

#[cfg(test)]
mod tests {
    use super::{
        COMMON_INITIALISMS, COMPANY_SUFFIXES, GIVEN_NAMES_OF_PLACES, STOPWORDS, is_company_suffix,
        is_stock_index, may_be_company_suffix, may_be_initialism, us_state,
    };

    #[test]
    fn binary_searched_lists_are_sorted() {
        assert!(STOPWORDS.is_sorted());
        assert!(COMMON_INITIALISMS.is_sorted() && COMMON_INITIALISMS.iter().all(|w| may_be_initialism(w)));
        assert!(COMPANY_SUFFIXES.is_sorted());
        assert!(GIVEN_NAMES_OF_PLACES.is_sorted());
    }

    #[test]
    fn initials_of_things_are_no_names_but_tickers_are() {
        let no_name = |text: &str, word: &str| {
            let start = text.find(word).unwrap();
            super::means_no_name(text, start, start + word.len())
        };
        assert!(no_name("He won by KO in the third round.", "KO"));
        assert!(no_name("a VIP area", "VIP"));
        assert!(!no_name("bid for Coca-Cola Co (KO) shares", "KO"));
        assert!(!no_name("Home Depot <HD> said", "HD"));
    }

    #[test]
    fn the_first_check_lets_every_legal_form_through() {
        for form in COMPANY_SUFFIXES {
            assert!(may_be_company_suffix(form), "{form}");
            assert!(is_company_suffix(form) && is_company_suffix(&format!("{form}.")), "{form}");
        }
        assert!(!is_company_suffix("Company") && !is_company_suffix("") && !is_company_suffix("."));
    }

    #[test]
    fn us_states_after_a_town() {
        let state = |text: &str, word: &str| {
            let start = text.find(word).unwrap();
            us_state(text, start, start + word.len())
        };
        assert_eq!(state("in Stamford, Conn.", "Conn"), Some("Connecticut"));
        assert_eq!(state("Portland, Ore. The company said", "Ore"), Some("Oregon"));
        assert_eq!(state("of Trenton, N.J., said", "N.J."), Some("New Jersey"));
        assert_eq!(state("Atlanta, Ga, and", "Ga"), Some("Georgia (U.S. state)"));
        // Not after a town, or an honorific before a name.
        assert_eq!(state("Conn said", "Conn"), None);
        assert_eq!(state("he said, Miss Jones", "Miss"), None);
        assert_eq!(state("the plan, Mass layoffs", "Mass"), None);
        assert_eq!(state("Smith, Miss Jones", "Miss"), None);
    }

    #[test]
    fn a_markets_name_before_index_words_is_its_index() {
        let index = |text: &str, name: &str| {
            let start = text.find(name).unwrap();
            is_stock_index(text, start, start + name.len())
        };
        assert!(index("the Dow Jones industrial average rose", "Dow Jones"));
        assert!(index("\"A lot depends on the Dow Jones index,\" he said", "Dow Jones"));
        assert!(index("The Nasdaq composite index closed", "Nasdaq"));
        assert!(index("the 225-share Nikkei average shed 156.65", "Nikkei"));
        assert!(index("the Nikkei stock average", "Nikkei"));
        assert!(index("the Dow closed up 20 points", "Dow"));
        assert!(!index("listed on the Nasdaq stock market", "Nasdaq"));
        assert!(!index("published by Dow Jones and Co Inc", "Dow Jones"));
        assert!(!index("shares of Dow Chemical", "Dow"));
        // A verb makes an index of the index's own names only.
        assert!(!index("Dow Jones lost 20 mln dlrs on its Telerate unit", "Dow Jones"));
    }
}
