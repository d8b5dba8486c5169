//! Any bytes as an input file: JSON lines, text, gzip'd JSON lines or zstd'd text (the first
//! byte's low bits), invalid UTF-8 replaced or rejected (its bit 2); the compressed forms cut
//! short, as a truncated archive is, to the second byte + 1 256ths of their length (255: whole).
//! The file is the bytes after those two. The source may reject what it cannot read, with a
//! reason, but not panic, and each document it reads has an id of its own.
#![no_main]

use std::io::Write;

use copydesk_core::{Registry, testing};
use libfuzzer_sys::fuzz_target;
use serde_json::json;

fuzz_target!(|data: &[u8]| {
    let [mode, keep, rest @ ..] = data else { return };
    let cut = |mut bytes: Vec<u8>| {
        bytes.truncate(bytes.len() * (*keep as usize + 1) / 256);
        bytes
    };
    let (extension, bytes) = match mode & 3 {
        0 => ("jsonl", rest.to_vec()),
        1 => ("txt", rest.to_vec()),
        2 => {
            let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gzip.write_all(rest).unwrap();
            ("jsonl.gz", cut(gzip.finish().unwrap()))
        }
        _ => ("txt.zst", cut(zstd::encode_all(rest, 1).unwrap())),
    };
    let dir = std::env::temp_dir().join(format!("copydesk-fuzz-ingest-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("input.{extension}"));
    std::fs::write(&path, bytes).unwrap();
    let mut registry = Registry::new();
    copydesk_ingest::register(&mut registry);
    let invalid_utf8 = if mode & 4 == 0 { "lossy" } else { "reject" };
    let options = json!({"paths": [path], "invalid_utf8": invalid_utf8, "max_bytes": 4096});
    let built = testing::try_build(&registry, "ingest", options, &dir).expect("the options are valid");
    let run = testing::run_source(built);
    let mut ids: Vec<&str> = run.docs.iter().map(|d| d.id.as_str()).collect();
    ids.sort_unstable();
    let read = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), read, "an id given twice");
    assert!(run.rejects.iter().all(|r| !r.reason.is_empty()), "{:?}", run.rejects);
});
