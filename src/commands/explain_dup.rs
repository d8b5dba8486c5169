//! Not built yet.

use std::path::Path;

pub fn run(_a: &str, _b: &str, _output: &Path) -> anyhow::Result<()> {
    anyhow::bail!("not built yet")
}
