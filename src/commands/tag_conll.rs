//! Not built yet.

use std::path::Path;

pub fn run(_file: &Path, _output: Option<&Path>) -> anyhow::Result<()> {
    anyhow::bail!("not built yet")
}
