//! What every end-to-end test needs: the repository, and the copydesk binary run in a directory.

use std::path::Path;
use std::process::{Command, Output};

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the copydesk binary built for these tests in `dir`, with quiet logs.
pub fn copydesk(dir: &Path, args: &[&str]) -> Output {
    copydesk_logging(dir, args, "error")
}

/// [`copydesk`] with logs from `level` up (`RUST_LOG`).
pub fn copydesk_logging(dir: &Path, args: &[&str], level: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .current_dir(dir)
        .env("RUST_LOG", level)
        .output()
        .expect("copydesk runs")
}
