//! The end-of-stream work of the dedup stage on every core: when `finish` runs, the stages before
//! dedup are done, so the cores they used are free. Work is split into one contiguous part per
//! thread and the parts' results are put back in order, so results never depend on the number
//! of threads.

use std::io;

/// Threads for end-of-stream work: the machine's cores (at most 8). Asked once: finding out
/// reads the process's CPU affinity and cgroup limits, and the work asks once a batch.
pub fn threads() -> usize {
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()).min(8))
}

/// `f` over `items`, split into one contiguous part per thread; the parts' results in order.
/// Small inputs run on the calling thread. A panic in a part is resumed on the caller.
pub fn map_parts<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&[T]) -> io::Result<Vec<R>> + Sync,
) -> io::Result<Vec<R>> {
    let threads = threads();
    if threads <= 1 || items.len() < 256 {
        return f(items);
    }
    let part = items.len().div_ceil(threads);
    // The last part is the calling thread's own, instead of a thread started for it while the
    // caller waits: the end of a large run checks its pairs a few hundred at a time (see
    // `Index::join_similar`); at 1 GB, 11,850 batches of checks were split between threads.
    let mut parts: Vec<&[T]> = items.chunks(part).collect();
    let own = parts.pop().expect("at least 256 items");
    std::thread::scope(|s| {
        let handles: Vec<_> = parts.into_iter().map(|chunk| s.spawn(|| f(chunk))).collect();
        let last = f(own);
        let mut out = Vec::with_capacity(items.len());
        for handle in handles {
            match handle.join() {
                Ok(part) => out.extend(part?),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out.extend(last?);
        Ok(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_come_back_in_order() {
        let items: Vec<u32> = (0..10_000).collect();
        let out = map_parts(&items, |part| Ok(part.iter().map(|x| x * 2).collect())).unwrap();
        assert_eq!(out, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        let err = map_parts(&items, |part| {
            if part.contains(&9_999) { Err(io::Error::other("last part")) } else { Ok(part.to_vec()) }
        });
        assert_eq!(err.unwrap_err().to_string(), "last part");
        // Every part failing: the first part's error, as if they had run one after another.
        let err =
            map_parts(&items, |part| Err::<Vec<u32>, _>(io::Error::other(format!("part from {}", part[0]))));
        assert_eq!(err.unwrap_err().to_string(), "part from 0");
    }
}
