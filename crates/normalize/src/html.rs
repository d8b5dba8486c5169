//! HTML markup left in feed text (RSS descriptions, AG News): `<b>…</b>`, `<A HREF="…">MDT.N</A>`,
//! `<p>`, `<br />`, `&amp;`. Tags go, block tags becoming paragraph breaks and `<br>` a line
//! break; character references are decoded, in any text (`caf&#233;`, `&pound;5m` come
//! without tags too).
//!
//! Wire copy uses the same brackets for stock tickers, which must stay (`Phillips Petroleum Co
//! <P>`, `Unisys Corp <UIS>`, and `<B>`, `<I>`, `<A>`, `<EM>`, `<UL>`, all real tickers in the
//! Reuters corpus). So a tag is taken for markup only when it cannot be a ticker: it closes
//! (`</b>`), has attributes with values or a slash (`<font size=-1>`, `<br />`: `<Strong Point
//! Inc>` is a company), is `<br>`, `<hr>` or `<img>`,
//! or opens an element that a closing tag later in the text ends (`<b>…</b>`). An HTML name
//! alone (`<P>`) is kept, and so is anything that is no HTML element (`<GM>`, `a < b > c`).
//!
//! Scraped pages bring more: `<script>`, `<style>`, `<noscript>` and `<figcaption>` go with
//! what they hold (code is no article text, and a photo's caption no part of the story), and so
//! does a page's furniture: its `<head>`, menus (`<nav>`), buttons and form fields, frames,
//! players and drawings (`<svg>`); not a `<form>`, which may hold the whole page (ASP.NET's
//! do). Each goes only when its closing tag follows (a page's head never closed, up to its body)
//! and it is not self-closed (`<svg/>`);
//! all but code (scripts, styles, the head, drawings) only when they hold no paragraph, a
//! caption only when short; none of them in markup escaped once more, where a story may quote
//! a script.
//! Comments (`<!-- … -->`) and the document type go; table cells are kept apart by a space; a
//! CDATA section keeps its text. A story that mentions `<script>` in prose and later
//! `</script>` loses what lies between: real tags cannot be told from such a mention.

use std::borrow::Cow;

/// Element names taken for markup (lower case, sorted), whether each breaks the paragraph, and
/// whether it is void: it never has a closing tag, so it is markup even when bare (`<br>`).
/// The elements of [`DROPPED`] are here too.
const ELEMENTS: &[(&str, Break, bool)] = &[
    ("a", Break::None, false),
    ("abbr", Break::None, false),
    ("article", Break::Paragraph, false),
    ("aside", Break::Paragraph, false),
    ("audio", Break::Paragraph, false),
    ("b", Break::None, false),
    ("big", Break::None, false),
    ("blockquote", Break::Paragraph, false),
    ("body", Break::Paragraph, false),
    ("br", Break::Line, true),
    ("button", Break::None, false),
    ("canvas", Break::None, false),
    ("caption", Break::Paragraph, false),
    ("center", Break::Paragraph, false),
    ("cite", Break::None, false),
    ("code", Break::None, false),
    ("dd", Break::Paragraph, false),
    ("div", Break::Paragraph, false),
    ("dl", Break::Paragraph, false),
    ("dt", Break::Paragraph, false),
    ("em", Break::None, false),
    ("figcaption", Break::Paragraph, false),
    ("figure", Break::Paragraph, false),
    ("font", Break::None, false),
    ("footer", Break::Paragraph, false),
    ("form", Break::Paragraph, false),
    ("h1", Break::Paragraph, false),
    ("h2", Break::Paragraph, false),
    ("h3", Break::Paragraph, false),
    ("h4", Break::Paragraph, false),
    ("h5", Break::Paragraph, false),
    ("h6", Break::Paragraph, false),
    ("head", Break::Paragraph, false),
    ("header", Break::Paragraph, false),
    ("hr", Break::Paragraph, true),
    ("html", Break::Paragraph, false),
    ("i", Break::None, false),
    ("iframe", Break::Paragraph, false),
    ("img", Break::None, true),
    ("input", Break::None, false),
    ("label", Break::None, false),
    ("li", Break::Paragraph, false),
    ("link", Break::None, false),
    ("main", Break::Paragraph, false),
    ("mark", Break::None, false),
    ("meta", Break::None, false),
    ("nav", Break::Paragraph, false),
    ("nobr", Break::None, false),
    ("noscript", Break::None, false),
    ("object", Break::None, false),
    ("ol", Break::Paragraph, false),
    ("option", Break::None, false),
    ("p", Break::Paragraph, false),
    ("picture", Break::None, false),
    ("pre", Break::Paragraph, false),
    ("q", Break::None, false),
    ("s", Break::None, false),
    ("script", Break::None, false),
    ("section", Break::Paragraph, false),
    ("select", Break::None, false),
    ("small", Break::None, false),
    ("source", Break::None, false),
    ("span", Break::None, false),
    ("strike", Break::None, false),
    ("strong", Break::None, false),
    ("style", Break::None, false),
    ("sub", Break::None, false),
    ("sup", Break::None, false),
    ("svg", Break::None, false),
    ("table", Break::Paragraph, false),
    ("tbody", Break::None, false),
    ("td", Break::Space, false),
    ("template", Break::None, false),
    ("textarea", Break::None, false),
    ("th", Break::Space, false),
    ("thead", Break::None, false),
    ("time", Break::None, false),
    ("title", Break::Paragraph, false),
    ("tr", Break::Paragraph, false),
    ("tt", Break::None, false),
    ("u", Break::None, false),
    ("ul", Break::Paragraph, false),
    ("video", Break::Paragraph, false),
    ("wbr", Break::None, true),
];

/// Elements that go with everything they hold, up to their closing tag: code, captions, and a
/// page's furniture (its head, menus, buttons and form fields, embedded players and frames).
const DROPPED: &[&str] = &[
    "audio",
    "button",
    "canvas",
    "figcaption",
    "head",
    "iframe",
    "nav",
    "noscript",
    "object",
    "script",
    "select",
    "style",
    "svg",
    "template",
    "textarea",
    "video",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Break {
    None,
    /// A table cell: a space, so that cells do not run together.
    Space,
    Line,
    Paragraph,
}

/// One `<…>` at the start of `s`: its length, name (as written), and whether it closes, has
/// attributes or a slash before `>`.
struct Tag<'a> {
    len: usize,
    name: &'a str,
    closing: bool,
    decorated: bool,
}

fn parse_tag(s: &str) -> Option<Tag<'_>> {
    let bytes = s.as_bytes();
    let mut i = 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let start = i;
    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
        i += 1;
    }
    if i == start || !bytes[start].is_ascii_alphabetic() {
        return None;
    }
    // `>` directly, or attributes (no `<`, at most 500 bytes; feeds wrap long tags over lines)
    // up to it. Looked for that far only: a text of many `<` and no `>` was scanned to its end
    // from each of them.
    let end = i + bytes[i..].iter().take(501).position(|&b| b == b'>')?;
    let inside = &s[i..end];
    if inside.contains('<') {
        return None;
    }
    // Attributes have values (`href="…"`, `size=-1`); words alone are a company's name in
    // brackets (`<Strong Point Inc>`, `<Li Ka-shing Foundations Ltd>`, `<A/S Norske Shell>`).
    let attributes = inside.trim();
    let valued = inside.starts_with(char::is_whitespace) && inside.contains('=');
    if !(attributes.is_empty() || attributes == "/" || valued) {
        return None;
    }
    Some(Tag { len: end + 1, name: &s[start..i], closing, decorated: !attributes.is_empty() })
}

/// The element's paragraph break and whether it is void.
fn element(name: &str) -> Option<(Break, bool)> {
    ELEMENTS.iter().find(|(n, ..)| n.eq_ignore_ascii_case(name)).map(|&(_, b, void)| (b, void))
}

/// The closing tags of known elements in a text, by name: where each starts and its length,
/// in order, so that the next one after a place is a binary search (a scan of them all for each
/// opening tag was quadratic on tag-heavy pages).
struct Closings<'t> {
    by_name: Vec<(&'t str, Vec<(usize, usize)>)>,
}

impl<'t> Closings<'t> {
    fn new(text: &'t str) -> Self {
        let mut by_name: Vec<(&'t str, Vec<(usize, usize)>)> = Vec::new();
        for (at, _) in text.match_indices("</") {
            let Some(tag) = parse_tag(&text[at..]).filter(|tag| element(tag.name).is_some()) else {
                continue;
            };
            match by_name.iter_mut().find(|(name, _)| name.eq_ignore_ascii_case(tag.name)) {
                Some((_, places)) => places.push((at, tag.len)),
                None => by_name.push((tag.name, vec![(at, tag.len)])),
            }
        }
        Closings { by_name }
    }

    /// The first closing tag of element `name` after `at`: where it starts, and its length.
    fn after(&self, name: &str, at: usize) -> Option<(usize, usize)> {
        let (_, places) = self.by_name.iter().find(|(n, _)| n.eq_ignore_ascii_case(name))?;
        places.get(places.partition_point(|&(p, _)| p <= at)).copied()
    }
}

/// Where what goes with a [`DROPPED`] element that opens at `at` (as `tag`) ends: after its
/// closing tag. A caption goes only when it reads as one: short, one paragraph, no `<p>` in it
/// (one never closed would otherwise take the story with it).
fn dropped_until(text: &str, at: usize, tag: &Tag<'_>, closings: &Closings<'_>, page: bool) -> Option<usize> {
    if tag.closing || !DROPPED.iter().any(|d| d.eq_ignore_ascii_case(tag.name)) {
        return None;
    }
    // A self-closed one (`<iframe …/>`, `<svg/>`, as XML serialisers write every empty element)
    // holds nothing: the next closing tag of its name is another's.
    if text[..at + tag.len].ends_with("/>") {
        return None;
    }
    // A page's head never closed ends where its body opens, as HTML has it.
    let head = tag.name.eq_ignore_ascii_case("head");
    let body = || (page && head).then(|| find_tag(text, "body", at)).flatten().map(|b| (b, 0));
    let (close, len) = closings.after(tag.name, at).or_else(body)?;
    // What holds only code or markup goes whole; anything else only when it holds no paragraph
    // (one never closed would otherwise take the story with it), a caption only when short.
    let code = ["head", "noscript", "script", "style", "svg", "template"]
        .iter()
        .any(|c| c.eq_ignore_ascii_case(tag.name));
    if !code {
        let inside = &text[at + tag.len..close];
        let caption = tag.name.eq_ignore_ascii_case("figcaption");
        // A paragraph tag (not `<path`, `<picture` or `<param`); for a caption, a blank line too.
        let paragraph = ["<p>", "<p ", "<P>", "<P "].iter().any(|p| inside.contains(p));
        if caption && (inside.len() > 1_000 || inside.contains("\n\n")) || paragraph {
            return None;
        }
    }
    Some(close + len)
}

/// Whether `text` opens as a whole page does: its document type, `<html>` or `<head>`, after
/// nothing but white space and comments.
fn opens_page(text: &str) -> bool {
    let mut rest = text.trim_start();
    while let Some(comment) = rest.strip_prefix("<!--") {
        let Some(end) = comment.find("-->") else { return false };
        rest = comment[end + 3..].trim_start();
    }
    let bytes = rest.as_bytes();
    ["<!doctype", "<html", "<head"].iter().any(|open| {
        bytes.len() > open.len()
            && bytes[..open.len()].eq_ignore_ascii_case(open.as_bytes())
            && matches!(bytes[open.len()], b'>' | b' ' | b'\t' | b'\n' | b'\r')
    })
}

/// Whether `text` has an opening tag of element `name` (lower case): `<name>` or `<name …`.
fn contains_tag(text: &str, name: &str) -> bool {
    find_tag(text, name, 0).is_some()
}

/// Where the first opening tag of element `name` (lower case) after `from` starts.
fn find_tag(text: &str, name: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'<', &bytes[from..]).map(|i| from + i).find(|&at| {
        let rest = &bytes[at + 1..];
        rest.len() > name.len()
            && rest[..name.len()].eq_ignore_ascii_case(name.as_bytes())
            && matches!(rest[name.len()], b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/')
    })
}

/// `rest` past the tags it opens with (at most eight): where its text starts.
fn next_text(mut rest: &str) -> &str {
    for _ in 0..8 {
        match rest.strip_prefix('<').and_then(|r| r.find('>').map(|end| &r[end + 1..])) {
            Some(after) => rest = after,
            None => break,
        }
    }
    rest
}

/// `text` without its HTML markup, or itself (borrowed, nothing allocated) when it has none:
/// wire copy's tickers put a `<` in most Reuters texts.
pub fn strip(text: &str) -> Cow<'_, str> {
    strip_told(text).0
}

/// [`strip`], and whether it took markup or references out (not counting the `&`s it put back
/// in references that had lost theirs, [`ampersands_restored`]).
pub fn strip_told(text: &str) -> (Cow<'_, str>, bool) {
    match ampersands_restored(text) {
        Cow::Borrowed(text) => {
            let stripped = strip_markup(text, false);
            let markup = matches!(stripped, Cow::Owned(_));
            (stripped, markup)
        }
        Cow::Owned(restored) => {
            // Whether the text as it came had any: a second look, only at such texts.
            let markup = matches!(strip_markup(text, false), Cow::Owned(_));
            (Cow::Owned(strip_markup(&restored, false).into_owned()), markup)
        }
    }
}

/// The names of the references whose `&` a feed turned into a space that are read as such.
const WITHOUT_AMPERSAND: &[&str] = &["quot", "amp", "lt", "gt", "apos"];

/// What a numeric reference that lost its `&` may stand for: quotes, dashes and the other
/// punctuation of General Punctuation (U+2010-U+2027, Windows-1252's `#145;`-`#151;` among
/// them), `$`, `&`, `'`, `"`, `£`, `€` and a no-break space.
fn restorable(c: char) -> bool {
    matches!(c, '$' | '&' | '\'' | '"' | '£' | '€' | '\u{a0}') || ('\u{2010}'..='\u{2027}').contains(&c)
}

/// `text` with the `&` back in references that lost it to a space, as AG News's texts did
/// (`priority #39;s`, `the  #36;10 million`, `Standard  amp; Poor`, `In  quot;helping`: a
/// third of its texts): a space before `#` and two to five figures, or before `quot`, `amp`,
/// `lt`, `gt` or `apos`, then `;`, when that reads as a reference, so that the markup step
/// decodes it (`priority's`, `the $10 million`). Borrowed when there is none.
fn ampersands_restored(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let lost = |end: usize| -> Option<usize> {
        // `end` is a `;`; the reference's body (six bytes at most) runs back to a space.
        let from = end.saturating_sub(7);
        let start = from + bytes[from..end].iter().rposition(|&b| b == b' ')? + 1;
        let body = &text[start..end];
        let numeric = body
            .strip_prefix('#')
            .is_some_and(|n| (2..=5).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()));
        let reads = match reference_body(&text[start..])? {
            // A number only for the punctuation and symbols such feeds escape (`#39;` ', `#36;`
            // $, `#151;` —): `ranked #50;` and `room #10;` are a rank and a room.
            (_, Some(c), _) => numeric && restorable(c),
            (_, None, _) => !numeric,
        };
        (reads && (numeric || WITHOUT_AMPERSAND.contains(&body))).then_some(start - 1)
    };
    let spaces: Vec<usize> = memchr::memchr_iter(b';', bytes).filter_map(lost).collect();
    if spaces.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = text.as_bytes().to_vec();
    for at in spaces {
        out[at] = b'&';
    }
    // A space became an ASCII `&`: still UTF-8.
    Cow::Owned(String::from_utf8(out).expect("one ASCII byte for another"))
}

/// [`strip`]; `escaped`: the text was markup escaped once more, so what looks like a script
/// there may be a story's quotation of one, and keeps its words.
fn strip_markup(text: &str, escaped: bool) -> Cow<'_, str> {
    let Some(first) = text.find('<') else {
        // Markup escaped once more (`&lt;p&gt;Hello&lt;/p&gt;`, as some feeds send it) is
        // markup once decoded.
        return match decoded(text) {
            Cow::Owned(decoded) if !escaped && decoded.contains('<') => {
                Cow::Owned(strip_markup(&decoded, true).into_owned())
            }
            other => other,
        };
    };
    // Elements closed in the text, and where: a bare opening tag that such a closing tag ends
    // later is markup too.
    let closings = Closings::new(text);
    // A whole page, one that opens with its document type, `<html>` or `<head>`: its `<html>`,
    // `<head>` and `<body>` are markup even when never closed, as HTML allows. (Not a story
    // that names the tags, "paste the snippet into the <head> of each page", nor tickers.)
    let page = opens_page(text) && contains_tag(text, "head");
    let markup = |tag: &Tag<'_>, at: usize| {
        let (kind, void) = element(tag.name)?;
        let is_markup = tag.closing
            || tag.decorated
            || void
            || closings.after(tag.name, at).is_some()
            || page && ["html", "head", "body"].iter().any(|n| n.eq_ignore_ascii_case(tag.name));
        is_markup.then_some(kind)
    };
    // Once a comment is found to have no end, no later one has.
    let mut comments_end = true;
    // Where the last inline element closed, when that was the last tag (see below).
    let mut inline_closed = None;
    // The text is copied only once a first tag is found to be markup.
    let (mut out, mut copied, mut from, mut stripped) = (String::new(), 0, first, false);
    while let Some(found) = text[from..].find('<') {
        let at = from + found;
        // CDATA sections keep their text: their wrappers go, however deeply nested, and the
        // text is stripped again without them (met here, at a `<`, rather than looked for in
        // every text first).
        if text[at..].starts_with("<![CDATA[") {
            let unwrapped = text.replace("<![CDATA[", "").replace("]]>", "");
            return Cow::Owned(strip_markup(&unwrapped, escaped).into_owned());
        }
        // A page's document type (`<!DOCTYPE html>`) goes.
        if text.as_bytes()[at..].get(..9).is_some_and(|b| b.eq_ignore_ascii_case(b"<!doctype"))
            && let Some(end) = text[at..].find('>')
        {
            if !stripped {
                out.reserve(text.len());
                stripped = true;
            }
            push_decoded(&mut out, &text[copied..at]);
            (copied, from) = (at + end + 1, at + end + 1);
            continue;
        }
        // A comment, to its end.
        if comments_end && text[at..].starts_with("<!--") {
            let Some(end) = text[at + 4..].find("-->") else {
                comments_end = false;
                from = at + 1;
                continue;
            };
            if !stripped {
                out.reserve(text.len());
                stripped = true;
            }
            push_decoded(&mut out, &text[copied..at]);
            (copied, from) = (at + 4 + end + 3, at + 4 + end + 3);
            continue;
        }
        let Some((kind, tag)) = parse_tag(&text[at..]).and_then(|tag| Some((markup(&tag, at)?, tag))) else {
            from = at + 1;
            continue;
        };
        // A script, a style sheet, a caption: with what it holds.
        let dropped = if escaped { None } else { dropped_until(text, at, &tag, &closings, page) };
        let len = dropped.map_or(tag.len, |end| end - at);
        if !stripped {
            out.reserve(text.len());
            stripped = true;
        }
        push_decoded(&mut out, &text[copied..at]);
        // A link whose text is a stock ticker ("Staples Inc. <A HREF=…>SPLS.O</A>", as feeds
        // built on Reuters copy print them) keeps it in brackets, as wire copy writes a ticker
        // ("Staples Inc. <SPLS.O>"): bare, it ran into the company's name ("Microsoft Corp.
        // MSFT"), and bracketed, the tag stage links it to the company.
        if let Some((ticker, end)) = linked_ticker(&text[at..], &tag) {
            out.push('<');
            out.push_str(ticker);
            out.push('>');
            (copied, from) = (at + end, at + end);
            continue;
        }
        // Inline elements side by side are words apart (`<span>By Jane Doe</span><span>BBC
        // News</span>`, a date and its copy for screen readers): not one run into the next.
        // Not inside a word or before punctuation: "Zelensk</em><em>y" and "12</b><span>%" go
        // on. The next text is looked for past any tags that open right after this one.
        if inline_closed == Some(at)
            && !tag.closing
            && kind == Break::None
            && out.ends_with(|c: char| !c.is_whitespace())
            && next_text(&text[at + len..])
                .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || "(«“\"'‘[".contains(c))
        {
            out.push(' ');
        }
        inline_closed = (tag.closing && kind == Break::None).then_some(at + len);
        match kind {
            Break::None => {}
            Break::Space => out.push(' '),
            Break::Line => out.push('\n'),
            Break::Paragraph => out.push_str("\n\n"),
        }
        (copied, from) = (at + len, at + len);
    }
    if !stripped {
        return decoded(text);
    }
    push_decoded(&mut out, &text[copied..]);
    Cow::Owned(out)
}

/// When `s` opens with `tag`, an `<a …>`, whose link text, up to its `</a>`, is a stock ticker
/// (`SPLS.O`, `F.N`, `MSFT`: capitals and digits, an exchange after a point): the ticker, and
/// where the closing tag ends.
fn linked_ticker<'a>(s: &'a str, tag: &Tag<'_>) -> Option<(&'a str, usize)> {
    let len = tag.len;
    if tag.closing || !tag.name.eq_ignore_ascii_case("a") {
        return None;
    }
    let inner_end = len + s[len..].find("</")?;
    let close = parse_tag(&s[inner_end..]).filter(|t| t.closing && t.name.eq_ignore_ascii_case("a"))?;
    let inner = s[len..inner_end].trim();
    // A symbol with its exchange (`MSFT.O`), or any symbol when the link is a quote's (`…?ticker=F`):
    // not a link around a name in capitals (`<a href=…>CNN</a>`), which stays a name.
    let quote_link = || s.as_bytes()[..len].windows(6).any(|w| w.eq_ignore_ascii_case(b"ticker"));
    let (symbol, exchange) = match inner.split_once('.') {
        Some(parts) => parts,
        None if quote_link() => (inner, "B"),
        None => return None,
    };
    let capitals = |part: &str, max: usize| {
        (1..=max).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    };
    (capitals(symbol, 6) && symbol.as_bytes()[0].is_ascii_uppercase() && capitals(exchange, 3))
        .then_some((inner, inner_end + close.len))
}

/// Windows-1252's characters for the bytes 0x80-0x9F, as HTML reads numeric references to
/// them (`\0` where it has none: such a reference stays as it is).
pub(crate) const WINDOWS_1252_C1: [char; 32] = [
    '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0', '‘', '’', '“',
    '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
];

/// The character reference `rest` opens with (`rest` starts at its `&`), and its length: every
/// named one of HTML (`&amp;`, `&eacute;`, `&rsquo;`, `&pound;`, `&mdash;` …, from html-escape's
/// table), `&nbsp;` as a space, and numeric ones (`&#163;`, `&#x2019;`) but for control
/// characters. A reference escaped twice, as feeds do (`&amp;#8217;`, `&amp;quot;`), is read as
/// the one it escapes.
fn reference(rest: &str) -> Option<(&'static str, Option<char>, usize)> {
    let (named, c, len) = reference_body(rest.get(1..)?)?;
    if named == "&"
        && let Some((named, c, inner)) = reference_body(&rest[1 + len..])
    {
        return Some((named, c, 1 + len + inner));
    }
    Some((named, c, 1 + len))
}

/// [`reference`] after its `&`: what it stands for and its length without the `&`.
fn reference_body(body: &str) -> Option<(&'static str, Option<char>, usize)> {
    // The longest name in the table ("CounterClockwiseContourIntegral") and its `;`.
    const LONGEST: usize = 32;
    let end = body.as_bytes()[..body.len().min(LONGEST)].iter().position(|&b| b == b';')?;
    let name = &body[..end];
    if name == "nbsp" {
        return Some(("", Some(' '), end + 1));
    }
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        let c = match code {
            // What browsers read these as: Windows-1252 (`&#146;` ’, `&#150;` –).
            0x80..=0x9f => Some(WINDOWS_1252_C1[code as usize - 0x80]).filter(|&c| c != '\0'),
            _ => char::from_u32(code).filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r')),
        }?;
        return Some(("", Some(c), end + 1));
    }
    let entities = &html_escape::NAMED_ENTITIES;
    let i = entities.binary_search_by(|(known, _)| (*known).cmp(name.as_bytes())).ok()?;
    Some((entities[i].1, None, end + 1))
}

/// `text` onto `out` with its character references ([`reference`]) decoded. Each piece of a
/// text between its tags is decoded as it is copied (a reference never spans a tag).
fn push_decoded(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match reference(rest) {
            Some((named, c, len)) => {
                out.push_str(named);
                out.extend(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// `text` with its character references decoded, copied only when it has one ("AT&T" is not).
fn decoded(text: &str) -> Cow<'_, str> {
    let mut from = 0;
    while let Some(at) = text[from..].find('&').map(|at| from + at) {
        if reference(&text[at..]).is_some() {
            let mut out = String::with_capacity(text.len());
            out.push_str(&text[..at]);
            push_decoded(&mut out, &text[at..]);
            return Cow::Owned(out);
        }
        from = at + 1;
    }
    Cow::Borrowed(text)
}

#[cfg(test)]
mod tests {
    use super::strip;

    /// References whose `&` became a space, as in AG News's texts, are read as references; a
    /// space before what is no reference, or one whose number is no character, stays.
    #[test]
    fn references_that_lost_their_ampersand() {
        for (text, expected) in [
            ("a priority #39;s work", "a priority's work"),
            ("for the  #36;10 million prize", "for the $10 million prize"),
            ("Standard  amp; Poor #39;s said", "Standard & Poor's said"),
            ("In  quot;helping themselves, quot; he said", "In \"helping themselves,\" he said"),
            ("issue #7; room #12; tab #9; see it", "issue #7; room #12; tab #9; see it"),
            ("ranked #50; wore #99; room #10; #33; first", "ranked #50; wore #99; room #10; #33; first"),
            ("a  #151; dash and  #146;quotes #146;", "a — dash and ’quotes’"),
            ("the camp; the amp;", "the camp; the&"),
            ("no references here; none", "no references here; none"),
        ] {
            assert_eq!(strip(text), expected, "{text:?}");
        }
        assert!(matches!(strip("no references here; none"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn markup_goes_and_tickers_stay() {
        let cases = [
            // AG News: bold ellipses, links around tickers, paragraphs, line breaks.
            (
                "Settlement Drive As Sharon Pushes On With Gaza <b>...</b>",
                "Settlement Drive As Sharon Pushes On With Gaza ...",
            ),
            // A link around a ticker leaves the ticker in brackets, as wire copy writes one;
            // a link around words leaves the words.
            (
                r#"Medtronic (<A HREF="http://www.investor.reuters.com/FullQuote.aspx?ticker=MDT.N">MDT.N</A>) said"#,
                "Medtronic (<MDT.N>) said",
            ),
            (
                r#"Microsoft Corp. <A HREF="http://x/q?ticker=MSFT.O target=/q">MSFT.O</A> and Ford <a href="/q?ticker=F">F</a>"#,
                "Microsoft Corp. <MSFT.O> and Ford <F>",
            ),
            (r#"said <a href="http://www.cnn.com/">CNN</a> and <a href="/n">NASA</a>"#, "said CNN and NASA"),
            (
                r#"read <a href="/s">the full story</a> or <a href="/t">CNN.com</a>"#,
                "read the full story or CNN.com",
            ),
            ("<p>One.</p><p>Two.</p>", "\n\nOne.\n\n\n\nTwo.\n\n"),
            ("First line<br />second<BR>third", "First line\nsecond\nthird"),
            (r#"<font size=-1 color=#6f6f6f><nobr>AP</nobr></font> Rates rose"#, "AP Rates rose"),
            (
                "artists. <FONT face=\"verdana\" size=\"-2\"\ncolor=\"#666666\"><B>-wp.com</B></FONT>",
                "artists. -wp.com",
            ),
            // References are decoded once tags showed the text is HTML.
            ("<b>AT&amp;T</b> &#8220;rose&#8221;", "AT&T \u{201c}rose\u{201d}"),
            // Reuters tickers, some of them HTML names, with no closing tag: kept.
            (
                "Phillips Petroleum Co <P> and Unisys Corp <UIS> said",
                "Phillips Petroleum Co <P> and Unisys Corp <UIS> said",
            ),
            ("Barnes Group <B> and Intel <INTC>", "Barnes Group <B> and Intel <INTC>"),
            // A closing tag before a ticker does not make the ticker markup.
            ("<b>Oil</b> rose. Barnes Group <B> said", "Oil rose. Barnes Group <B> said"),
            ("General Motors Corp <GM>", "General Motors Corp <GM>"),
            // Company names in brackets that start like an element: kept.
            ("<Strong Point Inc> said", "<Strong Point Inc> said"),
            ("buy <I P Sharp Associates Ltd> of Toronto", "buy <I P Sharp Associates Ltd> of Toronto"),
            (
                "the privately held <Li Ka-shing Foundations Ltd> will",
                "the privately held <Li Ka-shing Foundations Ltd> will",
            ),
            (
                "<A/S Norske Shell>, Royal Dutch/Shell Group's <RD.AS>",
                "<A/S Norske Shell>, Royal Dutch/Shell Group's <RD.AS>",
            ),
            // No markup at all: comparisons stay; references are decoded in plain text too.
            ("if a < b and c > d, AT&amp;T", "if a < b and c > d, AT&T"),
            // Every named reference of HTML, numeric ones, and what is no reference.
            ("<b>rates</b> would rise &mdash; analysts", "rates would rise — analysts"),
            ("internet caf&#233; and caf&eacute;, &pound;5m", "internet café and café, £5m"),
            // escaped twice, as feeds do; "AT&amp;T" is escaped once
            (
                "Zelensky&amp;#8217;s &amp;quot;plan&amp;quot; &amp;amp; AT&amp;T",
                "Zelensky\u{2019}s \"plan\" & AT&T",
            ),
            ("&#163;1.8m fine &ndash; Viacom&rsquo;s &hellip;", "£1.8m fine – Viacom’s …"),
            ("R&D at AT&T, &foo; and a NUL &#0; stay", "R&D at AT&T, &foo; and a NUL &#0; stay"),
            // Old feeds' references to Windows-1252 (&#129; has no character there: kept).
            ("&#146;quoted&#148; &#150; &#128;5 &#129;", "’quoted” – €5 &#129;"),
            // Markup escaped once more is markup.
            ("&lt;b&gt;Hello&lt;/b&gt; world", "Hello world"),
            ("<3 and <unknown attr=1> stay", "<3 and <unknown attr=1> stay"),
            // Scraped pages: HTML5's elements; scripts, styles and captions go whole; comments
            // go; a CDATA section keeps its text.
            (
                "<article><h1>Rates rise</h1><section><p>The bank raised rates.</p></section></article>",
                "\n\n\n\nRates rise\n\n\n\n\n\nThe bank raised rates.\n\n\n\n\n\n",
            ),
            (
                "<div class=\"story\"><span>Brazil</span> raised rates<script>var x=1;</script><style>p{}</style> today.</div>",
                "\n\nBrazil raised rates today.\n\n",
            ),
            (
                "<figure><img src=\"a.jpg\"><figcaption>Photo: AP</figcaption></figure><p>Troops left.</p>",
                "\n\n\n\n\n\n\n\nTroops left.\n\n",
            ),
            (
                "<!-- comment --> Brazil raised rates. <![CDATA[ stuff ]]> Done.",
                " Brazil raised rates.  stuff  Done.",
            ),
            // A bare name with no closing tag is no markup: a ticker named like an element stays.
            ("Time Inc <TIME> and <SCRIPT> stay", "Time Inc <TIME> and <SCRIPT> stay"),
            ("Reuters <SOURCE> said", "Reuters <SOURCE> said"),
            // A caption never closed, or one that holds paragraphs, takes no story with it (a
            // reviewer's case): only its tags go.
            (
                "<figure><figcaption class=\"c\">Photo: AP<p>The bank raised rates.</p></figure><figure><figcaption>Second</figcaption></figure>",
                "\n\n\n\nPhoto: AP\n\nThe bank raised rates.\n\n\n\n\n\n\n\n\n\n",
            ),
            // Escaped once more, a script is a story's quotation of one: its words stay.
            ("the payload &lt;script&gt;alert(1)&lt;/script&gt; was found", "the payload alert(1) was found"),
            // A page's furniture goes with what it holds: its head, menu, buttons, form fields,
            // frames and drawings; not a form, which may hold the whole page.
            (
                "<!DOCTYPE html><html><head><title>T | Site</title><meta charset=\"utf-8\"></head><body><nav><a href=\"/\">Home</a></nav><form id=\"page\"><p>Troops left.</p><input type=\"text\" name=\"q\"><button>Search</button></form><iframe src=\"https://v\">Video</iframe><svg><path d=\"M1\"/></svg></body></html>",
                "\n\n\n\n\n\n\n\n\n\n\n\nTroops left.\n\n\n\n\n\n\n\n\n\n",
            ),
            // Inline elements side by side, and table cells, do not run together.
            ("<span>By Jane Doe</span><span>BBC News</span> <b>K</b>remlin", "By Jane Doe BBC News Kremlin"),
            ("<tr><td>Germany</td><td>1,000</td></tr>", "\n\n Germany  1,000 \n\n"),
            // But not inside a word or before punctuation (a reviewer's cases).
            ("<em>Zelensk</em><em>y</em> said <b>12</b><span>%</span><span>.</span>", "Zelensky said 12%."),
            // A self-closed frame or drawing holds nothing: the story after it stays.
            (
                "<p>Kyiv.</p><iframe src=\"https://v\" width=\"5\"/><p>He spoke.</p><iframe src=\"x\"></iframe><p>Talks.</p>",
                "\n\nKyiv.\n\n\n\n\n\nHe spoke.\n\n\n\n\n\nTalks.\n\n",
            ),
            (
                "<p>Rates.</p><svg class=\"i\"/><p>Markets fell.</p><svg><use href=\"#x\"/></svg>",
                "\n\nRates.\n\n\n\nMarkets fell.\n\n",
            ),
            // Side by side past nested tags, or before a bracket or a digit after a colon.
            (
                "<span>By Jane Doe</span><span><a href=\"/x\">BBC News</a></span> <span>Updated:</span><span>12 May</span> <b>Paris</b><i>(Reuters)</i>",
                "By Jane Doe BBC News Updated: 12 May Paris (Reuters)",
            ),
            // Menus and buttons with icons, and pretty-printed ones, go whole.
            (
                "<p>One.</p><button><svg><path d=\"M0\"/></svg>Share this</button><nav>\n<a>Home</a>\n\n<picture><img src=x></picture>\n</nav><p>Two.</p>",
                "\n\nOne.\n\n\n\n\n\nTwo.\n\n",
            ),
            // Nor does furniture that holds paragraphs take the story with it (as one never closed
            // before the story would).
            ("<button>Share<p>The story.</p><p>More.</p></button>", "Share\n\nThe story.\n\n\n\nMore.\n\n"),
            // A page's head never closed ends where its body opens; the page's own tags go
            // unclosed too. Without a body or `<html>`, a bare `<HEAD>` may be a ticker.
            (
                "<html><head><title>Kremlin urges calm</title><meta charset=utf-8><body><p>Calm.</p>",
                "\n\n\n\n\n\n\n\nCalm.\n\n",
            ),
            ("<html><head><title>Calm</title><p>Calm.</p>", "\n\n\n\n\n\nCalm\n\n\n\nCalm.\n\n"),
            ("Headline Inc <HEAD> rose", "Headline Inc <HEAD> rose"),
            // A story naming the tags keeps its words (a reviewer's case), and so do tickers.
            (
                "Paste the snippet into the <head> of each page and the banner into the <body>, it said.",
                "Paste the snippet into the <head> of each page and the banner into the <body>, it said.",
            ),
            (
                "Headline Inc <HEAD> rose 5% while <HEAD> and <BODY> fell.",
                "Headline Inc <HEAD> rose 5% while <HEAD> and <BODY> fell.",
            ),
            // CDATA however deeply nested: its text stays, once.
            (&format!("Story. {}x{}", "<![CDATA[".repeat(6_000), "]]>".repeat(6_000)), "Story. x"),
        ];
        for (text, expected) in cases {
            assert_eq!(strip(text), expected, "{text}");
        }
        assert!(matches!(strip("no markup <GM>"), std::borrow::Cow::Borrowed(_)));
        // An ampersand that opens no reference costs no copy.
        assert!(matches!(strip("AT&T and R&D; P&O"), std::borrow::Cow::Borrowed(_)));
        // Many `<` and no `>`: nothing to strip (each was once scanned to the end of the text).
        let open = "<a ".repeat(20_000);
        assert_eq!(strip(&open), open);
        // Nor many comments that never end, or scripts and captions never closed (each was
        // scanned to the end of the text).
        let comments = "x <!-- y ".repeat(20_000);
        assert_eq!(strip(&comments), comments);
        let styles = format!("{}</b>", "<style a=1> x <figcaption class=c> y ".repeat(10_000));
        assert!(!strip(&styles).contains('<'));
    }
}
