//! Export removes the temporary files a killed or aborted run left in its directory (they are
//! hidden and would pile up unseen). A run holds its directories' lock from its start, so no
//! other run is writing them, however recent they are.

use copydesk_core::testing::{build, run_stage};
use copydesk_core::{Document, Registry};

#[test]
fn temporaries_of_a_stopped_run_are_removed_and_other_files_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (old, recent, other, backup) = (
        dir.path().join(".articles.jsonl.copydesk-aB3xYz"),
        dir.path().join(".mentions.csv.copydesk-Qw9eRt"),
        dir.path().join(".notes.txt"),
        // Six letters after the name, but no run's: the user's.
        dir.path().join(".articles.jsonl.backup"),
    );
    for path in [&old, &recent, &other, &backup] {
        std::fs::write(path, "half a file").unwrap();
    }
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    std::fs::File::options().write(true).open(&old).unwrap().set_modified(two_hours_ago).unwrap();

    let mut registry = Registry::new();
    copydesk_export::register(&mut registry);
    let options = serde_json::json!({"dir": dir.path().display().to_string()});
    let built = build(&registry, "export", options, dir.path());
    let run = run_stage(&built, vec![Document::new("a", "test", "Troops left.")]);
    assert_eq!(run.docs.len(), 1);
    assert!(!old.exists() && !recent.exists(), "the stopped run's files are removed");
    assert!(other.exists() && backup.exists(), "a file not ours is kept");
    assert!(dir.path().join("articles.jsonl").exists());
}
