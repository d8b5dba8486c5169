//! Criterion micro-benchmarks of copydesk's hot paths live in `benches/hot_paths.rs`; this crate
//! has no code of its own. Run them with `cargo bench -p copydesk-microbench` (or
//! `cargo xtask bench micro`).
