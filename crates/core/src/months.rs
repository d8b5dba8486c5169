//! English month names, as news writes them: shared by the stages that read dates (normalize's
//! published dates, the tagger's date rules, dedup's figures).

/// The months' names, capitalised.
pub const NAMES: [&str; 12] = [
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

/// Their three-letter abbreviations, capitalised.
pub const ABBREVIATIONS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// The number (1-12) of the month `word` names as a capitalised full name or abbreviation
/// ("April", "Apr", "Sept"): not "may" or "march" in lower case, which are verbs, nor "Mayor".
pub fn number(word: &str) -> Option<u32> {
    // Most words are no month: reject them by length and first letter before comparing.
    if !(3..=9).contains(&word.len())
        || !matches!(word.as_bytes()[0], b'A' | b'D' | b'F' | b'J' | b'M' | b'N' | b'O' | b'S')
    {
        return None;
    }
    if let Some(i) = NAMES.iter().position(|m| *m == word) {
        return Some(i as u32 + 1);
    }
    if word == "Sept" {
        return Some(9);
    }
    ABBREVIATIONS.iter().position(|m| *m == word).map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn months_by_name_and_abbreviation() {
        for (word, n) in [("January", Some(1)), ("Sept", Some(9)), ("Dec", Some(12)), ("May", Some(5))] {
            assert_eq!(super::number(word), n, "{word}");
        }
        for word in ["may", "march", "Mayor", "Marches", "Ma", "JANUARY"] {
            assert_eq!(super::number(word), None, "{word}");
        }
    }
}
