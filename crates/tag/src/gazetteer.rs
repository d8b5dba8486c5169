//! The gazetteer: alias tables (TSV, in `data/` and optionally an extra directory) compiled
//! into one Aho-Corasick automaton, plus a key index so spelling variants the tables do not
//! list still find their entry.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, Anchored, Input, Match, MatchKind, StartKind};
use copydesk_core::EntityKind;

use crate::canonical::{hashed_id, key};
use crate::proposer::{CONFIDENCE_GAZETTEER, Candidate, Label, SpanProposer};
use crate::text::{Scan, WordHasher, for_each_run, is_all_caps, is_title_case, is_word_bounded};

/// The built-in tables the model was trained with, compiled in so the stage works from any
/// working directory.
const BUILTIN: &[(&str, &str)] = &[
    ("countries.tsv", include_str!("../data/countries.tsv")),
    ("cities.tsv", include_str!("../data/cities.tsv")),
    ("regions.tsv", include_str!("../data/regions.tsv")),
    ("demonyms.tsv", include_str!("../data/demonyms.tsv")),
    ("orgs.tsv", include_str!("../data/orgs.tsv")),
    ("people.tsv", include_str!("../data/people.tsv")),
];

/// Built-in tables added after the model was trained. The model never sees them (training
/// leaves them out, so that `cargo xtask train-ner` still makes the committed model byte for
/// byte, and tagging gives it no feature from them, as in training); they name and type the
/// spans the model finds ("Sony" as a place becomes the company). Retraining with them is a
/// choice for eng.testa to make, with the next model.
const ADDED: &[(&str, &str)] = &[
    ("companies.tsv", include_str!("../data/companies.tsv")),
    ("bodies.tsv", include_str!("../data/bodies.tsv")),
    ("leaders.tsv", include_str!("../data/leaders.tsv")),
    ("spellings.tsv", include_str!("../data/spellings.tsv")),
    ("former_countries.tsv", include_str!("../data/former_countries.tsv")),
    ("media.tsv", include_str!("../data/media.tsv")),
    ("venues.tsv", include_str!("../data/venues.tsv")),
    ("groups.tsv", include_str!("../data/groups.tsv")),
    ("places.tsv", include_str!("../data/places.tsv")),
];

/// The tables whose places are countries: the country of a ministry ("Japan's Finance
/// Ministry") and a document's own country are one of theirs.
const COUNTRY_TABLES: &[&str] = &["countries.tsv", "former_countries.tsv"];

/// The country of each nationality ("Japanese" → "Japan"), by canonical names.
const NATIONALITIES: &str = include_str!("../data/nationalities.tsv");

/// The year from which news names some entries, by canonical names (see the file).
const ERAS: &str = include_str!("../data/eras.tsv");

/// Names that name one entry in some years and another in others ("Bush"; see the file).
const DATED: &str = include_str!("../data/dated.tsv");

/// One known entity.
#[derive(Debug)]
pub(crate) struct Entry {
    pub canonical: String,
    pub kind: EntityKind,
    /// The QID where the table gives one, else the hashed id of the canonical name.
    pub id: String,
    /// Whether the model sees a match of this entry as a feature: not for the tables added
    /// after it was trained ([`ADDED`]), which only name and type the spans it finds.
    pub feature: bool,
    /// Whether it is a country ([`COUNTRY_TABLES`]).
    pub country: bool,
    /// The year from which news names it ([`ERAS`]): a document published before names
    /// something else by its aliases.
    pub from: Option<i32>,
}

/// How an alias may appear in text besides its exact spelling.
#[derive(Clone, Copy, Debug)]
enum CaseRule {
    /// Only as written ("US" never matches "us" or "Us").
    Exact,
    /// An acronym of four or more letters also matches in title case ("NATO" and "Nato").
    Acronym,
    /// A name also matches in all capitals, as datelines and headlines write it ("MOSCOW").
    Name,
}

#[derive(Debug)]
struct Alias {
    spelling: Box<str>,
    entry: u32,
    case: CaseRule,
    /// The type the model sees this spelling as, if it is a feature: the type of the entry of
    /// the last table the model is trained with that lists it. A table added after the model
    /// may give the spelling to an entry of its own, but not take the feature away.
    feature: Option<EntityKind>,
}

pub(crate) struct Gazetteer {
    entries: Vec<Entry>,
    automaton: AhoCorasick,
    /// By pattern id: the aliases that are one ASCII-case-insensitive pattern ("Eastern
    /// Europe" and "eastern Europe"), each with its own spelling and case rule.
    aliases: Vec<Vec<Alias>>,
    /// Canonical key of every non-acronym alias of four or more characters, for rule-found
    /// spellings the tables miss ("Volodymyr Zelenskii").
    by_key: HashMap<String, u32, std::hash::BuildHasherDefault<WordHasher>>,
    /// The first two bytes of every alias in every ASCII case, as bits over the 65,536 byte
    /// pairs: a word whose first two bytes are not here starts no match, and most do not.
    starts: Box<[u64; 1024]>,
    /// The country entry of each nationality entry ("Japanese" → "Japan").
    nationalities: HashMap<u32, u32>,
    /// The latest [`Entry::from`] year: a text of that year or later uses every entry.
    latest_era: Option<i32>,
    /// Canonical key of a name → the entries it names, each from one year to another
    /// (both included; [`DATED`]).
    dated: HashMap<String, Vec<(i32, i32, u32)>>,
    /// The kinds of the entries in `dated`, as bits by `EntityKind as u8`: most mentions are
    /// of no such kind, and look nothing up.
    dated_kinds: u8,
}

/// The rows of the two-column table `file` (`first<TAB>second`; blank and `#` lines skipped),
/// each with its line number; a row without a tab is an error that says what was `expected`.
fn two_columns<'t>(
    file: &'t str,
    table: &'t str,
    expected: &'t str,
) -> impl Iterator<Item = Result<(usize, &'t str, &'t str), TableError>> + 't {
    let rows =
        table.lines().enumerate().filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'));
    rows.map(move |(i, line)| {
        let (first, second) = line
            .split_once('\t')
            .ok_or_else(|| TableError(format!("{file}:{}: expected {expected}", i + 1)))?;
        Ok((i + 1, first, second))
    })
}

/// A table line that cannot be used, as `file:line: message`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct TableError(pub String);

impl Gazetteer {
    /// The built-in tables followed by `extra` (name, contents) tables. A later table's alias
    /// replaces an earlier one's, so an extra table can correct the built-in data. An extra
    /// table named `eras.tsv` or `dated.tsv` (its file name, in any case) is one of those
    /// tables, not an alias table: its rows come after the built-in one's, and replace them
    /// for the entries and names it gives.
    ///
    /// Every problem in the tables is reported, not the first alone: a row with one is left
    /// out and the rest are read on.
    pub fn load(extra: &[(String, String)]) -> Result<Gazetteer, Vec<TableError>> {
        let named = |name: &str, wanted: &str| {
            std::path::Path::new(name).file_name().is_some_and(|file| file.eq_ignore_ascii_case(wanted))
        };
        let yearly = |name: &str| named(name, "eras.tsv") || named(name, "dated.tsv");
        let builtin = BUILTIN.iter().map(|&(name, table)| (name, table, true));
        let added = ADDED.iter().map(|&(name, table)| (name, table, false));
        let aliases = extra.iter().filter(|(name, _)| !yearly(name));
        let aliases = aliases.map(|(name, table)| (name.as_str(), table.as_str(), true));
        let mut problems = Vec::new();
        let mut gazetteer = Gazetteer::read_tables(builtin.chain(added).chain(aliases), &mut problems)
            .map_err(|fatal| vec![fatal])?;
        gazetteer.nationalities = gazetteer.nationalities_of(NATIONALITIES, &mut problems);
        gazetteer.read_eras("eras.tsv", ERAS, &mut problems);
        gazetteer.read_dated("dated.tsv", DATED, &mut problems);
        for (name, table) in extra.iter().filter(|(name, _)| yearly(name)) {
            if named(name, "eras.tsv") {
                gazetteer.read_eras(name, table, &mut problems);
            } else {
                gazetteer.read_dated(name, table, &mut problems);
            }
        }
        if problems.is_empty() { Ok(gazetteer) } else { Err(problems) }
    }

    /// Sets the names that name different entries in different years from the table `file`
    /// (`dated.tsv`): name, canonical name of the entry (the entry its own spelling names, so a
    /// later table's entry of the same name), first year, last year. A name the table gives
    /// loses the spans earlier tables gave it; one table's spans of a name may not overlap: a
    /// year must name one entry. A name the tables match already (an alias) is an error: their
    /// match would come first, and the row would never apply.
    pub(crate) fn read_dated(&mut self, file: &str, table: &str, problems: &mut Vec<TableError>) {
        let mut named_here = std::collections::HashSet::new();
        for row in two_columns(file, table, "name, canonical name, first year, last year") {
            let read = row
                .and_then(|(number, name, rest)| self.dated_row(file, number, name, rest, &mut named_here));
            problems.extend(read.err());
        }
    }

    /// Row `number` of [`Gazetteer::read_dated`]'s table: `name`, then the `rest` of its columns.
    fn dated_row(
        &mut self,
        file: &str,
        number: usize,
        name: &str,
        rest: &str,
        named_here: &mut std::collections::HashSet<String>,
    ) -> Result<(), TableError> {
        let error = |m: String| TableError(format!("{file}:{number}: {m}"));
        let mut columns = rest.split('\t');
        let (Some(canonical), Some(from), Some(to), None) =
            (columns.next(), columns.next(), columns.next(), columns.next())
        else {
            return Err(error("expected name, canonical name, first year, last year".to_string()));
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(error("empty name".to_string()));
        }
        if let Some(entry) = self.lookup_spelling(name) {
            let entry = &self.entries[entry as usize].canonical;
            return Err(error(format!("`{name}` is an alias of {entry}, which the tables match first")));
        }
        let year = |y: &str| y.trim().parse::<i32>().map_err(|_| error(format!("`{y}` is no year")));
        let (from, to) = (year(from)?, year(to)?);
        if to < from {
            return Err(error(format!("the last year, {to}, is before the first, {from}")));
        }
        let entry = self
            .lookup_spelling(canonical)
            .filter(|&e| self.entries[e as usize].canonical == canonical)
            .ok_or_else(|| error(format!("`{canonical}` is no entry's canonical name")))?;
        self.dated_kinds |= 1 << self.entries[entry as usize].kind as u8;
        let name_key = key(name);
        let years = self.dated.entry(name_key.clone()).or_default();
        if named_here.insert(name_key) {
            years.clear();
        }
        if let Some(&(a, b, other)) = years.iter().find(|&&(a, b, _)| from <= b && a <= to) {
            let other = &self.entries[other as usize].canonical;
            return Err(error(format!("`{name}` names {other} already in {}-{}", a.max(from), b.min(to))));
        }
        years.push((from, to, entry));
        Ok(())
    }

    /// The entry of kind `kind` that `name` names in a text published in `year`, by the
    /// tables of years ([`DATED`] and a `gazetteer_dir`'s `dated.tsv`): none when the year is
    /// unknown, as nothing tells which one it is, nor when the entry is not used that year
    /// ([`Gazetteer::current`]).
    pub(crate) fn dated(&self, kind: EntityKind, name: &str, year: Option<i32>) -> Option<u32> {
        let year = year.filter(|_| self.dated_kinds & 1 << kind as u8 != 0)?;
        let entry = with_key(name, |name_key| {
            let years = self.dated.get(name_key)?;
            years.iter().find(|&&(from, to, _)| (from..=to).contains(&year)).map(|&(.., entry)| entry)
        })?;
        (self.entries[entry as usize].kind == kind && self.current(entry, Some(year))).then_some(entry)
    }

    /// Sets each entry's [`Entry::from`] year from the table `file` (`eras.tsv`): canonical
    /// name, year.
    pub(crate) fn read_eras(&mut self, file: &str, table: &str, problems: &mut Vec<TableError>) {
        for row in two_columns(file, table, "name, year") {
            let read = row.and_then(|(number, name, year)| self.era_row(file, number, name, year));
            problems.extend(read.err());
        }
    }

    /// Row `number` of [`Gazetteer::read_eras`]'s table.
    fn era_row(&mut self, file: &str, number: usize, name: &str, year: &str) -> Result<(), TableError> {
        let error = |m: String| TableError(format!("{file}:{number}: {m}"));
        let year: i32 = year.trim().parse().map_err(|_| error(format!("`{year}` is no year")))?;
        let mut found = false;
        for entry in self.entries.iter_mut().filter(|e| e.canonical == name) {
            entry.from = Some(year);
            found = true;
        }
        if !found {
            return Err(error(format!("`{name}` is no entry's canonical name")));
        }
        self.latest_era = self.latest_era.max(Some(year));
        Ok(())
    }

    /// Whether entry `index` names what it names in a text published in `year` (any, if
    /// unknown): not before its [`Entry::from`] year.
    pub(crate) fn current(&self, index: u32, year: Option<i32>) -> bool {
        match (year, self.latest_era) {
            // Most texts: undated, or of a year every entry names already.
            (None, _) | (_, None) => true,
            (Some(year), Some(latest)) if year >= latest => true,
            (Some(year), _) => self.entries[index as usize].from.is_none_or(|from| year >= from),
        }
    }

    /// The nationality → country table `table` (`nationalities.tsv`) as entry indexes; each
    /// name must be an entry's canonical name, of a NORP and of a country.
    fn nationalities_of(&self, table: &str, problems: &mut Vec<TableError>) -> HashMap<u32, u32> {
        // Entries by canonical name, once (not a scan of them all per row).
        let mut by_name: HashMap<&str, Vec<u32>> = HashMap::new();
        for (i, entry) in self.entries.iter().enumerate() {
            by_name.entry(entry.canonical.as_str()).or_default().push(i as u32);
        }
        let find = |name: &str, wanted: fn(&Entry) -> bool| {
            by_name.get(name)?.iter().copied().find(|&i| wanted(&self.entries[i as usize]))
        };
        let mut map = HashMap::new();
        for row in two_columns("nationalities.tsv", table, "nationality, country") {
            let read = row.and_then(|(number, nationality, country)| {
                let error = |m: String| TableError(format!("nationalities.tsv:{number}: {m}"));
                let nationality = find(nationality, |e| e.kind == EntityKind::Norp)
                    .ok_or_else(|| error(format!("`{nationality}` is no NORP entry")))?;
                let country = find(country, |e| e.country)
                    .ok_or_else(|| error(format!("`{country}` is no country entry")))?;
                map.insert(nationality, country);
                Ok(())
            });
            problems.extend(read.err());
        }
        map
    }

    /// The country `entry` is, or is the nationality of ("Japanese" → "Japan").
    pub fn country_of(&self, entry: u32) -> Option<u32> {
        if self.entries[entry as usize].country {
            Some(entry)
        } else {
            self.nationalities.get(&entry).copied()
        }
    }

    /// The tables the model is trained with: the built-in ones but those added since.
    pub fn for_training() -> Result<Gazetteer, Vec<TableError>> {
        Gazetteer::load_tables(BUILTIN.iter().map(|&(name, table)| (name, table, true)))
    }

    /// `tables` as (name, contents, whether its entries are model features), in order, with
    /// every problem they have.
    pub(crate) fn load_tables<'a>(
        tables: impl Iterator<Item = (&'a str, &'a str, bool)>,
    ) -> Result<Gazetteer, Vec<TableError>> {
        let mut problems = Vec::new();
        let gazetteer = Gazetteer::read_tables(tables, &mut problems).map_err(|fatal| vec![fatal])?;
        if problems.is_empty() { Ok(gazetteer) } else { Err(problems) }
    }

    /// `tables` as (name, contents, whether its entries are model features), in order. A row
    /// with a problem is left out (a spelling that may not be, the spelling alone), and the
    /// problem added to `problems`; an error is one that stops the reading.
    fn read_tables<'a>(
        tables: impl Iterator<Item = (&'a str, &'a str, bool)>,
        problems: &mut Vec<TableError>,
    ) -> Result<Gazetteer, TableError> {
        let mut entries: Vec<Entry> = Vec::new();
        // Exact spelling → (pattern id, slot); ASCII-lower-cased spelling → pattern id.
        let mut by_spelling: HashMap<String, (usize, usize)> = HashMap::new();
        let mut by_folded: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut aliases: Vec<Vec<Alias>> = Vec::new();
        // Entries an added table's row has named (see below): one row may name each.
        let mut renamed_before = std::collections::HashSet::new();
        for (name, table, feature) in tables {
            for (number, line) in table.lines().enumerate() {
                let line = line.trim_end_matches('\r');
                if line.trim().is_empty() || line.starts_with('#') {
                    continue;
                }
                let row = match parse_row(line) {
                    Ok(row) => row,
                    Err(m) => {
                        problems.push(TableError(format!("{name}:{}: {m}", number + 1)));
                        continue;
                    }
                };
                let index = u32::try_from(entries.len())
                    .map_err(|_| TableError(format!("{name}: too many entries")))?;
                // Model-feature entries this row renames (see below).
                let mut renamed: Vec<u32> = Vec::new();
                for spelling in std::iter::once(row.canonical).chain(row.aliases) {
                    let mut alias = Alias {
                        spelling: spelling.into(),
                        entry: index,
                        case: case_rule(spelling),
                        feature: feature.then_some(row.kind),
                    };
                    if let Some(&(pattern, slot)) = by_spelling.get(spelling) {
                        // A spelling an earlier table gave an entry of the same type that the
                        // model sees as a feature ("BP" in orgs.tsv) stays that entry's, so the
                        // model's features stay those it was trained with; a row of an added
                        // table that lists it gives that entry its name and id instead, so
                        // "British Petroleum" and "BP" are one entity.
                        let earlier_index = aliases[pattern][slot].entry;
                        if earlier_index == index {
                            // The row lists the spelling twice ("Acme|Acme"): once is enough.
                            continue;
                        }
                        let earlier = &entries[earlier_index as usize];
                        if !feature && earlier.feature && earlier.kind == row.kind {
                            if !renamed_before.insert(earlier_index) && !renamed.contains(&earlier_index) {
                                problems.push(TableError(format!(
                                    "{name}:{}: `{spelling}` names an entry an earlier row of the added tables \
                                     already named",
                                    number + 1
                                )));
                                continue;
                            }
                            renamed.push(earlier_index);
                            continue;
                        }
                        if !feature {
                            alias.feature = aliases[pattern][slot].feature;
                        }
                        aliases[pattern][slot] = alias;
                        continue;
                    }
                    let folded = spelling.to_ascii_lowercase();
                    let pattern = *by_folded.entry(folded.clone()).or_insert_with(|| {
                        patterns.push(folded);
                        aliases.push(Vec::new());
                        patterns.len() - 1
                    });
                    by_spelling.insert(spelling.to_string(), (pattern, aliases[pattern].len()));
                    aliases[pattern].push(alias);
                }
                // A renamed entry's Wikidata id stays unless the row gives one.
                let kept_qid = renamed
                    .iter()
                    .map(|&e| &entries[e as usize].id)
                    .find(|id| !id.starts_with("cd:"))
                    .cloned();
                let id = match (row.qid, kept_qid) {
                    (Some(qid), _) => qid.to_string(),
                    (None, Some(qid)) => qid,
                    (None, None) => hashed_id(row.kind, row.canonical),
                };
                for earlier in renamed {
                    entries[earlier as usize].canonical = row.canonical.to_string();
                    entries[earlier as usize].id = id.clone();
                }
                let country = row.kind == EntityKind::Gpe && COUNTRY_TABLES.contains(&name);
                entries.push(Entry {
                    canonical: row.canonical.to_string(),
                    kind: row.kind,
                    id,
                    feature,
                    country,
                    from: None,
                });
            }
        }
        // Each acronym of three to six letters is also written with points ("N.A.T.O.", "F.B.I."),
        // for the entry that holds it once every table is read (a later table's "ICC" takes
        // "I.C.C." with it), unless a table lists that form. Not a feature: the model was
        // trained on the tables' own spellings.
        let acronyms: Vec<(String, u32)> = aliases
            .iter()
            .flatten()
            .filter_map(|a| dotted(&a.spelling).map(|d| (d, a.entry)))
            .filter(|(d, _)| !by_spelling.contains_key(d))
            .collect();
        for (spelling, entry) in acronyms {
            let folded = spelling.to_ascii_lowercase();
            let pattern = *by_folded.entry(folded.clone()).or_insert_with(|| {
                patterns.push(folded);
                aliases.push(Vec::new());
                patterns.len() - 1
            });
            let case = case_rule(&spelling);
            by_spelling.insert(spelling.clone(), (pattern, aliases[pattern].len()));
            aliases[pattern].push(Alias { spelling: spelling.into(), entry, case, feature: None });
        }
        let mut by_key = HashMap::default();
        for alias in aliases.iter().flatten() {
            if matches!(alias.case, CaseRule::Name) && alias.spelling.chars().count() >= 4 {
                by_key.entry(key(&alias.spelling)).or_insert(alias.entry);
            }
        }
        // ASCII case-insensitive so "NATO" finds "Nato" and "MOSCOW" finds "Moscow"; `accept`
        // then applies each alias's case rule. Leftmost-longest makes "European Union" beat
        // "European" and "Jean-Yves Le Drian" beat "Le Drian".
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .start_kind(StartKind::Anchored)
            .build(&patterns)
            .map_err(|err| TableError(format!("gazetteer automaton: {err}")))?;
        // A match is the alias as written, in all capitals or in title case (`accept`), and
        // the automaton folds ASCII case only: those three forms of the first two bytes.
        let mut starts = Box::new([0u64; 1024]);
        for alias in aliases.iter().flatten() {
            let bytes = alias.spelling.as_bytes();
            let first = [bytes[0], bytes[0].to_ascii_uppercase()];
            let seconds: Vec<u8> = match bytes.get(1) {
                Some(&b) => vec![b, b.to_ascii_uppercase(), b.to_ascii_lowercase()],
                None => (0..=255).collect(),
            };
            for (k, &f) in first.iter().enumerate() {
                // As written: the second byte as written; capitalised: any of its forms.
                for &second in if k == 0 { &seconds[..1] } else { &seconds[..] } {
                    let pair = (f as usize) << 8 | second as usize;
                    starts[pair / 64] |= 1 << (pair % 64);
                }
            }
            if bytes.len() == 1 {
                for second in 0..=255usize {
                    for &f in &first {
                        let pair = (f as usize) << 8 | second;
                        starts[pair / 64] |= 1 << (pair % 64);
                    }
                }
            }
        }
        Ok(Gazetteer {
            entries,
            automaton,
            aliases,
            by_key,
            starts,
            nationalities: HashMap::new(),
            latest_era: None,
            dated: HashMap::new(),
            dated_kinds: 0,
        })
    }

    pub fn entry(&self, index: u32) -> &Entry {
        &self.entries[index as usize]
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The entry whose alias has the same canonical key as `name`, if any.
    pub fn lookup_key(&self, name_key: &str) -> Option<u32> {
        self.by_key.get(name_key).copied()
    }

    /// The entry whose key is `name`'s ([`crate::canonical::key`]), the key built in a buffer
    /// the thread keeps: this runs for most mentions, several times.
    pub fn lookup_name(&self, name: &str) -> Option<u32> {
        with_key(name, |key| self.lookup_key(key))
    }

    /// The tables' place (GPE or LOC) of `name`, if they know one.
    pub(crate) fn place_entry(&self, name: &str) -> Option<u32> {
        self.lookup_name(name).filter(|&e| matches!(self.entry(e).kind, EntityKind::Gpe | EntityKind::Loc))
    }

    /// Whether the tables know `name` as a nationality ("French", "Australian").
    pub(crate) fn is_nationality(&self, name: &str) -> bool {
        self.lookup_name(name).is_some_and(|e| self.entry(e).kind == EntityKind::Norp)
    }
}

/// `f` of `name`'s key ([`crate::canonical::key`]), built in a buffer the thread keeps.
fn with_key<T>(name: &str, f: impl FnOnce(&str) -> T) -> T {
    thread_local!(static KEY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) });
    KEY.with_borrow_mut(|key| {
        crate::canonical::key_into(name, key);
        f(key)
    })
}

/// One parsed table line.
struct Row<'a> {
    canonical: &'a str,
    kind: EntityKind,
    qid: Option<&'a str>,
    aliases: Vec<&'a str>,
}

/// `canonical<TAB>type<TAB>qid<TAB>aliases`; the last two columns may be empty or missing.
fn parse_row(line: &str) -> Result<Row<'_>, String> {
    let mut columns = line.split('\t');
    let canonical = columns.next().unwrap_or("").trim();
    if canonical.is_empty() {
        return Err("empty canonical name".to_string());
    }
    let kind_column = columns.next().ok_or("missing type column (expected canonical, type, qid, aliases)")?;
    let kind: EntityKind = kind_column.trim().parse()?;
    let qid = columns.next().map(str::trim).filter(|q| !q.is_empty());
    if let Some(qid) = qid {
        let digits = qid.strip_prefix('Q').unwrap_or("");
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("`{qid}` is not a Wikidata QID (Q followed by digits)"));
        }
    }
    let aliases: Vec<&str> =
        columns.next().unwrap_or("").split('|').map(str::trim).filter(|a| !a.is_empty()).collect();
    if columns.next().is_some() {
        return Err("too many columns (expected canonical, type, qid, aliases)".to_string());
    }
    Ok(Row { canonical, kind, qid, aliases })
}

/// `alias` written with points, if it is an acronym of three to six capital letters: "N.A.T.O."
/// of "NATO". (Two letters are left to the tables, which list the forms news uses, "U.S." and
/// "U.N.": "A.P." or "J.R." may be anyone's initials.)
fn dotted(alias: &str) -> Option<String> {
    let acronym = (3..=6).contains(&alias.len()) && alias.bytes().all(|b| b.is_ascii_uppercase());
    acronym.then(|| alias.chars().flat_map(|c| [c, '.']).collect())
}

/// Acronyms of four or more letters ("NATO", "OPEC") also match title case; shorter ones
/// ("US", "UN", "WHO") collide with ordinary words and match only as written. Names match
/// as written or in all capitals.
fn case_rule(alias: &str) -> CaseRule {
    let letters = alias.chars().filter(|c| c.is_alphabetic()).count();
    if is_all_caps(alias) {
        if letters >= 4 && alias.chars().all(|c| c.is_alphabetic()) {
            CaseRule::Acronym
        } else {
            CaseRule::Exact
        }
    } else if letters >= 4 {
        CaseRule::Name
    } else {
        CaseRule::Exact
    }
}

fn accept(alias: &Alias, surface: &str) -> bool {
    if *alias.spelling == *surface {
        return true;
    }
    match alias.case {
        CaseRule::Exact => false,
        CaseRule::Acronym => is_title_case(surface),
        CaseRule::Name => is_all_caps(surface) && surface.chars().filter(|c| c.is_alphabetic()).count() >= 4,
    }
}

impl Gazetteer {
    /// Whether some alias may start at byte `at` (by its first two bytes).
    fn may_start(&self, bytes: &[u8], at: usize) -> bool {
        let pair = (bytes[at] as usize) << 8 | bytes.get(at + 1).copied().unwrap_or(0) as usize;
        self.starts[pair / 64] & (1 << (pair % 64)) != 0
    }
}

impl SpanProposer for Gazetteer {
    fn propose(&self, scan: &Scan<'_>, out: &mut Vec<Candidate>) {
        self.scan(scan.text, out, &mut Vec::new());
    }
}

impl Gazetteer {
    /// The tables' matches in `text` into `out`: leftmost-longest matches that stand alone as
    /// words. And into `features`, as (start, end, type), the matches the model sees: exactly
    /// what the tables it was trained with find ([`Gazetteer::for_training`]), whatever the
    /// tables added since match ("U.S." is a feature inside "U.S. Department of Agriculture",
    /// as in training, where that name is no match).
    ///
    /// A match can only start where a word starts (a letter or digit with none before it), so
    /// the automaton runs anchored at those places alone, and only where an alias's first two
    /// bytes are: most words are skipped without touching it. A match whose spelling is
    /// rejected (the case does not fit, or it ends inside a word) gives way to the longest
    /// shorter one that is not ("New York stock exchange" is New York, "Saudi Arabians" Saudi),
    /// and may hide a valid one starting inside it ("the USA" must not be lost to a failed
    /// "US"): the scan goes on at the next word start.
    /// The features keep the rule the model was trained with: a rejected match there hides the
    /// shorter ones.
    pub(crate) fn scan(&self, text: &str, out: &mut Vec<Candidate>, features: &mut Vec<(usize, usize, u8)>) {
        let bytes = text.as_bytes();
        // No match may start before `at`, the end of the last accepted one; no feature before
        // `feature_at`.
        let (mut at, mut feature_at) = (0, 0);
        for_each_run(text, |start, _| {
            if (start < at && start < feature_at) || !self.may_start(bytes, start) {
                return;
            }
            let Some(longest) = self.find(text, start, text.len()) else { return };
            // The alias of the longest match, when accepted (most matches): if it is a feature,
            // it is the one the features pick too (spellings are distinct in a pattern, so the
            // first exact or accepted alias of all is the first of the features).
            let mut first_pick = None;
            if start >= at {
                let mut found = Some(longest);
                while let Some(m) = found {
                    if let Some(alias) = self.pick(text, start, m, |_| true) {
                        out.push(Candidate {
                            start,
                            end: m.end(),
                            kind: Some(self.entries[alias.entry as usize].kind),
                            label: Label::Entry(alias.entry),
                            confidence: CONFIDENCE_GAZETTEER,
                        });
                        at = m.end();
                        first_pick = (m == longest).then_some(alias);
                        break;
                    }
                    found = self.find(text, start, m.end() - 1);
                }
            }
            if let Some(kind) = first_pick.and_then(|a| a.feature).filter(|_| start >= feature_at) {
                features.push((start, longest.end(), kind as u8));
                feature_at = longest.end();
            } else if start >= feature_at {
                // The longest match of a spelling the model was trained with, judged by those
                // spellings alone.
                let feature =
                    |m: &Match| self.aliases[m.pattern().as_usize()].iter().any(|a| a.feature.is_some());
                let mut found = Some(longest);
                while let Some(m) = found.filter(|m| !feature(m)) {
                    found = self.find(text, start, m.end() - 1);
                }
                let alias =
                    found.and_then(|m| Some((m, self.pick(text, start, m, |a| a.feature.is_some())?)));
                if let Some((m, alias)) = alias {
                    let kind = alias.feature.expect("picked for its feature");
                    features.push((start, m.end(), kind as u8));
                    feature_at = m.end();
                }
            }
        });
    }

    /// The entry `spelling` is an alias of, written as the tables write it or as their case
    /// rules allow ("U.S.", "NATO", "Nato").
    pub fn lookup_spelling(&self, spelling: &str) -> Option<u32> {
        let m = self.find(spelling, 0, spelling.len()).filter(|m| m.end() == spelling.len())?;
        self.pick(spelling, 0, m, |_| true).map(|alias| alias.entry)
    }

    /// The longest match that starts at `start` and ends by `end`.
    fn find(&self, text: &str, start: usize, end: usize) -> Option<Match> {
        if end <= start {
            return None;
        }
        self.automaton.find(Input::new(text).span(start..end).anchored(Anchored::Yes))
    }

    /// The alias of the match `m` at `start`, among those `keep` keeps: the exact spelling
    /// first (so "eastern Europe" is not judged as "Eastern Europe"), then the first whose case
    /// rule accepts it; none if the match does not stand alone as a word.
    fn pick(&self, text: &str, start: usize, m: Match, keep: impl Fn(&Alias) -> bool) -> Option<&Alias> {
        let (end, surface) = (m.end(), &text[start..m.end()]);
        let spellings = || self.aliases[m.pattern().as_usize()].iter().filter(|a| keep(a));
        spellings()
            .find(|a| *a.spelling == *surface)
            .or_else(|| spellings().find(|a| accept(a, surface)))
            .filter(|_| is_word_bounded(text, start, end))
    }
}
