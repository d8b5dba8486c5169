//! Reading bytes safely: gzip, size limits, binary detection and UTF-8 decoding. Every failure
//! is a reason string for a reject, never a panic.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};

use crate::InvalidUtf8;
use crate::files::InputFile;

/// Opens a file for reading, gunzipping `.gz` files on the fly.
pub(crate) fn open(input: &InputFile) -> Result<Box<dyn BufRead>, String> {
    let file = File::open(&input.path).map_err(|e| format!("cannot open: {e}"))?;
    if input.is_gzip() {
        let decoder = flate2::read::MultiGzDecoder::new(BufReader::new(file));
        Ok(Box::new(BufReader::with_capacity(256 * 1024, decoder)))
    } else {
        Ok(Box::new(BufReader::with_capacity(256 * 1024, file)))
    }
}

/// Describes a read error, naming gzip damage as such.
pub(crate) fn read_error(input: &InputFile, err: &io::Error) -> String {
    if input.is_gzip() {
        format!("truncated or corrupt gzip data: {err}")
    } else {
        format!("read error: {err}")
    }
}

/// Reads everything, refusing more than `max` bytes.
pub(crate) fn read_all(input: &InputFile, max: u64) -> Result<Vec<u8>, String> {
    let reader = open(input)?;
    let mut bytes = Vec::new();
    reader.take(max + 1).read_to_end(&mut bytes).map_err(|e| read_error(input, &e))?;
    if bytes.len() as u64 > max {
        return Err(format!("larger than max_bytes ({max} bytes)"));
    }
    Ok(bytes)
}

/// True for data that is not text: a NUL byte, or many control characters, near the start.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if memchr::memchr(0, head).is_some() {
        return true;
    }
    let control = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)).count();
    control * 10 > head.len()
}

/// UTF-8 text from bytes (BOM dropped). Invalid sequences are replaced with U+FFFD under the
/// lossy policy (the bool says so), or refused with the byte offset of the first bad byte.
pub(crate) fn decode(mut bytes: Vec<u8>, policy: InvalidUtf8) -> Result<(String, bool), String> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, false)),
        Err(err) => match policy {
            InvalidUtf8::Lossy => Ok((String::from_utf8_lossy(err.as_bytes()).into_owned(), true)),
            InvalidUtf8::Reject => Err(format!("invalid UTF-8 at byte {}", err.utf8_error().valid_up_to())),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_detection() {
        assert!(looks_binary(b"PK\x03\x04\x00\x00"));
        assert!(looks_binary(&[1, 2, 3, 4, 5, b'a', b'b']));
        assert!(!looks_binary("Plain text,\twith tabs\r\nand “quotes”.".as_bytes()));
    }

    #[test]
    fn decoding_policies() {
        assert_eq!(decode(b"\xEF\xBB\xBFhi".to_vec(), InvalidUtf8::Reject).unwrap(), ("hi".into(), false));
        assert_eq!(decode(b"a\xFFb".to_vec(), InvalidUtf8::Lossy).unwrap(), ("a\u{FFFD}b".into(), true));
        assert_eq!(decode(b"ab\xFF".to_vec(), InvalidUtf8::Reject).unwrap_err(), "invalid UTF-8 at byte 2");
    }
}
