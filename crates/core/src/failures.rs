//! A stage's failure on one document, for a stage with `on_error: reject`: its `process` call
//! made with the panic caught quietly, what the call made for the document taken back, and the
//! document rejected with the failure as its reason. The runtime and
//! [`crate::testing::run_stage_rejecting`] call it the same way.

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::{Document, Output, Stage, StageError};

/// Calls `stage.process(doc, out)` as for a stage with `on_error: reject`: `Ok(None)` if the
/// call went well; `Ok(Some(failure))` if it returned an error or panicked, the document (`id`,
/// `source`, as given) then rejected with `failure` ([`Output::reject_failed`]: what the call
/// made for it is taken back); `Err` with the stage's error if it gave up because the run is
/// stopping (no failure of the document). [`install_quiet_hook`] must have been called, or the
/// panic's message is printed and its reason says not where it panicked.
#[doc(hidden)]
pub fn process_rejecting(
    stage: &mut (impl Stage + ?Sized),
    doc: Document,
    out: &mut Output,
    id: &str,
    source: &str,
) -> Result<Option<String>, StageError> {
    let at = out.checkpoint();
    let failure = match catch_quietly(|| stage.process(doc, out)) {
        Ok(Ok(())) => return Ok(None),
        Ok(Err(err)) if err.is_stop() => return Err(err),
        Ok(Err(err)) => err.to_string(),
        Err(panic) => panic,
    };
    out.reject_failed(at, id.to_string(), source.to_string(), &failure);
    Ok(Some(failure))
}

/// What a caught panic says: its message, and where it panicked when known.
pub fn panic_description(panic: &(dyn std::any::Any + Send), at: Option<&str>) -> String {
    let message = if let Some(s) = panic.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "(a panic whose payload is no string)".to_string()
    };
    match at {
        Some(at) => format!("panicked at {at}: {message}"),
        None => format!("panicked: {message}"),
    }
}

thread_local! {
    /// Set while a rejecting stage's call runs on this thread.
    static QUIET: Cell<bool> = const { Cell::new(false) };
    /// Where the call's last panic was, kept by the hook (the first not printed).
    static WHERE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Puts a panic hook before the one that is set, once a process: a panic in a call made by
/// [`process_rejecting`] is not printed (a stage that panics on many documents would otherwise
/// print a message for each, and with `RUST_BACKTRACE` a backtrace, past `--quiet` and the
/// log); where it panicked goes into the reject's reason instead. Every other panic, and any
/// after the first in the same call (a `Drop` panicking as the first unwinds, which aborts;
/// one after a panic the stage caught itself), goes to the hook that was set. Called before
/// any worker starts, so that no panic meets the moment between the two hooks.
pub fn install_quiet_hook() {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let earlier = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // The last panic's place is kept (one the stage caught itself may come before);
            // only the first goes unprinted.
            let first = QUIET.with(Cell::get)
                && WHERE.with_borrow_mut(|at| {
                    let first = at.is_none();
                    *at = Some(
                        info.location().map_or_else(|| "an unknown place".to_string(), ToString::to_string),
                    );
                    first
                });
            if !first {
                earlier(info);
            }
        }));
    });
}

/// `work`, a panic of it caught and described ([`panic_description`]) without being printed.
fn catch_quietly<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    WHERE.with_borrow_mut(|at| *at = None);
    QUIET.with(|quiet| quiet.set(true));
    let caught = catch_unwind(AssertUnwindSafe(work));
    QUIET.with(|quiet| quiet.set(false));
    let at = WHERE.with_borrow_mut(Option::take);
    caught.map_err(|panic| panic_description(&*panic, at.as_deref()))
}
