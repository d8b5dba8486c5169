//! Export removes the temporary files a killed run left in its directory (they are hidden and
//! would pile up unseen), but not one written to within the hour, which may be another run's.

use copydesk_core::testing::{build, run_stage};
use copydesk_core::{Document, Registry};

#[test]
fn temporaries_of_a_killed_run_are_removed_and_recent_ones_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (stale, recent, other) = (
        dir.path().join(".articles.jsonl.aB3xYz"),
        dir.path().join(".mentions.csv.Qw9eRt"),
        dir.path().join(".notes.txt"),
    );
    for path in [&stale, &recent, &other] {
        std::fs::write(path, "half a file").unwrap();
    }
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    std::fs::File::options().write(true).open(&stale).unwrap().set_modified(two_hours_ago).unwrap();

    let mut registry = Registry::new();
    copydesk_export::register(&mut registry);
    let options = serde_json::json!({"dir": dir.path().display().to_string()});
    let built = build(&registry, "export", options, dir.path());
    let run = run_stage(&built, vec![Document::new("a", "test", "Troops left.")]);
    assert_eq!(run.docs.len(), 1);
    assert!(!stale.exists(), "the killed run's file is removed");
    assert!(recent.exists() && other.exists(), "a recent temporary and a file not ours are kept");
    assert!(dir.path().join("articles.jsonl").exists());
}
