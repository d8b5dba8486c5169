//! What every end-to-end test needs: the repository, and the copydesk binary run in a directory.

use std::path::Path;
use std::process::{Command, Output};

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the copydesk binary built for these tests in `dir`, with quiet logs.
pub fn copydesk(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .current_dir(dir)
        .env("RUST_LOG", "error")
        .output()
        .expect("copydesk runs")
}
