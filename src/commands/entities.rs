//! Not built yet.

use std::path::Path;

pub fn run(_file: &Path, _top: usize, _kind: Option<&str>) -> anyhow::Result<()> {
    anyhow::bail!("not built yet")
}
