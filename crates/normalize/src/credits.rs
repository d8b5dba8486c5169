//! Credits inside and after the story that no whole-paragraph pattern with a fixed opening can
//! match: photo captions ending in their credit (`… February 3, 2022. REUTERS/Gleb Garanich`,
//! `… air base in Constanta. (AFP via Getty Images)`) and contributor lines (`Lorne Cook
//! contributed from Brussels.`). Each is told by its end, which no sentence of a story has.

use std::sync::LazyLock;

use regex::Regex;

/// A caption's credit at the end of its paragraph:
/// - Reuters' `REUTERS/Name Name`, `REUTERS/Name/File Photo`;
/// - a credit in brackets with a picture word (`(AP Photo/Evan Vucci)`, `(Photo by X / AFP)`,
///   `(AFP via Getty Images)`) or a picture agency after a slash (`(Sputnik/AFP)`);
/// - `Photograph: …`, `Photo: …` after the caption's last sentence.
static CAPTION_END: LazyLock<Regex> = LazyLock::new(|| {
    let name = r"\p{Lu}[\p{L}'’.-]*";
    let agencies =
        r"(?:AFP|AP|Reuters|REUTERS|EPA|Getty\s+Images|Pool|POOL|TASS|Xinhua|Anadolu|Bloomberg|dpa|ANP|PA)";
    let pattern = format!(
        r"(?:\bREUTERS/{name}(?:\s+{name}){{0,3}}(?:/(?:File\s+Photo|Pool|File|Illustration))*|\((?:[^()]*\b(?:AP\s+Photo|AFP\s+PHOTO|AFP\s+Photo|Photo\s+by|Photo:|Photograph:|via\s+Getty\s+Images|Getty\s+Images|Shutterstock|Alamy)\b[^()]*|{name}(?:\s+{name})*\s*/\s*{agencies}(?:\s*/\s*{name}(?:\s+{name})*)*)\)|(?:[.!?]\s+)(?:Photograph|Photo|Picture|Image)(?:\s+credit)?:\s+{name}[^:.!?]{{0,80}})$"
    );
    Regex::new(&pattern).expect("built-in caption credit pattern")
});

/// `Lorne Cook contributed from Brussels.`, `CNN's Anna Chernova contributed reporting.`,
/// `Associated Press writers X in Moscow and Y in Brussels contributed to this report.`
static CONTRIBUTORS: LazyLock<Regex> = LazyLock::new(|| {
    let name = r"\p{Lu}[\p{L}\p{N}'’.-]*";
    let pattern = format!(
        r"^{name}(?:,?\s+(?:{name}|and|in|from|of|writers?|reporters?|correspondents?|journalists?|staff))*\s+contributed\s+(?:to\s+(?:this|the)\s+(?:report|story|article)|(?:reporting|research)(?:\s+(?:from|in)\s+{name}(?:,?\s+(?:and\s+)?{name})*)?|(?:from|in)\s+{name}(?:,?\s+(?:and\s+)?{name})*)\.?$"
    );
    Regex::new(&pattern).expect("built-in contributor pattern")
});

/// The most words a caption ending in a credit may have.
const MAX_CAPTION_WORDS: usize = 60;

/// Whether `paragraph` is a caption ending in its credit, or a contributor line.
pub fn is_credit(paragraph: &str) -> bool {
    // Cheap checks on the end first: most paragraphs end in a full stop with no credit near.
    let tail = &paragraph.as_bytes()[paragraph.len().saturating_sub(120)..];
    let caption = (paragraph.ends_with(')')
        || memchr::memmem::find(tail, b"REUTERS/").is_some()
        || memchr::memmem::find(tail, b": ").is_some())
        && paragraph.split_whitespace().count() <= MAX_CAPTION_WORDS
        && CAPTION_END.is_match(paragraph);
    caption || memchr::memmem::find(tail, b" contributed ").is_some() && CONTRIBUTORS.is_match(paragraph)
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
        ] {
            assert!(!is_credit(paragraph), "{paragraph:?}");
        }
    }
}
