//! Not built yet.

use anyhow::{Result, bail};

pub fn train(_args: &[String]) -> Result<()> {
    bail!("not built yet")
}

pub fn eval(_args: &[String]) -> Result<()> {
    bail!("not built yet")
}
