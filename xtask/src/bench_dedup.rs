//! Not built yet.

use anyhow::{Result, bail};

pub fn run(_args: &[String]) -> Result<()> {
    bail!("not built yet")
}
