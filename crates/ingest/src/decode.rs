//! Reading bytes safely: gzip and zstd, size limits, binary detection and UTF-8 decoding. Every failure
//! is a reason string for a reject, never a panic.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};

use copydesk_core::{Document, SourceOutput};
use encoding_rs::{Encoding, ISO_2022_JP, REPLACEMENT, UTF_8, UTF_16BE, UTF_16LE};

use crate::InvalidUtf8;
use crate::files::{Compression, InputFile};
use flate2::read::MultiGzDecoder;

/// Opens a file for reading, decompressing `.gz` and `.zst` files on the fly. `tail` is how
/// [`check_compressed`] found the file to end: with [`Tail::Padding`], the read ends where the
/// zero bytes after the last member or frame begin, as `gzip -dc` reads such a file.
pub(crate) fn open(input: &InputFile, tail: &Tail) -> Result<Box<dyn BufRead>, String> {
    let reader = open_stream(input)?;
    Ok(match tail {
        Tail::Padding => Box::new(BufReader::new(EndsAtPadding { inner: reader, ended: false })),
        Tail::Whole | Tail::Cut | Tail::Junk => reader,
    })
}

/// A decompressing reader over a file checked to hold nothing but whole members or frames
/// before bytes that start none: the decoder's one error, at those bytes, is the end.
struct EndsAtPadding<R> {
    inner: R,
    ended: bool,
}

impl<R: Read> Read for EndsAtPadding<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.ended {
            return Ok(0);
        }
        match self.inner.read(buf) {
            Err(e) if e.kind() != io::ErrorKind::Interrupted => {
                self.ended = true;
                Ok(0)
            }
            other => other,
        }
    }
}

/// Says, once per file, that zero bytes after its last member or frame were left unread, and
/// counts the file (`compressed_padding`): no data is missing, and nothing is rejected.
pub(crate) fn note_padding(input: &InputFile, tail: &Tail, out: &mut SourceOutput<'_>) {
    if *tail == Tail::Padding {
        let (name, part) = match input.compression() {
            Some(Compression::Zstd) => ("zstd", "frame"),
            _ => ("gzip", "member"),
        };
        tracing::warn!(
            file = %input.display,
            "zero bytes (padding) after the last {name} {part} left unread: no data is missing"
        );
        out.count("compressed_padding", 1);
    }
}

/// The file's bytes, decompressed on the fly.
fn open_stream(input: &InputFile) -> Result<Box<dyn BufRead>, String> {
    const BUFFER: usize = 256 * 1024;
    let file = File::open(&input.path).map_err(|e| format!("cannot open: {e}"))?;
    // An empty compressed file is empty, as an empty text is (not "truncated gzip data").
    if input.compression().is_some() && file.metadata().is_ok_and(|m| m.len() == 0) {
        return Err("empty file".into());
    }
    Ok(match input.compression() {
        None => Box::new(BufReader::with_capacity(BUFFER, file)),
        Some(Compression::Gzip) => {
            Box::new(BufReader::with_capacity(BUFFER, MultiGzDecoder::new(BufReader::new(file))))
        }
        Some(Compression::Zstd) => {
            let mut decoder = zstd::stream::read::Decoder::new(file)
                .map_err(|e| format!("cannot start zstd decoding: {e}"))?;
            // Files made with `zstd --long` (windows past the default 128 MB) are read too, as
            // `zstdcat --long=31` reads them; the window is only allocated as the frame asks.
            decoder.window_log_max(31).map_err(|e| format!("cannot start zstd decoding: {e}"))?;
            Box::new(BufReader::with_capacity(BUFFER, decoder))
        }
    })
}

/// Checks a compressed file whole before any of it is read, decompressing it once to nowhere,
/// a gzip member or zstd frame at a time. Damaged compressed data can decode to wrong text
/// without an error (a flipped bit is found by the checksum at the end of the member or frame,
/// after the lines it garbled), so a file whose data is corrupt is refused whole, with the
/// reason. A truncated one (the data stops short: every line before the cut decodes right) is
/// read up to the cut (JSON lines; a cut text article is refused, being half an article), and
/// so is one with other bytes after its last member or frame (junk, or a member whose start is
/// damaged: what follows may be lost), each with a reject that says so. Zero bytes after the
/// last member or frame (a tape's or a block device's padding) are no data: the file is read
/// whole and they are left unread, as `gzip -dc` leaves them. A file that does not start as
/// its extension says is refused as such. A plain file passes at once.
///
/// The data is damaged, not cut, when the decoder fails before it has asked for bytes past the
/// file's end. Damage that keeps a stream from ending (its decoder then reads on to the file's
/// end) cannot be told from a cut, and is read as one.
pub(crate) fn check_compressed(input: &InputFile) -> Result<Tail, String> {
    let Some(compression) = input.compression() else { return Ok(Tail::Whole) };
    /// Notes when the file's end was reached (a read that gave nothing).
    struct Ends<R> {
        inner: R,
        ended: std::rc::Rc<std::cell::Cell<bool>>,
    }
    impl<R: Read> Read for Ends<R> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.inner.read(buf)?;
            if n == 0 && !buf.is_empty() {
                self.ended.set(true);
            }
            Ok(n)
        }
    }
    let file = File::open(&input.path).map_err(|e| format!("cannot open: {e}"))?;
    let ended = std::rc::Rc::new(std::cell::Cell::new(false));
    let mut reader = BufReader::with_capacity(256 * 1024, Ends { inner: file, ended: ended.clone() });
    let name = compression.name();
    let mut parts = 0;
    loop {
        // A part's magic bytes, read whole even across the buffer's edge: gzip's 1f 8b; zstd's
        // frame, 28 b5 2f fd, or a skippable frame, 5? 2a 4d 18.
        let mut magic = [0u8; 4];
        let mut got = 0;
        while got < magic.len() {
            match reader.read(&mut magic[got..]) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(format!("read error: {e}")),
            }
        }
        let magic = &magic[..got];
        let starts = match compression {
            Compression::Gzip => magic.starts_with(&[0x1f, 0x8b]),
            Compression::Zstd => {
                magic == [0x28, 0xb5, 0x2f, 0xfd]
                    || (magic.len() == 4 && magic[0] >> 4 == 5 && magic[1..] == [0x2a, 0x4d, 0x18])
            }
        };
        if !starts {
            return match (parts, got) {
                (0, 0) => Err("empty file".into()),
                (0, _) => Err(format!("not {name} data: it does not start as a {name} file does")),
                (_, 0) => Ok(Tail::Whole),
                // Bytes after the last part that start none: zeros alone are padding, which
                // the read stops at (see `open`); anything else may be a damaged part.
                _ => {
                    // Read a block at a time, up to the first byte that is no zero (a file may
                    // carry hundreds of megabytes of junk).
                    let mut zeros = magic.iter().all(|&b| b == 0);
                    let mut block = [0u8; 64 * 1024];
                    while zeros {
                        match reader.read(&mut block) {
                            Ok(0) => break,
                            Ok(n) => zeros = block[..n].iter().all(|&b| b == 0),
                            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                            Err(e) => return Err(format!("read error: {e}")),
                        }
                    }
                    Ok(if zeros { Tail::Padding } else { Tail::Junk })
                }
            };
        }
        // The part, its magic bytes given back in front of the rest of the file.
        let mut part = io::Cursor::new(magic).chain(&mut reader);
        let decoded = match compression {
            Compression::Gzip => io::copy(&mut flate2::bufread::GzDecoder::new(&mut part), &mut io::sink()),
            Compression::Zstd => zstd::stream::read::Decoder::with_buffer(&mut part).and_then(|frame| {
                let mut frame = frame.single_frame();
                frame.window_log_max(31)?;
                io::copy(&mut frame, &mut io::sink())
            }),
        };
        match decoded {
            Ok(_) => parts += 1,
            Err(_) if ended.get() => return Ok(Tail::Cut),
            Err(err) => {
                return Err(format!(
                    "corrupt {name} data ({err}): damaged data can decode to wrong text without an error, so \
                     none of the file is read (`{name} -dc` recovers what comes before the damage)"
                ));
            }
        }
    }
}

/// How a compressed file that [`check_compressed`] lets through ends.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Tail {
    /// At the end of its last member or frame (or not compressed).
    Whole,
    /// Cut short inside a member or frame.
    Cut,
    /// With zero bytes after its last member or frame: padding, no data.
    Padding,
    /// With other bytes after its last member or frame that start none: junk, or a member or
    /// frame whose start is damaged (the data after it is then lost).
    Junk,
}

/// Describes a read error, naming what ends compressed data as such: a cut (read up to there,
/// as `gzip -dc` reads it), or damage.
pub(crate) fn read_error(input: &InputFile, err: &io::Error) -> String {
    let Some(compression) = input.compression() else { return format!("read error: {err}") };
    let name = compression.name();
    // Only on a failed read: the file is decompressed once more to tell which.
    let part = match compression {
        Compression::Gzip => "member",
        Compression::Zstd => "frame",
    };
    match check_compressed(input) {
        Ok(Tail::Cut) => format!("truncated {name} data ({err}): the file stops short"),
        Ok(Tail::Junk) => format!(
            "bytes after the last {name} {part} that start none ({err}): junk, or a {part} whose start is \
             damaged, whose data is lost (`{name} -dc` warns of them too)"
        ),
        _ => format!("truncated or corrupt {name} data: {err}"),
    }
}

/// Reads everything, refusing more than `max` bytes, and a compressed file whose data is
/// damaged (see [`check_compressed`]); also returns how the file ends.
pub(crate) fn read_all(input: &InputFile, max: u64) -> Result<(Vec<u8>, Tail), String> {
    let tail = check_compressed(input)?;
    let reader = open(input, &tail)?;
    let mut bytes = Vec::new();
    reader.take(max + 1).read_to_end(&mut bytes).map_err(|e| read_error(input, &e))?;
    if bytes.len() as u64 > max {
        return Err(format!("larger than max_bytes ({max} bytes)"));
    }
    Ok((bytes, tail))
}

/// True for data that is not text: NUL bytes (more than one a kilobyte, or two in a short
/// text), or many control characters, near the start.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    // Binary formats hold NULs everywhere; text may have a stray one (a damaged byte), which
    // normalize drops with the other control characters.
    if memchr::memchr_iter(0, head).count() > head.len() / 1024 + 1 {
        return true;
    }
    let control = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)).count();
    control * 10 > head.len()
}

/// Why a file that [`looks_binary`] is no input, `what` being what it was read as ("text",
/// "JSON lines"): an archive or a compression copydesk does not read, by its magic bytes, with
/// how to unpack it; else a binary file.
pub(crate) fn binary_reason(bytes: &[u8], what: &str) -> String {
    let kind = match bytes {
        [b'P', b'K', 3, 4, ..] | [b'P', b'K', 5, 6, ..] => Some(("a zip archive", "unzip")),
        [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, ..] => Some(("a 7z archive", "7z x")),
        [b'B', b'Z', b'h', ..] => Some(("bzip2 data", "bunzip2")),
        [0xFD, b'7', b'z', b'X', b'Z', 0, ..] => Some(("xz data", "unxz")),
        _ if bytes.get(257..262) == Some(b"ustar") => Some(("a tar archive", "tar -xf")),
        _ => None,
    };
    match kind {
        Some((kind, tool)) => format!(
            "{kind}, not {what}: copydesk reads text and JSON lines files, plain or as .gz or .zst; unpack it \
             first (`{tool}`)"
        ),
        None => format!("binary file (not {what})"),
    }
}

/// The byte order of UTF-16 text that starts with a byte-order mark, as Windows tools write
/// it ("Unicode" in Notepad, PowerShell's `Out-File`): `Some(true)` little-endian.
pub(crate) fn utf16_bom(bytes: &[u8]) -> Option<bool> {
    match bytes {
        [0xFF, 0xFE, ..] => Some(true),
        [0xFE, 0xFF, ..] => Some(false),
        _ => None,
    }
}

/// How bytes became text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decoded {
    Utf8,
    /// Invalid UTF-8 (or UTF-16) replaced with U+FFFD.
    Lossy,
    /// Not UTF-8 at all: read in the legacy encoding.
    Legacy(&'static Encoding),
}

/// UTF-8 text from bytes (BOM dropped). Bytes that are not UTF-8 and look like text in a legacy
/// encoding rather than UTF-8 with damage (see [`looks_legacy`]: a Latin-1 or Windows-1252 file
/// from an older system, where "café" is `caf\xE9`) are read in the `legacy` encoding when one is
/// given. Otherwise invalid sequences are replaced with U+FFFD under the lossy policy, or refused
/// with the byte offset of the first bad byte.
pub(crate) fn decode(
    mut bytes: Vec<u8>,
    policy: InvalidUtf8,
    legacy: Option<&'static Encoding>,
) -> Result<(String, Decoded), String> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let err = match String::from_utf8(bytes) {
        Ok(text) => return Ok((text, Decoded::Utf8)),
        Err(err) => err,
    };
    if let Some(encoding) = legacy
        && looks_legacy(err.as_bytes(), encoding)
    {
        let (text, _) = encoding.decode_without_bom_handling(err.as_bytes());
        return Ok((text.into_owned(), Decoded::Legacy(encoding)));
    }
    match policy {
        InvalidUtf8::Lossy => Ok((String::from_utf8_lossy(err.as_bytes()).into_owned(), Decoded::Lossy)),
        InvalidUtf8::Reject => Err(format!("invalid UTF-8 at byte {}", err.utf8_error().valid_up_to())),
    }
}

/// Whether bytes that are not UTF-8 are text in a legacy encoding rather than UTF-8 with damage.
/// A legacy file's non-ASCII bytes stand mostly alone (`caf\xE9 au lait`); now and then two of
/// them happen to form a UTF-8 character (`\xE9\xA0\xBB`, "é »") or its cut-short start
/// (`\xDF\x93`). Damaged UTF-8 is the other way round: whole characters, and sequences cut short
/// where bytes were lost (`It\xE2\x80s`). So: lone bytes must outnumber twice the characters and
/// cut sequences together; and a single lone byte counts only where the legacy character it
/// stands for fits ([`fits`]): a small letter beside an ASCII one (`caf\xE9`), an apostrophe
/// between letters (`didn\x92t`), a currency sign before a figure (`\xA315.8m`, £), a dash
/// between spaces or figures, a degree after a figure. A stray `\xFF` on its own is damage, not
/// a word, and so is the `\xC3` of an "é" whose second byte was lost (`caf\xC3 `, "Ã"), or that
/// second byte alone (`caf\xA9`, "©").
fn looks_legacy(bytes: &[u8], encoding: &'static Encoding) -> bool {
    let (mut lone, mut utf8_like, mut one_fits) = (0usize, 0usize, false);
    let mut at = 0;
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        utf8_like += valid.chars().filter(|c| !c.is_ascii()).count();
        at += valid.len();
        match chunk.invalid() {
            [] => {}
            &[byte] => {
                lone += 1;
                let (before, after) = (at.checked_sub(1).and_then(|i| bytes.get(i)), bytes.get(at + 1));
                one_fits |= fits(encoding, byte, before.copied(), after.copied());
            }
            _ => utf8_like += 1,
        }
        at += chunk.invalid().len();
    }
    lone > 2 * utf8_like && (lone >= 2 || one_fits)
}

/// Whether `byte`, read in `encoding`, is a character that fits between the bytes around it.
fn fits(encoding: &'static Encoding, byte: u8, before: Option<u8>, after: Option<u8>) -> bool {
    let one = [byte];
    let (decoded, _) = encoding.decode_without_bom_handling(&one);
    let Some(c) = decoded.chars().next() else { return false };
    let letter = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphabetic());
    let digit = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_digit());
    let space_or_digit = |b: Option<u8>| b.is_some_and(|b| b == b' ' || b.is_ascii_digit());
    match c {
        '’' | '‘' => letter(before) && letter(after),
        '€' | '£' | '¥' => digit(after),
        '–' | '—' => space_or_digit(before) && space_or_digit(after),
        '°' => digit(before),
        c => c.is_lowercase() && !c.is_ascii() && (letter(before) || letter(after)),
    }
}

/// Records on a document read in a legacy encoding which one it was (`fields.legacy_encoding`),
/// and counts it.
pub(crate) fn mark_legacy(doc: &mut Document, encoding: &'static Encoding, out: &mut SourceOutput<'_>) {
    doc.fields.insert("legacy_encoding".into(), encoding.name().to_ascii_lowercase().into());
    out.count("legacy_encoding", 1);
}

/// The encoding named by the `legacy_encoding` option (`none`, in any case: no fallback). UTF-8
/// and UTF-16 are no legacy encodings (UTF-8 is read anyway, UTF-16 by its byte-order mark), and
/// ISO-2022-JP's text is 7-bit, valid UTF-8 as it stands, so it could never be told apart.
pub(crate) fn legacy_encoding(label: &str) -> Result<Option<&'static Encoding>, String> {
    if label.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    match Encoding::for_label(label.as_bytes()) {
        Some(encoding) if encoding == UTF_8 || encoding == UTF_16LE || encoding == UTF_16BE => Err(format!(
            "`{label}` is not a legacy encoding (UTF-8 is read anyway, UTF-16 by its byte-order mark)"
        )),
        Some(encoding) if encoding == ISO_2022_JP => {
            Err(format!("`{label}` is 7-bit: its text reads as ASCII and cannot be told from UTF-8"))
        }
        Some(encoding) if encoding == REPLACEMENT => Err(format!(
            "`{label}` names an encoding that cannot be decoded safely (WHATWG maps it to nothing)"
        )),
        Some(encoding) => Ok(Some(encoding)),
        None => Err(format!(
            "unknown encoding `{label}`: a WHATWG label such as windows-1252, iso-8859-2, windows-1251 or \
             koi8-r, or none"
        )),
    }
}

/// The text of a whole file that starts with a UTF-16 byte-order mark ([`utf16_bom`]), as
/// [`decode`] gives UTF-8's; UTF-32 (whose little-endian mark starts like UTF-16's) is refused.
pub(crate) fn decode_utf16_file(bytes: &[u8], policy: InvalidUtf8) -> Result<(String, Decoded), String> {
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) {
        return Err("UTF-32 text: convert it to UTF-8 (e.g. `iconv -f UTF-32 -t UTF-8`)".into());
    }
    let little = utf16_bom(bytes).ok_or("no UTF-16 byte-order mark")?;
    let (text, lossy) = decode_utf16(&bytes[2..], little, policy)?;
    Ok((text, if lossy { Decoded::Lossy } else { Decoded::Utf8 }))
}

/// UTF-16 code units (after the byte-order mark) to text; an unpaired surrogate or an odd last
/// byte is invalid, and its offset is counted from the start of the file.
fn decode_utf16(bytes: &[u8], little: bool, policy: InvalidUtf8) -> Result<(String, bool), String> {
    let unit = |pair: &[u8]| {
        let pair = [pair[0], pair[1]];
        if little { u16::from_le_bytes(pair) } else { u16::from_be_bytes(pair) }
    };
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut lossy = false;
    let mut at = 2;
    for c in char::decode_utf16(bytes.chunks_exact(2).map(unit)) {
        match c {
            Ok(c) => {
                text.push(c);
                at += 2 * c.len_utf16();
            }
            Err(_) if policy == InvalidUtf8::Lossy => {
                text.push(char::REPLACEMENT_CHARACTER);
                lossy = true;
                at += 2;
            }
            Err(_) => return Err(format!("invalid UTF-16 at byte {at}")),
        }
    }
    if bytes.len() % 2 == 1 {
        if policy == InvalidUtf8::Reject {
            return Err(format!("invalid UTF-16 at byte {} (half a character at the end)", bytes.len() + 1));
        }
        text.push(char::REPLACEMENT_CHARACTER);
        lossy = true;
    }
    Ok((text, lossy))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_detection() {
        assert!(looks_binary(b"PK\x03\x04\x00\x00"));
        assert!(!looks_binary(b"An article with one stray \x00 byte in it."));
        assert!(looks_binary(
            &[b"%PDF-1.4\n".as_slice(), &[0u8, 7, 0, 200, 0, 1, 0, 0, 9, 0].repeat(200)].concat()
        ));
        assert!(looks_binary(&[1, 2, 3, 4, 5, b'a', b'b']));
        assert!(!looks_binary("Plain text,\twith tabs\r\nand “quotes”.".as_bytes()));
    }

    #[test]
    fn archives_are_named_with_how_to_unpack_them() {
        let zip = binary_reason(b"PK\x03\x04\x14\x00\x00", "text");
        assert!(zip.starts_with("a zip archive, not text:") && zip.ends_with("(`unzip`)"), "{zip}");
        let mut tar = vec![0u8; 512];
        tar[..9].copy_from_slice(b"story.txt");
        tar[257..263].copy_from_slice(b"ustar\0");
        assert!(binary_reason(&tar, "JSON lines").starts_with("a tar archive, not JSON lines:"));
        assert!(binary_reason(b"\xFD7zXZ\x00\x00", "text").starts_with("xz data"));
        assert_eq!(binary_reason(&[1, 2, 3, 4, 5], "text"), "binary file (not text)");
    }

    #[test]
    fn decoding_policies() {
        let cp1252 = legacy_encoding("windows-1252").unwrap();
        for legacy in [None, cp1252] {
            let decode = |bytes: &[u8], policy| decode(bytes.to_vec(), policy, legacy);
            assert_eq!(decode(b"\xEF\xBB\xBFhi", InvalidUtf8::Reject).unwrap(), ("hi".into(), Decoded::Utf8));
            // UTF-8 with a broken byte is not read as a legacy encoding.
            let broken = &[&b"Zelenskyy"[..], "’s ".as_bytes(), b"\xFF"].concat();
            let lossy = ("Zelenskyy’s \u{FFFD}".into(), Decoded::Lossy);
            assert_eq!(decode(broken, InvalidUtf8::Lossy).unwrap(), lossy);
            assert_eq!(decode(broken, InvalidUtf8::Reject).unwrap_err(), "invalid UTF-8 at byte 14");
        }
        // Latin-1 / Windows-1252, with its curly quotes at 0x93 and 0x94.
        let latin = b"\x93Caf\xE9 cr\xE8me\x94, Z\xFCrich";
        let expect = ("“Café crème”, Zürich".into(), Decoded::Legacy(encoding_rs::WINDOWS_1252));
        assert_eq!(decode(latin.to_vec(), InvalidUtf8::Reject, cp1252).unwrap(), expect);
        assert_eq!(decode(latin.to_vec(), InvalidUtf8::Reject, None).unwrap_err(), "invalid UTF-8 at byte 0");
        let latin2 = legacy_encoding("iso-8859-2").unwrap();
        assert_eq!(decode(b"\xA3\xF3d\xBC".to_vec(), InvalidUtf8::Lossy, latin2).unwrap().0, "Łódź");
    }

    #[test]
    fn legacy_text_and_damaged_utf8_are_told_apart() {
        let cp1252 = legacy_encoding("windows-1252").unwrap();
        let read = |text: &str| {
            let bytes: Vec<u8> = encoding_rs::WINDOWS_1252.encode(text).0.into_owned();
            decode(bytes, InvalidUtf8::Lossy, cp1252).unwrap()
        };
        // Latin-1 whose letters happen to form UTF-8 now and then: "é »" (E9 A0 BB) is a
        // character, "ß“" (DF 93) one cut short.
        for text in [
            "PARIS — « Nous devons garantir la sécurité », a déclaré le ministre, un bel été »",
            "Der Gruß“ aus Zürich kam spät, sagte der Bürgermeister am Dienstag",
            "Un café",
            // One byte of Windows-1252 punctuation where it fits.
            "He didn’t know",
            "The fine was £15.8m",
            "Costs rose to €10m",
            "It was 30°C in the shade",
            "Rates rose – and fell",
        ] {
            assert_eq!(read(text), (text.to_string(), Decoded::Legacy(encoding_rs::WINDOWS_1252)));
        }
        // UTF-8 with a character cut short, or a stray byte on its own: damage. So is UTF-8 with
        // a Latin-1 word pasted in: as many characters as lone bytes.
        let mixed = ["Zelenskyy’s team ".as_bytes(), b"\xE9t\xE9"].concat();
        for (bytes, lossy) in [
            (&b"It\xE2\x80s the wire copy"[..], "It\u{FFFD}s the wire copy"),
            (&b"A stray \xFF byte"[..], "A stray \u{FFFD} byte"),
            (&b"The caf\xC3 chain"[..], "The caf\u{FFFD} chain"),
            (&b"The caf\xA9 chain"[..], "The caf\u{FFFD} chain"),
            // Punctuation where it does not fit.
            (&b"It cost \xA3 a lot"[..], "It cost \u{FFFD} a lot"),
            (&b"The \x92 mark"[..], "The \u{FFFD} mark"),
            (&mixed[..], "Zelenskyy’s team \u{FFFD}t\u{FFFD}"),
        ] {
            let got = decode(bytes.to_vec(), InvalidUtf8::Lossy, cp1252).unwrap();
            assert_eq!(got, (lossy.to_string(), Decoded::Lossy));
        }
    }

    #[test]
    fn legacy_encoding_labels() {
        assert_eq!(legacy_encoding("none").unwrap(), None);
        assert_eq!(legacy_encoding("None").unwrap(), None);
        assert!(legacy_encoding("iso-2022-jp").unwrap_err().contains("7-bit"));
        assert!(legacy_encoding("iso-2022-kr").unwrap_err().contains("cannot be decoded safely"));
        assert_eq!(
            legacy_encoding("latin1").unwrap(),
            Some(encoding_rs::WINDOWS_1252),
            "as browsers read it"
        );
        assert!(legacy_encoding("utf-8").unwrap_err().contains("not a legacy encoding"));
        assert!(legacy_encoding("utf-16").unwrap_err().contains("not a legacy encoding"));
        assert!(legacy_encoding("latin-9000").unwrap_err().starts_with("unknown encoding `latin-9000`"));
    }

    #[test]
    fn utf16_with_a_byte_order_mark() {
        let text = "Zelenskyy said “no” — 𝐍 (outside the BMP).";
        let le: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let be: Vec<u8> =
            [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!(decode_utf16_file(&le, InvalidUtf8::Reject).unwrap(), (text.into(), Decoded::Utf8));
        assert_eq!(decode_utf16_file(&be, InvalidUtf8::Reject).unwrap(), (text.into(), Decoded::Utf8));
        // UTF-8 decoding knows nothing of UTF-16 (a JSON line starting with FF FE is broken UTF-8).
        assert_eq!(decode(le.clone(), InvalidUtf8::Reject, None).unwrap_err(), "invalid UTF-8 at byte 0");
        // A lone surrogate (here the first half of 𝐍, its second half gone) and an odd byte.
        let mut broken = le[..2 + 2 * 3].to_vec(); // BOM, "Zel"
        broken.extend_from_slice(&0xD835u16.to_le_bytes());
        broken.extend_from_slice(&u16::from(b'x').to_le_bytes());
        assert_eq!(decode_utf16_file(&broken, InvalidUtf8::Reject).unwrap_err(), "invalid UTF-16 at byte 8");
        assert_eq!(
            decode_utf16_file(&broken, InvalidUtf8::Lossy).unwrap(),
            ("Zel\u{FFFD}x".into(), Decoded::Lossy)
        );
        broken.push(b'y');
        assert_eq!(
            decode_utf16_file(&broken, InvalidUtf8::Lossy).unwrap(),
            ("Zel\u{FFFD}x\u{FFFD}".into(), Decoded::Lossy)
        );
        let mut odd = le[..2 + 2 * 3].to_vec();
        odd.push(b'y');
        assert_eq!(
            decode_utf16_file(&odd, InvalidUtf8::Reject).unwrap_err(),
            "invalid UTF-16 at byte 8 (half a character at the end)"
        );
        // UTF-32's little-endian mark starts with UTF-16's.
        let utf32: Vec<u8> = [0xFF, 0xFE, 0, 0, b'h', 0, 0, 0].to_vec();
        assert!(decode_utf16_file(&utf32, InvalidUtf8::Lossy).unwrap_err().starts_with("UTF-32 text"));
    }
}
