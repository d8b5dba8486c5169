//! The panic hook of a stage with `on_error: reject` (`install_quiet_hook`, in a test binary of
//! its own: a hook is the whole process's): a panic in a rejecting call is not passed to the hook
//! that was set, and its place goes into the reject's reason; every other panic is.

use std::sync::atomic::{AtomicUsize, Ordering};

use copydesk_core::{Document, Output, Stage, StageError, install_quiet_hook, process_rejecting};

/// The panics that reached the hook set before the quiet one.
static PRINTED: AtomicUsize = AtomicUsize::new(0);

/// Panics on every document; with `catches`, first panics and catches it itself.
struct Panics {
    catches: bool,
}
impl Stage for Panics {
    fn process(&mut self, doc: Document, _out: &mut Output) -> Result<(), StageError> {
        if self.catches {
            let _ = std::panic::catch_unwind(|| panic!("caught by the stage"));
        }
        panic!("no room for {}", doc.id);
    }
}

#[test]
fn only_a_rejecting_calls_first_panic_is_kept_from_the_hook() {
    std::panic::set_hook(Box::new(|_| {
        PRINTED.fetch_add(1, Ordering::SeqCst);
    }));
    install_quiet_hook();
    let mut out = Output::new("s");
    out.set_input(Some(0));
    let failure =
        process_rejecting(&mut Panics { catches: false }, Document::new("d0", "t", "x"), &mut out, "d0", "t")
            .expect("no stop");
    let failure = failure.expect("the call failed");
    assert!(failure.starts_with("panicked at crates/core/tests/quiet_hook.rs:"), "{failure}");
    assert!(failure.ends_with(": no room for d0"), "{failure}");
    assert_eq!(PRINTED.load(Ordering::SeqCst), 0, "the rejected panic was not printed");
    assert_eq!(out.rejects()[0].reason, format!("stage `s` failed on it: {failure}"));
    // A panic outside such a call reaches the hook that was set.
    let _ = std::panic::catch_unwind(|| panic!("elsewhere"));
    assert_eq!(PRINTED.load(Ordering::SeqCst), 1);
    // After a panic the stage caught itself, the one that fails the call is printed, and its
    // own place is the reason's.
    out.set_input(Some(1));
    let failure =
        process_rejecting(&mut Panics { catches: true }, Document::new("d1", "t", "x"), &mut out, "d1", "t")
            .expect("no stop")
            .expect("the call failed");
    assert_eq!(PRINTED.load(Ordering::SeqCst), 2);
    assert!(failure.ends_with(": no room for d1"), "{failure}");
    let line = |message: &str| {
        let source = include_str!("quiet_hook.rs");
        source.lines().position(|l| l.contains(message) && l.contains("panic!")).map(|i| i + 1)
    };
    assert!(failure.contains(&format!("quiet_hook.rs:{}:", line("no room for").unwrap())), "{failure}");
}
