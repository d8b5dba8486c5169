//! JSON Lines inputs: one JSON object a line. The id, text, title and date fields are named by
//! options; every other field is kept in `Document::fields`. A malformed line is a reject that
//! names the file and line; the rest of the file is still read.

use std::io::{BufRead, Read};

use copydesk_core::{Document, SourceOutput, Stopped};
use serde_json::{Map, Value};

use crate::decode::{self, Decoded, Tail, mark_legacy};
use crate::files::InputFile;
use crate::{Emit, IdFrom, Ids, IngestOptions, reject_file};

pub(crate) fn read(
    input: &InputFile,
    options: &IngestOptions,
    out: &mut SourceOutput<'_>,
    emit: &mut Emit<'_>,
) -> Result<(), Stopped> {
    let tail = match decode::check_compressed(input) {
        Ok(tail) => tail,
        Err(reason) => return reject_file(out, options.ids.stem(input), &input.display, reason),
    };
    decode::note_padding(input, &tail, out);
    read_pass(input, &tail, options, out, emit, true)
}

/// One read of the file. With `hold`, lines before the first JSON object are held back (see
/// below); without, each line is a record or a reject of its own.
fn read_pass(
    input: &InputFile,
    tail: &Tail,
    options: &IngestOptions,
    out: &mut SourceOutput<'_>,
    emit: &mut Emit<'_>,
    hold: bool,
) -> Result<(), Stopped> {
    let stem = options.ids.stem(input);
    let mut reader = match decode::open(input, tail) {
        Ok(reader) => reader,
        Err(reason) => return reject_file(out, &stem, &input.display, reason),
    };
    // A `.json` file that opens with a bracket is one JSON array, not JSON lines: one reject
    // saying so, not one a line of its records.
    if hold && input.is_json() && opens_array(&mut reader) {
        let reason = "a JSON array, not JSON lines: `jq -c '.[]'` writes its records one a line";
        return reject_file(out, &stem, &input.display, reason);
    }
    let mut line = Vec::with_capacity(64 * 1024);
    let mut number = 0u64;
    // Lines with something on them: a file with none is an empty file (one reject).
    let mut content = 0u64;
    // Lines before the first that starts a JSON object, with why each is no record, held back:
    // a file none of whose first lines is one (a text article named .jsonl) is one reject, not
    // one a paragraph.
    let mut held: Vec<(u64, String)> = Vec::new();
    let mut objects = !hold;
    loop {
        // The first lines with something on them held no JSON object: the rest of the file
        // tells what it is.
        if held.len() == HELD_LINES {
            return if no_object_first(reader, input, options, out, &mut held, content)? {
                read_pass(input, tail, options, out, emit, false)
            } else {
                Ok(())
            };
        }
        line.clear();
        number += 1;
        // Where a reject came from, made only for one (not for every good line).
        let at = || format!("{}:{number}", input.display);
        // Read at most max_bytes and a line break ("\r\n" or "\n") of the line, so one giant
        // line cannot exhaust memory; the break does not count against max_bytes.
        let read = Read::take(&mut reader, options.max_bytes + 2).read_until(b'\n', &mut line);
        match read {
            Ok(0) => break,
            Ok(_) => {}
            Err(err) => {
                // Lines held back before it are rejected first, each with its own reason.
                reject_held(&mut held, input, &stem, options.ids, out)?;
                return reject_file(
                    out,
                    line_id(&stem, number, options.ids),
                    &at(),
                    decode::read_error(input, &err),
                );
            }
        }
        let ending = if line.ends_with(b"\r\n") { 2 } else { usize::from(line.ends_with(b"\n")) };
        if (line.len() - ending) as u64 > options.max_bytes {
            content += 1;
            let reason = format!("line longer than max_bytes ({})", options.max_bytes);
            let object = opens_object(&line);
            // (A whole line just over the limit was read to its end.)
            let skipped = if ending > 0 { Ok(()) } else { skip_rest_of_line(&mut reader) };
            if objects || object {
                objects = true;
                reject_held(&mut held, input, &stem, options.ids, out)?;
                out.reject(line_id(&stem, number, options.ids), at(), reason)?;
            } else {
                held.push((number, reason));
            }
            if let Err(err) = skipped {
                reject_held(&mut held, input, &stem, options.ids, out)?;
                return reject_file(out, &stem, &input.display, decode::read_error(input, &err));
            }
            continue;
        }
        // A byte-order mark before a line (some Windows tools write one before the first, and
        // files joined with `cat` keep theirs) is no JSON.
        let body = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&line);
        if body.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        content += 1;
        if number == 1 && decode::utf16_bom(body).is_some() {
            return reject_file(
                out,
                &stem,
                &input.display,
                "UTF-16 text: JSON lines must be UTF-8 (convert it, e.g. `iconv -f UTF-16 -t UTF-8`)",
            );
        }
        if number == 1 && decode::looks_binary(body) {
            return reject_file(out, &stem, &input.display, decode::binary_reason(body, "JSON lines"));
        }
        if !objects {
            if !opens_object(body) {
                let reason =
                    record(body, input, &stem, number, options).err().map(|r| r.reason).unwrap_or_default();
                held.push((number, reason));
                continue;
            }
            objects = true;
            reject_held(&mut held, input, &stem, options.ids, out)?;
        }
        match record(body, input, &stem, number, options) {
            Ok((mut doc, decoded, from)) => {
                match decoded {
                    Decoded::Utf8 => {}
                    Decoded::Lossy => out.count("utf8_lossy", 1),
                    Decoded::Legacy(encoding) => mark_legacy(&mut doc, encoding, out),
                }
                emit(doc, from, out)?;
            }
            Err(Refused { id, reason }) => {
                out.reject(id.unwrap_or_else(|| line_id(&stem, number, options.ids)), at(), reason)?
            }
        }
    }
    if content == 0 {
        // Nothing but blank lines (or nothing at all): say so rather than yield silence.
        return out.reject(&stem, &input.display, "empty file");
    }
    // A file of fewer lines, none an object: each is a reject of its own, with its reason.
    reject_held(&mut held, input, &stem, options.ids, out)
}

/// A number's id, a whole number as an integer however written: `5.0` (an id column with a
/// missing value, which pandas writes as floats) and `1e2` are `5` and `100`, the ids the same
/// record has where the column is written as integers. (Larger than 2^53 it was refused.)
fn number_id(n: &serde_json::Number) -> String {
    match n.as_f64() {
        Some(x) if !(n.is_u64() || n.is_i64()) && x.fract() == 0.0 => format!("{}", x as i64),
        _ => n.to_string(),
    }
}

/// The id of line `number` of a file: `feed:12`, or with `ids: path`, whose records with an id
/// are `path:id`, `path#12` (so that line 12 and the record whose id is 12 stay apart).
fn line_id(stem: &str, number: u64, ids: Ids) -> String {
    match ids {
        Ids::Name => format!("{stem}:{number}"),
        Ids::Path => format!("{stem}#{number}"),
    }
}

/// The first [`HELD_LINES`] lines with something on them held no JSON object: a text article
/// named .jsonl, a pretty-printed object named .json, or JSON lines with a damaged start. The
/// rest of the file tells. Nothing has been emitted yet, so when an object comes later the file
/// is read again from the start, every line a record or a reject of its own: no record is lost
/// to the lines before it (`Ok(true)`: read it again). Otherwise the file is one reject.
/// `content` is the number of lines read that held something.
fn no_object_first(
    mut reader: Box<dyn BufRead + '_>,
    input: &InputFile,
    options: &IngestOptions,
    out: &mut SourceOutput<'_>,
    held: &mut Vec<(u64, String)>,
    content: u64,
) -> Result<bool, Stopped> {
    let stem = options.ids.stem(input);
    match object_later(&mut reader, options.max_bytes) {
        Ok(None) => Ok(true),
        Ok(Some(lines)) => {
            let hint = if input.is_json() {
                "a JSON array or a pretty-printed object: `jq -c '.[]'` or `jq -c .` writes one object a line"
            } else {
                "a text article belongs in a .txt file"
            };
            let reason =
                format!("not JSON lines: none of its {} lines is a JSON object ({hint})", content + lines);
            reject_file(out, &stem, &input.display, reason).map(|()| false)
        }
        Err(err) => {
            reject_held(held, input, &stem, options.ids, out)?;
            reject_file(out, &stem, &input.display, decode::read_error(input, &err)).map(|()| false)
        }
    }
}

/// Reads on to the first line that is a JSON object: `None` if there is one, else the number of
/// lines with something on them that were read (the whole file is read: a large one costs
/// about a millisecond a megabyte, and a compressed one is decompressed again when re-read).
fn object_later(reader: &mut dyn BufRead, max_bytes: u64) -> std::io::Result<Option<u64>> {
    let mut line = Vec::new();
    let mut lines = 0;
    loop {
        line.clear();
        if Read::take(&mut *reader, max_bytes + 2).read_until(b'\n', &mut line)? == 0 {
            return Ok(Some(lines));
        }
        if opens_object(&line) {
            return Ok(None);
        }
        if !line.iter().all(u8::is_ascii_whitespace) {
            lines += 1;
        }
        if line.len() as u64 > max_bytes && !line.ends_with(b"\n") {
            skip_rest_of_line(reader)?;
        }
    }
}

/// Whether what `reader` holds opens with a `[` (whitespace and a byte-order mark aside), read
/// without consuming it; a read error is left for the reading to report.
fn opens_array(reader: &mut dyn BufRead) -> bool {
    let Ok(buf) = reader.fill_buf() else { return false };
    let buf = buf.strip_prefix(b"\xef\xbb\xbf").unwrap_or(buf);
    buf.trim_ascii_start().first() == Some(&b'[')
}

/// Whether `line` opens a JSON object (`{"` or `{}`, spaces aside), a record or a damaged one:
/// not a paragraph that merely opens with a brace ("{sic} …", a log line). Both passes over a
/// file's first lines ask this, so where such a line falls does not change what it is.
fn opens_object(line: &[u8]) -> bool {
    match line.trim_ascii_start() {
        [b'{', rest @ ..] => matches!(rest.trim_ascii_start().first(), Some(b'"' | b'}')),
        _ => false,
    }
}

/// Lines without a JSON object that make a file no JSON lines at all when they come first.
const HELD_LINES: usize = 3;

fn reject_held(
    held: &mut Vec<(u64, String)>,
    input: &InputFile,
    stem: &str,
    ids: Ids,
    out: &mut SourceOutput<'_>,
) -> Result<(), Stopped> {
    for (number, reason) in held.drain(..) {
        out.reject(line_id(stem, number, ids), format!("{}:{number}", input.display), reason)?;
    }
    Ok(())
}

fn skip_rest_of_line(reader: &mut dyn BufRead) -> std::io::Result<()> {
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        match memchr::memchr(b'\n', buf) {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(());
            }
            None => {
                let len = buf.len();
                reader.consume(len);
            }
        }
    }
}

/// Why a line is no document, and the record's id when it got as far as having one (a
/// record without text is rejected under its own id, which a reader can join on).
struct Refused {
    id: Option<String>,
    reason: String,
}

impl From<String> for Refused {
    fn from(reason: String) -> Self {
        Refused { id: None, reason }
    }
}

/// One line to a document, or why it cannot be one.
fn record(
    line: &[u8],
    input: &InputFile,
    stem: &str,
    number: u64,
    options: &IngestOptions,
) -> Result<(Document, Decoded, IdFrom), Refused> {
    // Valid UTF-8 (nearly every line) is parsed in place; only a broken line is copied to be
    // decoded by the `legacy_encoding` and `invalid_utf8` options first.
    let (text, mut decoded) = match std::str::from_utf8(line) {
        Ok(text) => (std::borrow::Cow::Borrowed(text), Decoded::Utf8),
        Err(_) => {
            let (text, decoded) = decode::decode(line.to_vec(), options.invalid_utf8, options.legacy)?;
            (std::borrow::Cow::Owned(text), decoded)
        }
    };
    let mut value = serde_json::from_str::<Value>(&text);
    let mut lone_surrogate = false;
    // A lone surrogate escape ("\ud800", which JavaScript writes for half an emoji) is broken
    // text like invalid UTF-8, and goes as `invalid_utf8` says: replaced with U+FFFD, or refused
    // as such (serde's own message, "unexpected end of hex escape", does not say what is wrong).
    if value.is_err()
        && let Some(fixed) = without_lone_surrogates(&text)
    {
        value = serde_json::from_str::<Value>(&fixed);
        decoded = Decoded::Lossy;
        // Refused as broken text (below, under its id) only when that is all that is wrong.
        lone_surrogate = options.invalid_utf8 == crate::InvalidUtf8::Reject;
    }
    // serde counts lines within this one line, its break included: the reject's `source` names
    // the file's line, so only the column is given, or that the line ended inside a value (an
    // unterminated string reaches the line break, "line 2 column 0" to serde).
    let value = value.map_err(|e| {
        // Zero bytes, as a file preallocated or cut short leaves, would be "expected value".
        if line.iter().all(|&b| b == 0 || b.is_ascii_whitespace()) {
            return String::from("a line of zero bytes (NUL padding: the file may have been cut short)");
        }
        let message = e.to_string();
        let message = message.split_once(" at line ").map_or(message.as_str(), |(m, _)| m);
        let at =
            if e.line() > 1 { "at the line's end".to_string() } else { format!("at column {}", e.column()) };
        // Python's `json.dumps` writes a float that is no number as `NaN` or `Infinity`, which
        // JSON has no word for: say so, the column alone does not.
        let nan = e.line() == 1
            && text.get(e.column().saturating_sub(1)..).is_some_and(|rest| {
                ["NaN", "Infinity", "-Infinity"].iter().any(|word| rest.starts_with(word))
            });
        // Records broken by lone carriage returns (old Mac line breaks) are one line: the
        // first is read, and the next is "trailing characters".
        let carriage_returns = message.starts_with("trailing characters")
            && text.split('\r').skip(1).any(|after| after.trim_start().starts_with('{'));
        let hint = if nan {
            " (NaN and Infinity are not JSON: Python's json.dumps writes them unless given \
             allow_nan=False; write null)"
        } else if e.line() > 1 && message.contains("while parsing a string") {
            " (a string runs into the line break: the record cut short, or a break in a string not written as \\n)"
        } else if message.starts_with("EOF while parsing") {
            " (the record stops short: the file cut off?)"
        } else if carriage_returns {
            " (records broken by carriage returns alone, as old Mac tools end lines, are one line: \
             `tr '\\r' '\\n'` breaks them as JSON lines are)"
        } else {
            ""
        };
        format!("malformed JSON: {message} {at}{hint}")
    })?;
    // Nested deeper than a reader of the exported record can read back (serde_json, and so
    // dedup's spool, `copydesk entities`, refuse 128 levels; the export nests the fields two
    // levels down).
    // (Refused under its id, below.)
    let too_deep = nesting(&value) > MAX_NESTING;
    let Value::Object(mut object) = value else {
        return Err(String::from("not a JSON object").into());
    };
    let mut from = IdFrom::Record;
    let id = match object.remove(&options.id_field) {
        Some(Value::String(id)) if !id.is_empty() && options.ids == Ids::Path => format!("{stem}:{id}"),
        // A number too large to be kept exactly (past 64 bits, read as a float and rounded, so
        // that two such ids could become one) is refused rather than changed.
        Some(Value::Number(n))
            if !(n.is_u64() || n.is_i64()) && n.as_f64().is_none_or(|x| x.abs() >= 2f64.powi(53)) =>
        {
            return Err(format!(
                "field `{}` is the number {n}, too large to be kept exactly: write the id as a string",
                options.id_field
            )
            .into());
        }
        Some(Value::Number(n)) if options.ids == Ids::Path => format!("{stem}:{}", number_id(&n)),
        Some(Value::String(id)) if !id.is_empty() => id,
        Some(Value::Number(n)) => number_id(&n),
        // No id, or an empty one: the file and line are the id.
        None | Some(Value::Null | Value::String(_)) => {
            from = IdFrom::Line(number);
            line_id(stem, number, options.ids)
        }
        Some(_) => return Err(format!("field `{}` is not a string or number", options.id_field).into()),
    };
    if lone_surrogate {
        let reason = String::from("a lone UTF-16 surrogate in a \\u escape (half a character)");
        return Err(Refused { id: Some(id), reason });
    }
    if too_deep {
        let reason = format!("a value nests more than {MAX_NESTING} levels deep");
        return Err(Refused { id: Some(id), reason });
    }
    let body = match object.remove(&options.text_field) {
        Some(Value::String(text)) if !text.trim().is_empty() => Ok(text),
        Some(Value::String(_)) => Err(format!("field `{}` is empty", options.text_field)),
        Some(_) => Err(format!("field `{}` is not a string", options.text_field)),
        None => Err(missing_text_field(&object, &options.text_field)),
    };
    let body = body.map_err(|reason| Refused { id: Some(id.clone()), reason })?;
    let mut doc = Document::new(id, format!("{}:{number}", input.display), body);
    doc.title = take_string(&mut object, &options.title_field).filter(|t| !t.trim().is_empty());
    doc.published = take_string(&mut object, &options.date_field);
    if decoded == Decoded::Lossy {
        object.insert("utf8_lossy".into(), true.into());
    }
    doc.fields = object.into_iter().collect();
    Ok((doc, decoded, from))
}

/// How deep a record may nest its values: well within the 128 levels serde_json reads.
const MAX_NESTING: usize = 64;

/// The levels of arrays and objects in `value` (0 for a string or number).
fn nesting(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(nesting).max().unwrap_or(0),
        Value::Object(fields) => 1 + fields.values().map(nesting).max().unwrap_or(0),
        _ => 0,
    }
}

/// The UTC date (`YYYY-MM-DD`) of a time in milliseconds since 1970, before it too.
fn utc_date(milliseconds: i64) -> Option<String> {
    let date = time::OffsetDateTime::from_unix_timestamp(milliseconds.div_euclid(1000)).ok()?.date();
    Some(format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day()))
}

/// `line` with every `\u` escape of a lone UTF-16 surrogate (a high one not followed by a
/// low one, or a low one alone) replaced by `\ufffd`; `None` if it has none.
fn without_lone_surrogates(line: &str) -> Option<String> {
    let bytes = line.as_bytes();
    let unit = |at: usize| -> Option<u16> {
        let hex = line.get(at + 2..at + 6).filter(|_| bytes.get(at + 1) == Some(&b'u'))?;
        u16::from_str_radix(hex, 16).ok()
    };
    let (mut out, mut copied, mut at) = (String::new(), 0, 0);
    while let Some(found) = bytes.get(at..).and_then(|rest| memchr::memchr(b'\\', rest)) {
        let escape = at + found;
        let Some(code) = unit(escape) else {
            at = escape + 2; // another escape (`\\`, `\"`): its character is no escape
            continue;
        };
        let high = (0xD800..0xDC00).contains(&code);
        let paired = high
            && bytes.get(escape + 6) == Some(&b'\\')
            && unit(escape + 6).is_some_and(|low| (0xDC00..0xE000).contains(&low));
        if paired {
            at = escape + 12;
        } else if (0xD800..0xE000).contains(&code) {
            out.push_str(&line[copied..escape]);
            out.push_str("\\ufffd");
            copied = escape + 6;
            at = copied;
        } else {
            at = escape + 6;
        }
    }
    (copied > 0).then(|| out + &line[copied..])
}

/// Field `key` as text: a string, or a number or `true`/`false` as written. A date as MongoDB
/// exports one (`mongoexport`'s extended JSON) is its value: `{"$date": "2022-02-03T10:00:00Z"}`
/// as written, or in milliseconds since 1970, `{"$date": {"$numberLong": "1643882400000"}}`, as
/// its UTC date (`2022-02-03`; before 1970 too). Any other object or array (a converter's
/// `{"#text": …}`) is no text: it stays among
/// the document's other fields, as read, and the title or date is left empty.
fn take_string(object: &mut Map<String, Value>, key: &str) -> Option<String> {
    match object.get(key)? {
        Value::Object(inner) => {
            let date = match inner.get("$date").filter(|_| inner.len() == 1)? {
                Value::String(s) => s.clone(),
                Value::Number(n) => utc_date(n.as_i64()?)?,
                Value::Object(long) if long.len() == 1 => {
                    utc_date(long.get("$numberLong")?.as_str()?.parse().ok()?)?
                }
                _ => return None,
            };
            object.remove(key);
            Some(date)
        }
        Value::Array(_) => None,
        _ => match object.remove(key)? {
            Value::String(s) => Some(s),
            Value::Null => None,
            other => Some(other.to_string()),
        },
    }
}

/// The reason for a record without the text field: the fields it has instead (the first
/// eight), one that differs from the field wanted only in case named, and the option to set.
fn missing_text_field(object: &serde_json::Map<String, Value>, wanted: &str) -> String {
    if object.is_empty() {
        return format!("no `{wanted}` field (the record has no other field)");
    }
    let mut has: Vec<String> = object.keys().take(8).map(|k| format!("`{k}`")).collect();
    if object.len() > 8 {
        has.push("…".into());
    }
    let hint = match object.keys().find(|k| k.eq_ignore_ascii_case(wanted)) {
        Some(near) => format!("did you mean `{near}`? "),
        None => String::new(),
    };
    format!(
        "no `{wanted}` field (the record has {}): {hint}ingest's `text_field` names the article's field",
        has.join(", ")
    )
}
