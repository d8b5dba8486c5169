//! How fast this machine is right now, by a fixed workload that no copydesk change moves, so
//! benchmark figures from different days (a VM's speed moves by a third from one day to the
//! next) can be compared: `cargo xtask bench` records it beside its own figures.
//!
//! Two single-threaded measures, each the best of five rounds:
//! - `random_reads_per_us`: dependent reads at random places in a 64 MiB table (memory
//!   latency, what the tagger's and dedup's table lookups wait on);
//! - `mix_mb_per_s`: a 64-bit multiply-xorshift hash over 16 MiB held in cache and memory
//!   (arithmetic, what tokenising and shingling do).
//!
//! Prints one JSON line.

use std::hint::black_box;
use std::time::Instant;

const TABLE_WORDS: usize = 8 << 20; // 64 MiB of u64
const READS: usize = 4_000_000;
const MIX_WORDS: usize = 2 << 20; // 16 MiB
const ROUNDS: usize = 5;

fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn best_of(mut round: impl FnMut() -> f64) -> f64 {
    (0..ROUNDS).map(|_| round()).fold(f64::INFINITY, f64::min)
}

fn main() {
    // A random cyclic permutation (Sattolo's shuffle), so each read depends on the last and
    // the walk visits the whole table.
    let mut next: Vec<u32> = (0..TABLE_WORDS as u32).collect();
    let mut state = 1u64;
    for i in (1..TABLE_WORDS).rev() {
        state = splitmix(state);
        let j = (state % i as u64) as usize;
        next.swap(i, j);
    }
    let table: Vec<u64> = next.iter().map(|&n| n as u64).collect();
    drop(next);
    let read_seconds = best_of(|| {
        let started = Instant::now();
        let mut at = 0u64;
        for _ in 0..READS {
            at = table[at as usize];
        }
        black_box(at);
        started.elapsed().as_secs_f64()
    });
    let words: Vec<u64> = (0..MIX_WORDS as u64).map(splitmix).collect();
    let mix_seconds = best_of(|| {
        let started = Instant::now();
        let mut h = 0u64;
        for &w in black_box(&words) {
            h = splitmix(h ^ w);
        }
        black_box(h);
        started.elapsed().as_secs_f64()
    });
    println!(
        "{{\"random_reads_per_us\": {:.2}, \"mix_mb_per_s\": {:.0}}}",
        READS as f64 / read_seconds / 1e6,
        (MIX_WORDS * 8) as f64 / mix_seconds / 1e6
    );
}
