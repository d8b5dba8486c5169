//! Currencies written with a capital: "Sterling traded at 1.5750 dlrs", "a Lira/Mark rate", "to
//! the Dollar", "Deutsche Mark 2.33983". They are no entities (CoNLL's guidelines leave them
//! untagged), but the model reads a capitalised "Mark" as a person and the tables know "Lira"
//! (Uganda) and "Dollar" (Scotland) as towns: on the bench news some fifty mentions were
//! persons, places or companies named "Mark", "Sterling", "Lira" or "Dollar".

use copydesk_core::{Entity, EntityKind};

use crate::gazetteer::Gazetteer;
use crate::text::{is_word_bounded, word_a_space_before};

/// Currencies' names, singular and plural as news writes them with a capital.
const CURRENCIES: &[&str] = &[
    "Austral",
    "Baht",
    "Cruzado",
    "Cruzados",
    "Dinar",
    "Dinars",
    "Dirham",
    "Dirhams",
    "Dollar",
    "Dollars",
    "Drachma",
    "Drachmas",
    "Ecu",
    "Ecus",
    "Escudo",
    "Escudos",
    "Euro",
    "Euros",
    "Forint",
    "Franc",
    "Francs",
    "Guilder",
    "Guilders",
    "Krona",
    "Krone",
    "Kroner",
    "Kronor",
    "Lira",
    "Lire",
    "Mark",
    "Marks",
    "Naira",
    "Peseta",
    "Pesetas",
    "Peso",
    "Pesos",
    "Pound",
    "Pounds",
    "Punt",
    "Rand",
    "Reais",
    "Real",
    "Renminbi",
    "Rial",
    "Rials",
    "Ringgit",
    "Riyal",
    "Riyals",
    "Rouble",
    "Roubles",
    "Ruble",
    "Rubles",
    "Rupee",
    "Rupees",
    "Rupiah",
    "Schilling",
    "Schillings",
    "Shekel",
    "Shekels",
    "Sterling",
    "Won",
    "Yen",
    "Yuan",
    "Zloty",
];

/// Words that qualify a currency's name before it and are no nationality ("Deutsche Mark",
/// "Pound Sterling", "S.A. Rand").
/// The places that name their currencies ("U.S. Dollar", "Hong Kong Dollar") are here too: a
/// place before a name may be no qualifier ("Jordan Mark").
const QUALIFIERS: &[&str] =
    &["Deutsche", "Pound", "S.A.", "U.S.", "US", "Hong Kong", "New Zealand", "Singapore", "Taiwan"];

/// Words after a currency's name in a market report ("Sterling opened at", "Mark eurobonds").
const MARKET_WORDS: &[&str] = &[
    "bond",
    "bonds",
    "closed",
    "deposit",
    "deposits",
    "dipped",
    "eased",
    "ended",
    "eurobond",
    "eurobonds",
    "fell",
    "finished",
    "firmed",
    "futures",
    "gained",
    "opened",
    "rallied",
    "rate",
    "rates",
    "rose",
    "slipped",
    "steadied",
    "strengthened",
    "traded",
    "weakened",
];

/// A market's words for a currency before its name ("firm Sterling").
const MARKET_ADJECTIVES: &[&str] =
    &["firm", "firmer", "soft", "softer", "strong", "stronger", "weak", "weaker"];

/// Words of a text about currencies: in one that writes them twice or more, a currency's name
/// the model or the tables made a person or a place, linked to no longer name, is the currency
/// ("Sterling, along with the other high-yield currencies"). (Not "dollar": wire texts of every
/// kind write it. Once is not enough: "the American dollar was weakening against foreign
/// currencies" in a text about "the Sterling investment banking group".)
const EXCHANGE_WORDS: &[&str] = &[
    "currency",
    "currencies",
    "exchange rate",
    "exchange rates",
    "foreign exchange",
    "forex",
    "eurobond",
    "eurobonds",
    "sterling",
    "yen",
];

/// Currencies' names that name nothing else: a capitalised one is the currency wherever it
/// stands ("European currency units, Ecus, per tonne").
const ONLY_CURRENCIES: &[&str] = &[
    "Dinars", "Dirhams", "Drachmas", "Ecu", "Ecus", "Escudos", "Francs", "Guilders", "Kronor", "Kroner",
    "Lire", "Pesetas", "Pesos", "Rials", "Riyals", "Roubles", "Rubles", "Rupees", "Shekels",
];

fn is_currency(word: &str) -> bool {
    // (Asked of every entity's last word, some of them twice: one hashed lookup.)
    static SET: std::sync::LazyLock<crate::text::WordSet<&'static str>> =
        std::sync::LazyLock::new(|| CURRENCIES.iter().copied().collect());
    SET.contains(word)
}

/// Drops the entities that are a currency's name where the text uses it as one: after a
/// nationality, a qualifier ("Swiss Franc", "Deutsche Mark"), an amount ("5.45m Euros") or a
/// market's adjective ("firm Sterling"); paired with another currency across a slash
/// ("Lira/Dollar"); after "to the", "against the" or "versus the"; before a market's verb or
/// noun ("Sterling opened", "Mark eurobonds") or a figure, as in a table of rates ("Sterling
/// 14.3 (13.8)"), a person's name there only in a text with a word of exchange or another
/// currency ([`names_another_currency`]); anywhere for the names that name nothing else ([`ONLY_CURRENCIES`]); and in a
/// text about currencies, a person or place of a currency's name that no longer name holds. A
/// name of several words that is a nationality or qualifier and a currency ("S.A. Rand",
/// "Philippine Pesos") goes too. A currency's name linked to a longer name is that name's
/// ("Dick Pound", "Sterling Drug"), and stays.
pub(crate) fn drop_currencies(gazetteer: &Gazetteer, text: &str, entities: &mut Vec<Entity>) {
    if !entities.iter().any(|e| e.text.rsplit(' ').next().is_some_and(is_currency)) {
        return;
    }
    let exchange_words = std::cell::OnceCell::new();
    let exchange_words = || *exchange_words.get_or_init(|| words_of_exchange(text));
    // (A nationality, not any place: "Jordan Mark" may be a person.)
    let qualifier = |word: &str| QUALIFIERS.contains(&word) || gazetteer.is_nationality(word);
    let mut drop = vec![false; entities.len()];
    for (i, e) in entities.iter().enumerate() {
        let (before, currency) = e.text.rsplit_once(' ').unwrap_or(("", &e.text));
        if !is_currency(currency) || e.canonical != e.text {
            continue;
        }
        drop[i] = if before.is_empty() {
            ONLY_CURRENCIES.contains(&currency)
                || match used_as_currency(text, e.start, e.end, qualifier) {
                    Some(Cue::Strong) => true,
                    // ("Mark rose to speak", "He read Mark 16": a person's name before a verb or
                    // a figure is the currency's only in a text with a word of exchange or
                    // another currency, as a table of rates has: "Mark 1.8250\nYen 145.30".)
                    Some(Cue::Weak) => {
                        e.kind != EntityKind::Person
                            || exchange_words() >= 1
                            || names_another_currency(text, currency)
                    }
                    None => false,
                }
                || exchange_words() >= 2
                    && matches!(e.kind, EntityKind::Person | EntityKind::Gpe | EntityKind::Loc)
        } else {
            qualifier(before)
        };
    }
    let mut i = 0;
    entities.retain(|_| {
        i += 1;
        !drop[i - 1]
    });
}

/// Whether `text` names a currency other than `currency`, in any case ("dollar", "Yen",
/// "marks"), or writes Reuters' "dlrs" or "stg".
fn names_another_currency(text: &str, currency: &str) -> bool {
    text.split(|c: char| !c.is_alphabetic()).any(|word| {
        matches!(word, "dlrs" | "stg") || is_currency_any_case(word) && !word.eq_ignore_ascii_case(currency)
    })
}

/// How many times `text` writes one of [`EXCHANGE_WORDS`], counting up to two.
fn words_of_exchange(text: &str) -> usize {
    let mut found = 0;
    for word in EXCHANGE_WORDS {
        // (One phrase once: "the foreign exchange rate" is no two.)
        let in_foreign_exchange =
            |at: usize| word.starts_with("exchange") && text[..at].ends_with("foreign ");
        found += text
            .match_indices(word)
            .filter(|&(at, _)| is_word_bounded(text, at, at + word.len()) && !in_foreign_exchange(at))
            .take(2)
            .count();
        if found >= 2 {
            break;
        }
    }
    found
}

/// How surely a word's neighbours make it a currency's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cue {
    /// A qualifier, an amount or a market's adjective before it, another currency across a
    /// slash, "to the" or "against the" before it.
    Strong,
    /// A market's verb or noun or a figure after it: a person's name may stand there too.
    Weak,
}

/// Whether the one word `start..end` of `text`, a currency's name, is used as one there, and how
/// surely.
fn used_as_currency(text: &str, start: usize, end: usize, qualifier: impl Fn(&str) -> bool) -> Option<Cue> {
    let after = &text[end..];
    let before = &text[..start];
    // "Lira/Dollar", "dollar/Mark".
    let paired = after.strip_prefix('/').is_some_and(|rest| is_currency_any_case(first_word(rest)))
        || before.strip_suffix('/').is_some_and(|rest| is_currency_any_case(last_word(rest)));
    if paired {
        return Some(Cue::Strong);
    }
    if let Some((at, word)) = word_a_space_before(text, start) {
        if qualifier(word) || is_amount(word) || MARKET_ADJECTIVES.contains(&word) {
            return Some(Cue::Strong);
        }
        if word == "the"
            && let Some((_, word)) = word_a_space_before(text, at)
            && matches!(word, "to" | "against" | "versus" | "vs" | "vs.")
        {
            return Some(Cue::Strong);
        }
    }
    let next = after.strip_prefix(' ')?;
    (MARKET_WORDS.contains(&first_word(next)) || is_figure(next.trim_start_matches(' '))).then_some(Cue::Weak)
}

/// Whether `text` opens with a figure standing alone: digits, with points, commas or a slash
/// inside, then a space, a bracket, a line's end or the text's ("14.3 (13.8)"; not "825S").
fn is_figure(text: &str) -> bool {
    let digits = text.bytes().take_while(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'/')).count();
    let figure = &text[..digits];
    figure.starts_with(|c: char| c.is_ascii_digit())
        && figure.ends_with(|c: char| c.is_ascii_digit())
        && text[digits..].chars().next().is_none_or(|c| matches!(c, ' ' | '(' | '\n' | '\t'))
}

/// Whether `word` is an amount before a currency's name: a figure ("885,000 Euros"), one with a
/// million's or billion's letter ("5.45m Euros") or such a word ("100 mln Marks").
fn is_amount(word: &str) -> bool {
    // (A year is no amount: "In 1998 Mark joined the firm".)
    if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let figure = word.trim_end_matches(['m', 'k']).trim_end_matches("bn");
    matches!(word, "mln" | "bln" | "bn" | "million" | "billion" | "trillion")
        || !figure.is_empty() && figure.ends_with(|c: char| c.is_ascii_digit()) && is_figure(figure)
}

fn is_currency_any_case(word: &str) -> bool {
    CURRENCIES.iter().any(|c| c.eq_ignore_ascii_case(word))
}

/// The letters that open `text`.
fn first_word(text: &str) -> &str {
    let end = text.find(|c: char| !c.is_alphabetic()).unwrap_or(text.len());
    &text[..end]
}

/// The letters that end `text`.
fn last_word(text: &str) -> &str {
    let start = text
        .rfind(|c: char| !c.is_alphabetic())
        .map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8));
    &text[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_stand_alone() {
        for figure in ["14.3 (13.8)", "2.33983", "1.6075/85 dlrs", "773.05/776.92\n"] {
            assert!(is_figure(figure), "{figure:?}");
        }
        for other in ["825S sells", "Sterling", "", ".5 pct", "1986-87", "14."] {
            assert!(!is_figure(other), "{other:?}");
        }
        for amount in ["885,000", "5.45m", "3bn", "mln", "billion", "10k"] {
            assert!(is_amount(amount), "{amount:?}");
        }
        for other in ["m", "k", "Mark", "1986-87", "4th", ""] {
            assert!(!is_amount(other), "{other:?}");
        }
    }

    #[test]
    fn words_of_exchange_are_counted_once_a_phrase() {
        assert_eq!(words_of_exchange("The foreign exchange rate rose."), 1);
        assert_eq!(words_of_exchange("The currencies moved; the exchange rate rose."), 2);
        assert_eq!(words_of_exchange("Exchange rates of yen"), 1, "by case, as written");
        assert_eq!(words_of_exchange("sterlingly done"), 0);
    }

    #[test]
    fn words_at_either_end() {
        assert_eq!(first_word("dollar rate"), "dollar");
        assert_eq!(first_word("Mark, up"), "Mark");
        assert_eq!(last_word("set a Lira"), "Lira");
        assert_eq!(last_word("Lira"), "Lira");
        assert_eq!(last_word("the café"), "café");
        assert_eq!(last_word(""), "");
    }

    #[test]
    fn currencies_are_found_by_their_exact_names() {
        assert!(["Reais", "Real", "Zloty", "Austral"].into_iter().all(is_currency));
        assert!(!is_currency("Reagan") && !is_currency("dollar"));
    }
}
