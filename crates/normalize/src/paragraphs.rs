//! Paragraph rebuilding: finds out how the input marks paragraphs and returns one clean string
//! (trimmed, single spaces) per paragraph.
//!
//! Inputs come in three shapes:
//! - [`Shape::Blocks`]: paragraphs separated by blank lines (seed 000);
//! - [`Shape::Lines`]: one paragraph per line, no blank lines (seeds 003, 004);
//! - [`Shape::HardWrapped`]: lines wrapped at a fixed column inside paragraphs, paragraphs
//!   separated by blank lines or by an indented first line (Reuters-21578).
//!
//! The heuristic looks at pairs of consecutive non-blank lines. Hard wrapping is recognised by
//! its two marks: no line is longer than the wrap column ([`MAX_WRAP_WIDTH`]), and most line
//! breaks fall in the middle of a sentence, on a line filled close to that column or before a
//! word in lower case. Text with a
//! paragraph per line breaks after sentence-final punctuation instead (crossheads are the
//! exception, and they are short), and its lines are usually far longer than any wrap column.
//! In the two other shapes every non-blank line is a paragraph, so they are rebuilt alike.

/// Hard-wrapped text is wrapped at 60–80 columns; a line longer than this means no wrapping.
const MAX_WRAP_WIDTH: usize = 100;
/// Columns of tolerance when asking whether the next word would have fitted on a line: some
/// wrappers are not perfectly greedy.
const WRAP_SLACK: usize = 3;
/// A line shorter than this is not a wrapped line, whatever the width (headlines, crossheads).
const MIN_WRAPPED_LINE: usize = 40;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Blocks,
    Lines,
    HardWrapped,
}

struct Line<'a> {
    /// Trimmed; empty for a blank line.
    text: &'a str,
    indent: usize,
    /// Length in characters of `text`.
    len: usize,
}

/// The lines of `text`, as `text.split('\n')` gives them: the line ends found in one pass
/// (`memchr_iter`; `split` searched again for each short line), and the length of an ASCII line
/// taken as its bytes.
fn lines(text: &str) -> Vec<Line<'_>> {
    fn line(raw: &str) -> Line<'_> {
        let text = raw.trim();
        let indent = if text.is_empty() { 0 } else { raw.len() - raw.trim_start().len() };
        let len = if text.is_ascii() { text.len() } else { text.chars().count() };
        Line { text, indent, len }
    }
    let mut lines = Vec::new();
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
        lines.push(line(&text[start..end]));
        start = end + 1;
    }
    lines.push(line(&text[start..]));
    lines
}

/// Ends a sentence: `.`, `!`, `?`, `:` or `;`, possibly followed by closing quotes or brackets.
fn ends_sentence(line: &str) -> bool {
    without_closers(line).ends_with(['.', '!', '?', ':', ';', '…'])
}

fn without_closers(line: &str) -> &str {
    line.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»'])
}

/// Starts with a word in lower case, as a sentence going on does ("received a contract"); not
/// with a brand such as "iPhone" or "eBay", which may open a sentence.
fn goes_on(line: &str) -> bool {
    let word = line.split_whitespace().next().unwrap_or_default();
    word.starts_with(char::is_lowercase) && !word.chars().any(char::is_uppercase)
}

/// Abbreviations of wire copy whose point ends no sentence: company forms, titles, months,
/// US states (as in "(D-Vt.)"), and a few others.
const ABBREVIATIONS: &[&str] = &[
    "Adm", "Ala", "Apr", "Ariz", "Ark", "Aug", "Bros", "Calif", "Capt", "Cmdr", "Co", "Col", "Colo", "Conn",
    "Corp", "Cos", "Dec", "Del", "Dept", "Dr", "Feb", "Fla", "Ft", "Ga", "Gen", "Gov", "Ill", "Inc", "Ind",
    "Jan", "Jr", "Kan", "Ky", "La", "Lt", "Ltd", "Maj", "Mass", "Md", "Mich", "Minn", "Miss", "Mo", "Mont",
    "Mr", "Mrs", "Ms", "Mt", "Neb", "Nev", "No", "Nov", "Oct", "Okla", "Ore", "Pa", "Prof", "Rep", "Rev",
    "Sen", "Sept", "Sgt", "Sr", "St", "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo",
];

/// Ends in an abbreviation's point, as far as one can tell: a known abbreviation ("Sept.",
/// "Corp."), points inside the word ("U.S.", "(D-Vt.)") or an initial ("Clinton C."). For
/// crossheads: a short line after one goes on with the sentence ("from the U.S." / "Navy").
fn ends_in_abbreviation(line: &str) -> bool {
    let word = without_closers(line).rsplit(char::is_whitespace).next().unwrap_or_default();
    let Some(stem) = word.trim_start_matches(['(', '[', '"', '\'', '“', '‘']).strip_suffix('.') else {
        return false;
    };
    let initial = stem.chars().count() == 1 && stem.starts_with(char::is_uppercase);
    stem.contains('.') || initial || ABBREVIATIONS.contains(&stem.rsplit('-').next().unwrap_or(stem))
}

/// The break after `line` falls mid-sentence when `next` goes on from it: no sentence end, or
/// a point, question or exclamation mark before a word in lower case. A sentence does not open
/// in lower case, so the point was an abbreviation's ("EchoStar Communications Corp." / "on
/// Tuesday said") or the mark a quotation's ("\"Why not?\"" / "he asked"). A colon or semicolon
/// before lower case may open a table's rows ("as follows:" / "shr 45 cts vs 58 cts").
fn mid_sentence(line: &str, next: &str) -> bool {
    !ends_sentence(line) || (goes_on(next) && without_closers(line).ends_with(['.', '!', '?', '…']))
}

/// Whether `next`, indented, still goes on from `line`: in lower case after a filled line that
/// ended no sentence ("…said on Monday that talks" / " with Russia would continue"). Otherwise
/// an indented line opens a paragraph (or is a table's row: "Net 229,000 vs 201,000" / "  revs
/// 10.5 mln vs 9.9 mln").
fn goes_on_indented(line: &Line<'_>, next: &Line<'_>, width: usize) -> bool {
    let word = next.text.split_whitespace().next().unwrap_or_default();
    let row_word = crate::lang::ENGLISH_TABLE_WORDS.contains(&word) || matches!(word, "nil" | "x");
    filled(line, width) && goes_on(next.text) && !ends_sentence(line.text) && !row_word
}

#[cfg(test)]
fn detect(text: &str) -> Shape {
    let lines = lines(text);
    shape(&lines, measure(&lines))
}

/// `(width, min_indent)` is [`measure`] of `lines`.
fn shape(lines: &[Line<'_>], (width, min_indent): (usize, usize)) -> Shape {
    let has_blank_between = {
        let first = lines.iter().position(|l| !l.text.is_empty());
        let last = lines.iter().rposition(|l| !l.text.is_empty());
        match (first, last) {
            (Some(first), Some(last)) => lines[first..last].iter().any(|l| l.text.is_empty()),
            _ => false,
        }
    };
    let fallback = if has_blank_between { Shape::Blocks } else { Shape::Lines };
    if width > MAX_WRAP_WIDTH {
        return fallback;
    }
    let (mut pairs, mut filled_pairs, mut wrap_breaks) = (0, 0, 0);
    for (i, pair) in lines.windows(2).enumerate() {
        let (line, next) = (&pair[0], &pair[1]);
        if line.text.is_empty() || next.text.is_empty() {
            continue;
        }
        pairs += 1;
        // A break mid-sentence is wrapping on a filled line ("U.S." before a word in lower case
        // included), and on the short first line of a block before a line that goes on in
        // lower case and is filled or ends the sentence: a first line cut short by the dateline
        // ("Rockwell International Corp has" / "received a 28.3 mln dlr contract ...", "Wall
        // Street stocks were lower at the" / "opening bell."). Short lines elsewhere, and short
        // lines under them, are table rows ("Qtr ended Dec 31" / "shr 1.02 dlrs vs 87 cts").
        let opens_block = i == 0 || lines[i - 1].text.is_empty();
        let mid = mid_sentence(line.text, next.text);
        let continued = goes_on(next.text) && (filled(next, width) || ends_sentence(next.text));
        if filled(line, width) || opens_block && continued && mid {
            filled_pairs += 1;
            if (next.indent <= min_indent || goes_on_indented(line, next, width)) && mid {
                wrap_breaks += 1;
            }
        }
    }
    // Most line breaks mid-sentence; or, in wrapped prose around a table of short rows (a wire
    // story with figures) or in a short text, two or more, and most of the filled lines' breaks.
    let wrapped =
        wrap_breaks > 0 && wrap_breaks * 2 >= pairs || wrap_breaks >= 2 && wrap_breaks * 2 >= filled_pairs;
    if wrapped { Shape::HardWrapped } else { fallback }
}

/// The longest line's length (the wrap column, if the text is wrapped) and the smallest indent
/// of a non-blank line.
fn measure(lines: &[Line<'_>]) -> (usize, usize) {
    let width = lines.iter().map(|l| l.len).max().unwrap_or(0);
    let min_indent = lines.iter().filter(|l| !l.text.is_empty()).map(|l| l.indent).min().unwrap_or(0);
    (width, min_indent)
}

/// Filled close to the wrap column: only such a line can have been broken by wrapping.
fn filled(line: &Line<'_>, width: usize) -> bool {
    line.len >= MIN_WRAPPED_LINE && line.len * 5 >= width * 3
}

/// The paragraphs of `text`, each trimmed with runs of whitespace collapsed to one space.
/// With `unwrap` false, hard-wrapped text is not recognised and every line is a paragraph.
pub fn split(text: &str, unwrap: bool) -> Vec<String> {
    let lines = lines(text);
    if !unwrap {
        return lines.iter().filter(|l| !l.text.is_empty()).map(|l| collapse(l.text)).collect();
    }
    // Measured once: every step below asks for the wrap column and the indent.
    let measured = measure(&lines);
    if shape(&lines, measured) == Shape::HardWrapped {
        unwrap_lines(&lines, measured)
    } else {
        join_wrapped_sentences(&lines, measured)
    }
}

/// Joins paragraphs that a blank line broke in the middle of a sentence ("…in form. Promising
/// 60m hurdler" / "clocked a new UK record…", BBC's texts where a name was lost): a paragraph
/// that has ended a sentence before and ends in a letter or a comma, or of fifteen words or
/// more, goes on into one that opens with a word in lower case. Not a heading ("What the new
/// rules mean for renters" / "de Blasio said…": a name's particle, `eBay`, `iPhone` open no
/// sentence going on), nor a table's rows ("Shr loss 6.52 dlrs vs profit 3.87 dlrs" / "net
/// loss 111.2 mln…"). Run after boilerplate is dropped, so a caption is not joined to the
/// story and dropped with it.
pub fn join_broken_sentences(paragraphs: &mut Vec<String>) {
    const PARTICLES: &[&str] =
        &["de", "del", "della", "der", "den", "di", "da", "du", "la", "le", "van", "von", "bin", "al", "el"];
    let broken = |paragraph: &str, next: &str| {
        // The cheap tests first: most paragraph breaks fail them, and then nothing is counted.
        if !next.starts_with(|c: char| c.is_lowercase())
            || !paragraph.ends_with(|c: char| c.is_alphabetic() || c == ',')
        {
            return false;
        }
        let first_word = next.split(' ').next().unwrap_or_default();
        let words = paragraph.split(' ').count();
        first_word.chars().all(|c| !c.is_uppercase())
            && (words >= 15 || words >= 6 && ends_sentence_within(paragraph))
            && !paragraph.contains(" vs ")
            && !crate::lang::ENGLISH_TABLE_WORDS.contains(&first_word)
            && !PARTICLES.contains(&first_word)
            && !matches!(first_word, "nil" | "x")
    };
    if !paragraphs.windows(2).any(|pair| broken(&pair[0], &pair[1])) {
        return;
    }
    let mut joined: Vec<String> = Vec::with_capacity(paragraphs.len());
    for paragraph in paragraphs.drain(..) {
        match joined.last_mut() {
            Some(last) if broken(last, &paragraph) => {
                last.push(' ');
                last.push_str(&paragraph);
            }
            _ => joined.push(paragraph),
        }
    }
    *paragraphs = joined;
}

/// Whether a sentence ends inside `paragraph` ("…in form. Promising"): prose, not a heading.
fn ends_sentence_within(paragraph: &str) -> bool {
    paragraph.match_indices(". ").any(|(i, _)| !ends_in_abbreviation(&paragraph[..=i]))
}

/// Every line a paragraph, except that a filled line of a text narrow enough to be wrapped that
/// stops mid-sentence ([`mid_sentence`]: "U.S." / "subsidiary") goes on with the line right
/// under it when that one starts in lower case at the same indent (a one-word sign-off, "…the
/// area." / "reuter", does not): a wrapped note under a table of figures ("NOTE: Net excludes tax
/// credits of 299,000 dlrs vs" / "dlrs in quarter …") in a text whose rows make it look
/// unwrapped as a whole.
fn join_wrapped_sentences(lines: &[Line<'_>], (width, min_indent): (usize, usize)) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    let mut previous: Option<&Line<'_>> = None;
    for line in lines {
        if line.text.is_empty() {
            // A blank line always ends a paragraph.
            previous = None;
            continue;
        }
        let continues = previous.is_some_and(|prev| {
            width <= MAX_WRAP_WIDTH
                && filled(prev, width)
                && (line.indent <= min_indent || goes_on_indented(prev, line, width))
                && goes_on(line.text)
                && mid_sentence(prev.text, line.text)
                // "…bring to the area." / "reuter": a sign-off, not the sentence going on.
                && (!ends_sentence(prev.text) || line.text.contains(char::is_whitespace))
        });
        if !continues {
            flush(&mut paragraphs, &mut current);
        }
        push_collapsed(&mut current, line.text);
        previous = Some(line);
    }
    flush(&mut paragraphs, &mut current);
    paragraphs
}

/// Rebuilds hard-wrapped paragraphs. A paragraph ends at a blank line, before an indented line,
/// after a sentence-final line with room left for the next line's first word (greedy wrapping
/// would have pulled that word up if it had been the same paragraph) unless that word goes on
/// in lower case after a point ([`mid_sentence`]), after a line under half the width that does
/// not open its block when the next line does not go on in lower case, before two such lines in
/// a row, and before one after a sentence's end that ends none itself: wrapping fills every
/// line of a paragraph but its last, so such lines are table rows and headings. (A block's
/// first line is often short because the dateline before it was cut off.)
fn unwrap_lines(lines: &[Line<'_>], (width, min_indent): (usize, usize)) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    let mut previous: Option<&Line<'_>> = None;
    // Whether `previous` opened its block (the text's start, or after a blank line).
    let mut opened_block = false;
    // Under half the width: a wrapped line is only that short before a very long word.
    let short = |line: &Line<'_>| line.len * 2 < width;
    // A short line that is not lower-case prose going on: a table row or heading.
    let row =
        |line: &Line<'_>| !line.text.is_empty() && short(line) && !line.text.starts_with(char::is_lowercase);
    for (i, line) in lines.iter().enumerate() {
        if line.text.is_empty() {
            flush(&mut paragraphs, &mut current);
            previous = None;
            continue;
        }
        if let Some(prev) = previous {
            let next_word = line.text.split_whitespace().next().map_or(0, |w| w.chars().count());
            let room_left = prev.len + 1 + next_word + WRAP_SLACK <= width;
            let after_row = !opened_block && short(prev) && !line.text.starts_with(char::is_lowercase);
            // A table's first row (often its heading) right after prose: a row followed by a row.
            let table_starts = row(line) && !ends_sentence(line.text) && lines.get(i + 1).is_some_and(row);
            // A crosshead ("Markets react", "* * *") after a sentence's end, before a line that
            // does not go on from it. (A short line that ends a sentence is a paragraph's last.)
            let heading = ends_sentence(prev.text)
                && !ends_in_abbreviation(prev.text)
                && row(line)
                && !ends_sentence(line.text)
                && lines.get(i + 1).is_none_or(|next| !goes_on(next.text));
            let indented = line.indent > min_indent && !goes_on_indented(prev, line, width);
            // A block's first line cut short by its dateline may end in an abbreviation's point
            // before a capital ("The Federal Reserve entered the U.S." / "Government securities
            // market to arrange…"): a filled line under it goes on.
            // (A heading or a name alone, "WASHINGTON, D.C.", "Minstar Inc.", was not cut.)
            let cut_short = opened_block
                && ends_in_abbreviation(prev.text)
                && prev.len >= 20
                && prev.text.split(' ').nth(2).is_some()
                && !short(line);
            if indented
                || (room_left && !cut_short && !mid_sentence(prev.text, line.text))
                || after_row
                || table_starts
                || heading
            {
                flush(&mut paragraphs, &mut current);
            }
        }
        opened_block = previous.is_none();
        // A word hyphenated across the break ("well-" / "known", "Jean-" / "Yves", "mid-" /
        // "2022") keeps its hyphen, without a space.
        let glued = current.ends_with('-')
            && current[..current.len() - 1].ends_with(char::is_alphabetic)
            && line.text.starts_with(char::is_alphanumeric);
        if glued {
            push_words(&mut current, line.text);
        } else {
            push_collapsed(&mut current, line.text);
        }
        previous = Some(line);
    }
    flush(&mut paragraphs, &mut current);
    paragraphs
}

/// Moves the paragraph built in `current` to `paragraphs` as an exact-size copy: `current` keeps
/// its buffer for the next one, so a paragraph costs one allocation, not a chain of regrowths.
fn flush(paragraphs: &mut Vec<String>, current: &mut String) {
    if !current.is_empty() {
        paragraphs.push(current.as_str().to_owned());
        current.clear();
    }
}

/// `text` on one line: trimmed, every run of whitespace (line breaks included) one space.
pub fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_collapsed(&mut out, text);
    out
}

/// Appends `text`'s words, separated from what is already in `out` by one space.
fn push_collapsed(out: &mut String, text: &str) {
    // Most lines are single-spaced already: copied whole rather than word by word.
    if is_collapsed(text) {
        if !out.is_empty() && !text.is_empty() {
            out.push(' ');
        }
        out.push_str(text);
        return;
    }
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// Whether `text` is its words joined by single spaces already: no whitespace at either end and
/// none between words but one ASCII space. Two spaces are searched for as a pair; the other
/// whitespace bytes (`\t` to `\r`, and the lead bytes of the non-ASCII whitespace characters,
/// U+0085, U+00A0, U+1680, U+2000-U+3000) a block at a time, a block's test compiling to vector
/// compares, and only those lead bytes are decoded.
fn is_collapsed(text: &str) -> bool {
    // Built once: `memmem::find` builds its searcher on every call, and this runs on every line.
    static DOUBLE_SPACE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"  "));
    const BLOCK: usize = 32;
    let bytes = text.as_bytes();
    let flagged = |b: u8| matches!(b, b'\t'..=b'\r' | 0xC2 | 0xE1..=0xE3);
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') || DOUBLE_SPACE.find(bytes).is_some() {
        return false;
    }
    for (n, block) in bytes.chunks(BLOCK).enumerate() {
        if !block.iter().fold(false, |any, &b| any | flagged(b)) {
            continue;
        }
        for (k, &b) in block.iter().enumerate() {
            match b {
                b'\t'..=b'\r' => return false,
                0xC2 | 0xE1..=0xE3 if text[n * BLOCK + k..].starts_with(char::is_whitespace) => return false,
                _ => {}
            }
        }
    }
    true
}

/// Appends `text`'s words, the first glued to what is already in `out`.
fn push_words(out: &mut String, text: &str) {
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_those_split_gives() {
        for text in
            ["", "\n", "one", "one\n", "\none", "a\n\n  b  \r\n\tc", " Zürich \n naïve\n\n", "x\n\n\n"]
        {
            let expected: Vec<(&str, usize, usize)> = text
                .split('\n')
                .map(|raw| {
                    let t = raw.trim();
                    (t, if t.is_empty() { 0 } else { raw.len() - raw.trim_start().len() }, t.chars().count())
                })
                .collect();
            let found: Vec<(&str, usize, usize)> =
                lines(text).iter().map(|l| (l.text, l.indent, l.len)).collect();
            assert_eq!(found, expected, "{text:?}");
        }
    }

    fn check(input: &str, shape: Shape, expected: &[&str]) {
        assert_eq!(detect(input), shape, "shape of {input:?}");
        assert_eq!(split(input, true), expected, "paragraphs of {input:?}");
    }

    const WRAPPED: &str = "\
Showers continued throughout the week in the Bahia cocoa zone,
alleviating the drought since early January and improving
prospects for the coming temporao, although normal humidity
levels have not been restored, Comissaria Smith said.
    The dry period means the temporao will be late this year.
    Arrivals for the week ended February 22 were 155,221 bags
of 60 kilos making a cumulative total for the season of 5.93
mln against 5.81 at the same stage last year.

Final paragraph after a blank line, long enough to look like
the rest of this well-
known text.
";

    #[test]
    fn collapsing_copies_single_spaced_text_whole_and_nothing_else() {
        let pieces = [
            "a", "Bé", " ", "  ", "\t", "\n", "\r", "\u{a0}", "\u{85}", "\u{1680}", "\u{2003}", "\u{3000}",
            "“", "—", "習", "x.y",
        ];
        // Short texts, and long ones that cross the scan's blocks.
        let short = copydesk_core::testing::random_texts(0x2545_f491_4f6c_dd1d, 5000, 9, &pieces);
        let long = copydesk_core::testing::random_texts(0x9e37_79b9_7f4a_7c15, 2000, 60, &pieces);
        for text in short.into_iter().chain(long) {
            let words: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(is_collapsed(&text), words.join(" ") == text, "{text:?}");
            for before in ["", "x"] {
                let mut out = before.to_string();
                push_collapsed(&mut out, &text);
                let expected = [before].into_iter().chain(words.iter().copied()).filter(|w| !w.is_empty());
                assert_eq!(out, expected.collect::<Vec<_>>().join(" "), "{text:?} after {before:?}");
            }
        }
    }

    /// A hyphen at a wrap joins the words it splits, whatever starts the second: a name
    /// ("Jean-" / "Yves"), a pair ("Iran-" / "Iraq"), a year ("end-" / "1986").
    #[test]
    fn words_hyphenated_across_a_wrap_are_one() {
        let text = "The French foreign minister, Jean-\n\
                    Yves Le Drian, said talks to end the Iran-\n\
                    Iraq war had stalled since end-1985, and at end-\n\
                    1986 the two sides were still far apart, he said.\n";
        assert_eq!(
            split(text, true),
            [
                "The French foreign minister, Jean-Yves Le Drian, said talks to end the Iran-Iraq war had stalled \
              since end-1985, and at end-1986 the two sides were still far apart, he said."
            ]
        );
    }

    #[test]
    fn rebuilds_three_shapes() {
        check(
            "  First   paragraph,\tspaced out. \n\n\n Second one.  \n\nThird.",
            Shape::Blocks,
            &["First paragraph, spaced out.", "Second one.", "Third."],
        );
        check(
            "One paragraph per line, as seed 003 has it, ending in a full stop and running long enough to pass a wrap column.\n\
             Macron could visit Russia\n\
             Earlier Wednesday Macron said he would also keep up contacts with Russian President Vladimir Putin.\n",
            Shape::Lines,
            &[
                "One paragraph per line, as seed 003 has it, ending in a full stop and running long enough to pass a wrap column.",
                "Macron could visit Russia",
                "Earlier Wednesday Macron said he would also keep up contacts with Russian President Vladimir Putin.",
            ],
        );
        check(
            WRAPPED,
            Shape::HardWrapped,
            &[
                "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought since early \
                 January and improving prospects for the coming temporao, although normal humidity levels have not \
                 been restored, Comissaria Smith said.",
                "The dry period means the temporao will be late this year.",
                "Arrivals for the week ended February 22 were 155,221 bags of 60 kilos making a cumulative total \
                 for the season of 5.93 mln against 5.81 at the same stage last year.",
                "Final paragraph after a blank line, long enough to look like the rest of this well-known text.",
            ],
        );
    }

    #[test]
    fn an_indented_line_going_on_in_lower_case_is_no_new_paragraph() {
        let text = "The government said on Monday that talks\n with Russia would continue.\n";
        assert_eq!(
            split(text, true),
            ["The government said on Monday that talks with Russia would continue."]
        );
        // A table's row in lower case is no sentence going on.
        let table =
            "Oper net profit 3,262,000 vs loss 1,555,000 and more\n    revs 67.5 mln vs 27.9 mln dlrs.\n";
        assert_eq!(split(table, true).len(), 2);
        // After a sentence's end, or in capitals, an indented line still opens one.
        let text = "The government said talks would go on.\n    with that, the meeting ended early today.\n";
        assert_eq!(split(text, true).len(), 2);
    }

    #[test]
    fn wrapped_paragraphs_without_indent_or_blank_line_end_at_a_short_sentence_end() {
        check(
            "The central bank raised its main rate by half a point on\n\
             Thursday, its third increase this year.\n\
             Analysts had expected a smaller move after weak data on\n\
             retail sales and industrial output published last week.\n",
            Shape::HardWrapped,
            &[
                "The central bank raised its main rate by half a point on Thursday, its third increase this year.",
                "Analysts had expected a smaller move after weak data on retail sales and industrial output \
                 published last week.",
            ],
        );
    }

    #[test]
    fn short_lines_are_not_mistaken_for_wrapping() {
        // Headline plus short one-line paragraphs: sentence-final breaks, so one paragraph per line.
        check(
            "Troops head to Romania\nFrance will send troops to Romania, its minister said.\nThe US agreed.\n",
            Shape::Lines,
            &[
                "Troops head to Romania",
                "France will send troops to Romania, its minister said.",
                "The US agreed.",
            ],
        );
        check("", Shape::Lines, &[]);
        check(" \n\t\n ", Shape::Lines, &[]);
        check("single line", Shape::Lines, &["single line"]);
    }

    #[test]
    fn wrapped_prose_around_a_table_is_unwrapped_and_the_rows_kept() {
        // Reuters-21578's shape: the dateline cut from a short first line, prose wrapped at ~63
        // columns, then a table of short rows, then prose again.
        check(
            "The U.S. Agriculture Department\n\
             reported the farmer-owned reserve national five-day average\n\
             price through February 25 as follows (Dlrs/Bu-Sorghum Cwt) -\n\
             Natl Loan Release Call\n\
             Wheat 2.55 2.40 IV 4.65 -\n\
             V 4.65 -\n\
             Corn 1.35 1.92 IV 3.15 3.15\n\
             Reserves I, II and III have matured. Level IV reflects\n\
             grain entered after Oct 6, 1981 for feedgrain and after July\n\
             23, 1981 for wheat.\n",
            Shape::HardWrapped,
            &[
                "The U.S. Agriculture Department reported the farmer-owned reserve national five-day average \
                 price through February 25 as follows (Dlrs/Bu-Sorghum Cwt) -",
                "Natl Loan Release Call",
                "Wheat 2.55 2.40 IV 4.65 -",
                "V 4.65 -",
                "Corn 1.35 1.92 IV 3.15 3.15",
                "Reserves I, II and III have matured. Level IV reflects grain entered after Oct 6, 1981 for \
                 feedgrain and after July 23, 1981 for wheat.",
            ],
        );
    }

    #[test]
    fn paragraphs_a_blank_line_broke_mid_sentence_are_one() {
        let join = |text: &str| {
            let mut paragraphs = split(text, true);
            join_broken_sentences(&mut paragraphs);
            paragraphs
        };
        let text = "There were plenty of other British athletes in form. Promising 60m hurdler\n\n\
                    clocked a new UK record of 7.98 seconds.\n\nThe 24-year-old reached the mark.";
        assert_eq!(
            join(text),
            [
                "There were plenty of other British athletes in form. Promising 60m hurdler clocked a new \
                 UK record of 7.98 seconds.",
                "The 24-year-old reached the mark."
            ]
        );
        // Table rows, headings, short lines, sentence ends, and names in lower case stay apart.
        for text in [
            "Shr loss 6.52 dlrs vs profit 3.87 dlrs\n\nnet loss 111.2 mln vs profit 64.2 mln",
            "Qtly div 22 cts vs 20 cts prior\n\npayable March 27",
            "Ingredients for the cake\n\nsalt, pepper",
            "What the new rules mean for New York City renters\n\nthe mayor said the plan would help.",
            "Rents rose. What the new rules mean for New York City renters\n\nde Blasio said the plan would help.",
            "Rents rose. Apple unveiled a new phone today, its chief said on\n\niPhone sales rose.",
            "The ministers met on Tuesday in Brussels.\n\nthey agreed on little.",
        ] {
            assert_eq!(join(text).len(), 2, "{text:?}");
        }
    }

    #[test]
    fn a_cut_first_line_ending_in_an_abbreviation_goes_on() {
        // The dateline cut from the first line leaves room for the next line's first word, and
        // the line ends in a point: an abbreviation's or an initial's, not a sentence's.
        for (first, second) in [
            (
                "The Federal Reserve entered the U.S.",
                "Government securities market to arrange 1.5 billion dlrs of",
            ),
            (
                "Minstar Inc said Kenneth J.",
                "Smith has been named president of its Genmar Industries unit, a",
            ),
        ] {
            let text = format!(
                "{first}\n{second}\ncustomer repurchase agreements, a Fed spokesman said.\n    \
                 Dealers said Federal funds were trading at 6-3/16 pct when\nthe Fed began."
            );
            let paragraphs = split(&text, true);
            assert_eq!(paragraphs.len(), 2, "{paragraphs:?}");
            assert!(paragraphs[0].starts_with(&format!("{first} {second} customer")), "{paragraphs:?}");
        }
        // A heading or a name alone over the story, ending in an abbreviation's point, was not
        // cut by a dateline: it stays apart.
        for first in ["WASHINGTON, D.C.", "Minstar Inc.", "Contact: John Q."] {
            let text = format!(
                "{first}\nThe Senate voted on Tuesday to send the bill back to committee after a\n\
                 long debate over its cost, a spokesman said.\n"
            );
            let paragraphs = split(&text, true);
            assert_eq!(paragraphs[0], first, "{paragraphs:?}");
        }
    }

    #[test]
    fn a_three_line_story_broken_mid_sentence_before_lower_case_is_unwrapped() {
        // Only one line break falls on a filled line; the others are the cut first line and the
        // indented sign-off. The break before "received" is still wrapping, and the names
        // wrapped across lines ("Clinton C." / "Sisson") come back together.
        check(
            "Rockwell International Corp has\n\
             received a 28.3 mln dlr contract for work on the B-1B bomber in\n\
             the current fiscal year, the Air Force said.\n \
             reuter\n",
            Shape::HardWrapped,
            &[
                "Rockwell International Corp has received a 28.3 mln dlr contract for work on the B-1B \
                 bomber in the current fiscal year, the Air Force said.",
                "reuter",
            ],
        );
        check(
            "Citizens Savings Bank FSB\n\
             said chairman and chief executive officer Frank L. Hewitt Jr.\n\
             is retiring and is being succeeded by vice chairman Clinton C.\n\
             Sisson.\n    \
             The company said Hewitt will remain chairman and president\n\
             of its First Citizens Corp subsidiary.",
            Shape::HardWrapped,
            &[
                "Citizens Savings Bank FSB said chairman and chief executive officer Frank L. Hewitt Jr. is \
                 retiring and is being succeeded by vice chairman Clinton C. Sisson.",
                "The company said Hewitt will remain chairman and president of its First Citizens Corp \
                 subsidiary.",
            ],
        );
    }

    #[test]
    fn a_break_after_an_abbreviation_before_lower_case_is_wrapping() {
        // "U.S." ends the line like a sentence, but a sentence does not go on in lower case.
        check(
            "President Bush said on\n\
             Thursday freedom was on the march in Iraq even as a U.S.\n\
             intelligence report depicted a bleak outlook for the country's\n\
             future.",
            Shape::HardWrapped,
            &[
                "President Bush said on Thursday freedom was on the march in Iraq even as a U.S. intelligence \
               report depicted a bleak outlook for the country's future.",
            ],
        );
    }

    #[test]
    fn a_brand_in_lower_case_opens_a_paragraph() {
        // "iPhone" and "eBay" open sentences; a one-paragraph-per-line text stays so.
        check(
            "Apple reported record quarterly revenue on Thursday, beating forecasts.\n\
             iPhone sales rose 5 percent in the quarter.\n\
             eBay said its sales rose too.\n",
            Shape::Lines,
            &[
                "Apple reported record quarterly revenue on Thursday, beating forecasts.",
                "iPhone sales rose 5 percent in the quarter.",
                "eBay said its sales rose too.",
            ],
        );
        // A short first line ending in "U.S." before a word in lower case is wrapping.
        check(
            "The minister said the U.S.\n\
             would send more troops to the region within weeks, officials said.\n",
            Shape::HardWrapped,
            &[
                "The minister said the U.S. would send more troops to the region within weeks, officials said.",
            ],
        );
    }

    #[test]
    fn a_crosshead_between_wrapped_paragraphs_is_a_paragraph() {
        let text = "The central bank raised its main interest rate by half a point on\n\
                    Thursday, its third increase this year, citing inflation that has\n\
                    stayed well above its target for months, officials said in PLACE.\n\
                    CROSSHEAD\n\
                    Shares in European banks rose sharply after the decision, with the\n\
                    main index of bank stocks up 2.3 percent by the close of trading.\n\
                    They declined to comment.\n";
        for (crosshead, place) in [("Markets react", "Brussels"), ("* * *", "Paris"), ("Reaction", "Kyiv")] {
            check(
                &text.replace("CROSSHEAD", crosshead).replace("PLACE", place),
                Shape::HardWrapped,
                &[
                    &format!(
                        "The central bank raised its main interest rate by half a point on Thursday, its \
                         third increase this year, citing inflation that has stayed well above its target \
                         for months, officials said in {place}."
                    ),
                    crosshead,
                    // A short line that ends a sentence is its paragraph's last.
                    "Shares in European banks rose sharply after the decision, with the main index of bank \
                     stocks up 2.3 percent by the close of trading. They declined to comment.",
                ],
            );
        }
    }

    #[test]
    fn a_wrapped_note_under_a_table_is_joined_and_the_rows_kept() {
        // Rows make the text look unwrapped as a whole; the note's wrapped sentence is still one
        // paragraph. A row in lower case under a short row stays a row.
        check(
            "Shr 1.02 dlrs vs 87 cts\n\
             Net 4,123,000 vs 3,456,000\n\
             shr loss 38 cts vs profit two cts\n\
             net loss 2,254,533 vs profit 106,621\n\
             NOTE: Net excludes tax credits of 299,000 dlrs vs 29,000\n\
             dlrs in quarter and 809,000 dlrs vs 71,000 dlrs in year.\n",
            Shape::Lines,
            &[
                "Shr 1.02 dlrs vs 87 cts",
                "Net 4,123,000 vs 3,456,000",
                "shr loss 38 cts vs profit two cts",
                "net loss 2,254,533 vs profit 106,621",
                "NOTE: Net excludes tax credits of 299,000 dlrs vs 29,000 dlrs in quarter and 809,000 dlrs \
                 vs 71,000 dlrs in year.",
            ],
        );
        // Rows in lower case under a short heading stay rows.
        check(
            "Qtr ended Dec 31\nshr 1.02 dlrs vs 87 cts\nnet 4,123,000 vs 3,456,000\n\n\
             Year\nshr 3.10 dlrs vs 2.50 dlrs\nnet 12.1 mln vs 10.4 mln\n",
            Shape::Blocks,
            &[
                "Qtr ended Dec 31",
                "shr 1.02 dlrs vs 87 cts",
                "net 4,123,000 vs 3,456,000",
                "Year",
                "shr 3.10 dlrs vs 2.50 dlrs",
                "net 12.1 mln vs 10.4 mln",
            ],
        );
        // After an abbreviation or a question the sentence goes on; after a sentence, a sign-off
        // does not.
        let rows = "Shr 1.02 dlrs vs 87 cts\nNet 4,123,000 vs 3,456,000\n";
        for (lines, paragraph) in [
            (
                "NOTE: the figures were described by Sen. Patrick Leahy (D-Vt.)\nin the quarter as better.\n",
                "NOTE: the figures were described by Sen. Patrick Leahy (D-Vt.) in the quarter as better.",
            ),
            (
                "\"Why is the company worth so much more today than a year ago?\"\nhe asked, citing it.\n",
                "\"Why is the company worth so much more today than a year ago?\" he asked, citing it.",
            ),
        ] {
            check(
                &format!("{rows}{lines}"),
                Shape::Lines,
                &["Shr 1.02 dlrs vs 87 cts", "Net 4,123,000 vs 3,456,000", paragraph],
            );
        }
        check(
            &format!("{rows}The company will bring its new products to the whole area.\nreuter\n"),
            Shape::Lines,
            &[
                "Shr 1.02 dlrs vs 87 cts",
                "Net 4,123,000 vs 3,456,000",
                "The company will bring its new products to the whole area.",
                "reuter",
            ],
        );
        // Never across a blank line after a sentence's end (one in the middle of a sentence,
        // "…line, and" / "what follows", is `join_broken_sentences`' case).
        check(
            "A line that is long enough to be a filled wrapped line, and ends.\n\nwhat follows a blank line.",
            Shape::Blocks,
            &[
                "A line that is long enough to be a filled wrapped line, and ends.",
                "what follows a blank line.",
            ],
        );
    }

    #[test]
    fn a_two_line_paragraph_with_a_cut_first_line_is_unwrapped() {
        check(
            "Wall Street stocks were lower at the\nopening bell.\n",
            Shape::HardWrapped,
            &["Wall Street stocks were lower at the opening bell."],
        );
    }

    #[test]
    fn a_short_wrapped_text_with_a_cut_first_line_is_unwrapped() {
        // Six lines, two of them filled and broken mid-sentence, paragraphs indented (Reuters-21578).
        check(
            "Lifetime Corp said it will make an\n\
             announcement this morning between 1000 EST and 1030 EST.\n    \
             A company spokesman said the company preferred not to\n\
             comment until that time.\n    \
             The American Stock Exchange delayed trading in Lifetime\n\
             shares this morning for news pending.\n",
            Shape::HardWrapped,
            &[
                "Lifetime Corp said it will make an announcement this morning between 1000 EST and 1030 EST.",
                "A company spokesman said the company preferred not to comment until that time.",
                "The American Stock Exchange delayed trading in Lifetime shares this morning for news pending.",
            ],
        );
    }

    #[test]
    fn unwrap_off_keeps_lines() {
        assert_eq!(split(WRAPPED, false).len(), 11);
    }
}
