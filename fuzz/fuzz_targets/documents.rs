//! One document, from any bytes (read as UTF-8 with U+FFFD for what is not), through normalize
//! (or not), the tag stage with the model or gazetteer-only, and fingerprint: no stage may
//! panic or lose it, and every entity's offsets must slice the text to the entity's text, in
//! order, without overlaps. The first byte chooses: bit 0 gazetteer-only, bit 1 no normalize.
#![no_main]

use copydesk_core::{Built, Document, Registry, testing};
use libfuzzer_sys::fuzz_target;
use serde_json::json;

struct Stages {
    normalize: Built,
    tag: [Built; 2],
    fingerprint: Built,
}

thread_local! {
    static STAGES: Stages = {
        let mut registry = Registry::new();
        copydesk_normalize::register(&mut registry);
        copydesk_tag::register(&mut registry);
        copydesk_dedup::register(&mut registry);
        let dir = std::env::temp_dir().join("copydesk-fuzz");
        let build = |kind: &str, options| testing::build(&registry, kind, options, &dir);
        Stages {
            normalize: build("normalize", json!({})),
            // Every document tagged, whatever language normalize detects.
            tag: [
                build("tag", json!({"languages": []})),
                build("tag", json!({"model": false, "languages": []})),
            ],
            fingerprint: build("fingerprint", json!({})),
        }
    };
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let doc = Document::new("doc", "fuzz", String::from_utf8_lossy(rest).into_owned());
    STAGES.with(|stages| {
        let docs =
            if mode & 2 == 0 { testing::run_stage(&stages.normalize, vec![doc]).docs } else { vec![doc] };
        let tagged = testing::run_stage(&stages.tag[(mode & 1) as usize], docs).docs;
        for doc in &tagged {
            for e in &doc.entities {
                assert_eq!(doc.text.get(e.start..e.end), Some(e.text.as_str()), "offsets of {e:?}");
                assert!(!e.canonical.is_empty() && !e.entity_id.is_empty(), "{e:?}");
            }
            assert!(doc.entities.windows(2).all(|w| w[0].end <= w[1].start), "{:?}", doc.entities);
        }
        testing::run_stage(&stages.fingerprint, tagged);
    });
});
