//! Credits inside and after the story that no whole-paragraph pattern with a fixed opening can
//! match: photo captions ending in their credit (`… February 3, 2022. REUTERS/Gleb Garanich`,
//! `… air base in Constanta. (AFP via Getty Images)`) and contributor lines (`Lorne Cook
//! contributed from Brussels.`). Each is told by its end, which no sentence of a story has.

use std::sync::LazyLock;

use crate::whole::WholeMatch;

/// A name's word in a credit: `Gleb`, `Mihailescu`, `O'Brien`.
const NAME: &str = r"\p{Lu}[\p{L}'’.-]*";

/// Reuters' `REUTERS/Name Name`, `REUTERS/Name/File Photo`, from its `REUTERS/` to the end.
static REUTERS_CREDIT: LazyLock<WholeMatch> = LazyLock::new(|| {
    WholeMatch::builtin(&format!(
        r"REUTERS/{NAME}(?:\s+{NAME}){{0,3}}(?:/(?:File\s+Photo|Pool|File|Illustration))*"
    ))
});

/// A credit in brackets, from its `(` to the end: names, slashes and `by`, `via` only (not a
/// sentence: "(Getty Images did not respond to a request for comment.)"), with a picture word
/// (`(AP Photo/Evan Vucci)`, `(Photo by X / AFP)`, `(AFP via Getty Images)`) or a picture
/// agency after a slash (`(Sputnik/AFP)`).
static BRACKET_CREDIT: LazyLock<WholeMatch> = LazyLock::new(|| {
    let agencies =
        r"(?:AFP|AP|Reuters|REUTERS|EPA|Getty\s+Images|Pool|POOL|TASS|Xinhua|Anadolu|Bloomberg|dpa|ANP|PA)";
    let pictures = r"(?:AP\s+Photo|AFP\s+PHOTO|AFP\s+Photo|Photo\s+by|Photo:|Photograph:|via\s+Getty\s+Images|Getty\s+Images|Shutterstock|Alamy)";
    let words = format!(r"(?:{NAME}|by|via|and|/)");
    WholeMatch::builtin(&format!(
        r"\((?:{words}\s*)*{pictures}(?:\s*{words})*\s*\)|\({NAME}(?:\s+{NAME})*\s*/\s*{agencies}(?:\s*/\s*{NAME}(?:\s+{NAME})*)*\)"
    ))
});

/// `Photograph: …`, `Photo: …` after the caption's last sentence, from its label to the end.
static LABEL_CREDIT: LazyLock<WholeMatch> = LazyLock::new(|| {
    WholeMatch::builtin(&format!(
        r"(?:Photograph|Photo|Picture|Image)(?:\s+credit)?:\s+{NAME}[^:.!?]{{0,80}}"
    ))
});

/// The labels [`LABEL_CREDIT`] opens with, before their colon.
const LABELS: &[&str] = &["Photograph", "Photo", "Picture", "Image", "Photo credit", "Image credit"];

/// `Lorne Cook contributed from Brussels.`, `CNN's Anna Chernova contributed reporting.`,
/// `Associated Press writers X in Moscow and Y in Brussels contributed to this report.`: "this
/// report", as news credits write it ("Scientists in Britain contributed to the report" is a
/// story's).
static CONTRIBUTORS: LazyLock<WholeMatch> = LazyLock::new(|| {
    let name = r"\p{Lu}[\p{L}\p{N}'’.-]*";
    WholeMatch::builtin(&format!(
        r"(?:(?:—|–|-{{1,2}})\s*)?{name}(?:,?\s+(?:{name}|and|in|from|of|writers?|reporters?|correspondents?|journalists?|staff))*\s+contributed\s+(?:to\s+this\s+(?:report|story|article)|(?:reporting|research)(?:\s+(?:from|in)\s+{name}(?:,?\s+(?:and\s+)?{name})*)?|(?:from|in)\s+{name}(?:,?\s+(?:and\s+)?{name})*)\.?"
    ))
});

/// Compile the credit patterns now (they are otherwise compiled when first used).
pub(crate) fn compile_patterns() {
    for pattern in [&REUTERS_CREDIT, &BRACKET_CREDIT, &LABEL_CREDIT, &CONTRIBUTORS] {
        LazyLock::force(pattern);
    }
}

/// The most words a caption ending in a credit may have.
const MAX_CAPTION_WORDS: usize = 60;

/// How far from its paragraph's end a credit starts, at most, in bytes.
const TAIL: usize = 200;

/// Whether `paragraph` is a caption ending in its credit, or a contributor line. Each pattern
/// runs only on the end of the paragraph, from where its credit would start: most paragraphs
/// end in a full stop with no credit near, and are passed over after a look at their last
/// bytes.
pub fn is_credit(paragraph: &str) -> bool {
    // Built once: `memmem::find` builds its searcher on every call, and this runs on every
    // paragraph.
    static CONTRIBUTED: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b" contributed "));
    let mut from = paragraph.len().saturating_sub(TAIL);
    while !paragraph.is_char_boundary(from) {
        from += 1;
    }
    let tail = &paragraph[from..];
    let bytes = tail.as_bytes();
    let credit = if memchr::memchr(b'/', bytes).is_some()
        && let Some(at) = memchr::memmem::rfind(bytes, b"REUTERS/")
    {
        REUTERS_CREDIT.is_match(&tail[at..])
    } else if tail.ends_with(')')
        && let Some(open) = memchr::memrchr(b'(', bytes)
    {
        BRACKET_CREDIT.is_match(&tail[open..])
    } else if let Some(colon) = memchr::memrchr(b':', bytes)
        && bytes.get(colon + 1) == Some(&b' ')
        && let Some(label) = LABELS.iter().find(|l| tail[..colon].ends_with(*l))
    {
        // After the caption's last sentence: `… at the Smardan range. Photograph: …`.
        let at = colon - label.len();
        let before = tail[..at].trim_end();
        before.ends_with(['.', '!', '?']) && before.len() < at && LABEL_CREDIT.is_match(&tail[at..])
    } else {
        false
    };
    if credit {
        return paragraph.split_whitespace().count() <= MAX_CAPTION_WORDS;
    }
    CONTRIBUTED.find(tail.as_bytes()).is_some() && CONTRIBUTORS.is_match(paragraph)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_and_contributors() {
        for paragraph in [
            "A Ukrainian serviceman walks along a trench on the front line near the village of Travneve in the \
             Donetsk region, Ukraine, February 3, 2022. REUTERS/Gleb Garanich",
            "Russian President Vladimir Putin attends a meeting in Moscow, Russia. REUTERS/Evgenia Novozhenina/File Photo",
            "US soldiers arrive at Mihail Kogalniceanu air base in Constanta, Romania. (AFP via Getty Images)",
            "Kremlin spokesman Dmitry Peskov. (Sputnik/AFP)",
            "Romanian soldiers take part in a military drill at the Smardan range. (Photo by Daniel Mihailescu / AFP)",
            "President Joe Biden speaks in the East Room. (AP Photo/Evan Vucci)",
            "Romanian soldiers take part in a military drill at the Smardan range. Photograph: Daniel \
             Mihailescu/AFP/Getty Images",
            "Lorne Cook contributed from Brussels.",
            "CNN's Anna Chernova contributed reporting.",
            "Associated Press writers Vladimir Isachenkov in Moscow and Lorne Cook in Brussels contributed to this \
             report.",
            "Jane Doe contributed reporting from Kyiv and Moscow.",
            "— Reuters contributed to this report.",
        ] {
            assert!(is_credit(paragraph), "{paragraph:?}");
        }
    }

    #[test]
    fn story_paragraphs_stay() {
        for paragraph in [
            "Reuters/Ipsos polling found most voters agree.",
            "Most voters agree, polling found (Reuters/Ipsos)",
            "The minister said the offer was not meant to provoke Russia (AFP)",
            "France contributed troops to the mission in Mali.",
            "The United States contributed $3 billion to the fund.",
            "Russia said: The troops will stay",
            "The photo shows troops at the border (the photo was taken on Thursday)",
            "He said the image was fake. Photo: the ministry's own, he added",
            // (A reviewer's cases.)
            "Shutterstock shares fell 4% in early trading. (Shutterstock did not respond to a request for comment.)",
            "The deal was announced on Monday. (The deal values Getty Images at $4.8 billion)",
            "Scientists in Britain, Germany and Japan contributed to the report.",
            "Experts from Oxford University and Imperial College London contributed to the report.",
            "Britain and France contributed to the report.",
        ] {
            assert!(!is_credit(paragraph), "{paragraph:?}");
        }
    }
}
