//! Export refuses a document whose entity offsets no longer slice its text (a stage after `tag`
//! changed the text), instead of writing positions that point elsewhere.

use copydesk_core::testing::{build, run_stage};
use copydesk_core::{Document, Entity, EntityKind, Registry};

fn entity(text: &str, start: usize, end: usize) -> Entity {
    Entity {
        kind: EntityKind::Gpe,
        text: text.into(),
        start,
        end,
        canonical: text.into(),
        entity_id: "Q212".into(),
    }
}

#[test]
fn stale_entity_offsets_are_a_reject_not_an_export() {
    let dir = std::env::temp_dir().join(format!("copydesk-export-offsets-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut registry = Registry::new();
    copydesk_export::register(&mut registry);
    let built = build(&registry, "export", serde_json::json!({"dir": dir.display().to_string()}), &dir);

    let mut good = Document::new("good", "test", "Troops left Ukraine.");
    good.entities.push(entity("Ukraine", 12, 19));
    // The text was changed after tagging: the offsets now slice "aine." out of it.
    let mut stale = Document::new("stale", "test", "UPDATE: Troops left Ukraine.");
    stale.entities.push(entity("Ukraine", 12, 19));
    let run = run_stage(&built, vec![good, stale]);

    assert_eq!(run.docs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ["good"]);
    assert_eq!(run.rejects.len(), 1);
    assert_eq!(run.rejects[0].id, "stale");
    assert!(
        run.rejects[0].reason.contains("a stage after `tag` changed the text"),
        "{}",
        run.rejects[0].reason
    );
    let articles = std::fs::read_to_string(dir.join("articles.jsonl")).unwrap();
    assert_eq!(articles.lines().count(), 1);
    std::fs::remove_dir_all(&dir).unwrap();
}
