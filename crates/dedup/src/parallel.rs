//! The end-of-stream work of the dedup stage on every core: when `finish` runs, the stages before
//! dedup are done, so the cores they used are free. Work is split into one contiguous part per
//! thread and the parts' results are put back in order, so results never depend on the number
//! of threads.

use std::io;
use std::panic::AssertUnwindSafe;
use std::thread::Scope;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, TryRecvError};

/// Threads for end-of-stream work: the machine's cores (at most 8). Asked once: finding out
/// reads the process's CPU affinity and cgroup limits, and the work asks once a batch.
pub fn threads() -> usize {
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()).min(8))
}

/// `f` over `items`, split into one contiguous part per thread; the parts' results in order.
/// Small inputs run on the calling thread. A panic in a part is resumed on the caller. Threads
/// are started for the call: for a few large batches (many small ones: [`Crew`]).
pub fn map_parts<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&[T]) -> io::Result<Vec<R>> + Sync,
) -> io::Result<Vec<R>> {
    let threads = threads();
    if threads <= 1 || items.len() < 256 {
        return f(items);
    }
    // The last part is the calling thread's own, instead of a thread started for it while the
    // caller waits.
    let mut parts: Vec<&[T]> = even_parts(items, threads).collect();
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

/// Threads kept for work that comes in many small batches, one after another, each needing the
/// results of the one before (the checks at the end of the stream: at 1 GB, 618,000 batches of
/// 17 pairs on average). [`map_parts`] starts threads for each call, which costs more than a batch
/// of a few dozen pairs, so it leaves batches of fewer than 256 items to the calling thread alone
/// (at 1 GB, 606,000 of the checks' batches). A crew's threads wait between batches, spinning for
/// a moment first, since the next batch usually comes sooner than a sleeping thread wakes here
/// (some 25 µs).
///
/// [`Crew::map_parts`] gives the same results as [`map_parts`]: contiguous parts, in order; a
/// panic in a crew thread's part is resumed on the caller.
pub struct Crew<'w, T, R> {
    work: &'w (dyn Fn(&[T]) -> io::Result<Vec<R>> + Sync),
    helpers: Vec<Helper<T, R>>,
}

/// A crew thread's end of its channels: parts to it, their results (or its panic) back.
struct Helper<T, R> {
    jobs: Sender<Vec<T>>,
    results: Receiver<std::thread::Result<io::Result<Vec<R>>>>,
}

/// How long a waiting crew thread spins before it sleeps.
const SPIN: Duration = Duration::from_micros(50);

/// Fewer items than this are worked on by the calling thread alone.
const CREW_MIN: usize = 4;

impl<'w, T: Clone + Send + 'w, R: Send + 'w> Crew<'w, T, R> {
    /// A crew of one thread less than [`threads`], in `scope`, to do `work`; the calling thread
    /// does a part of every batch. The threads end when the crew is dropped.
    pub fn new<'scope>(
        scope: &'scope Scope<'scope, '_>,
        work: &'w (dyn Fn(&[T]) -> io::Result<Vec<R>> + Sync),
    ) -> Self
    where
        'w: 'scope,
    {
        Self::with_helpers(scope, work, threads() - 1)
    }

    fn with_helpers<'scope>(
        scope: &'scope Scope<'scope, '_>,
        work: &'w (dyn Fn(&[T]) -> io::Result<Vec<R>> + Sync),
        helpers: usize,
    ) -> Self
    where
        'w: 'scope,
    {
        let helpers = (0..helpers)
            .map(|_| {
                let (send_job, jobs) = crossbeam_channel::bounded::<Vec<T>>(1);
                let (send_result, results) = crossbeam_channel::bounded(1);
                scope.spawn(move || {
                    while let Some(job) = wait(&jobs) {
                        let result = std::panic::catch_unwind(AssertUnwindSafe(|| work(&job)));
                        if send_result.send(result).is_err() {
                            break;
                        }
                    }
                });
                Helper { jobs: send_job, results }
            })
            .collect();
        Crew { work, helpers }
    }

    /// `work` over `items`, split into one contiguous part per thread, as even as they can be; the
    /// parts' results in order, and the first part's error if several fail. (`&mut self`: one
    /// batch at a time.)
    pub fn map_parts(&mut self, items: &[T]) -> io::Result<Vec<R>> {
        if self.helpers.is_empty() || items.len() < CREW_MIN {
            return (self.work)(items);
        }
        // The last part is the caller's (with fewer items than threads, some threads get none).
        let mut parts: Vec<&[T]> = even_parts(items, self.helpers.len() + 1).collect();
        let own = parts.pop().expect("at least one item");
        let mut sent = 0;
        let mut failed = None;
        for (helper, part) in self.helpers.iter().zip(parts) {
            if helper.jobs.send(part.to_vec()).is_err() {
                failed = Some(io::Error::other("a dedup thread stopped"));
                break;
            }
            sent += 1;
        }
        let own = if failed.is_none() { Some((self.work)(own)) } else { None };
        let mut out = Vec::with_capacity(items.len());
        let mut panic = None;
        // Every result is taken, failed or not, so none is left for the next batch.
        for helper in &self.helpers[..sent] {
            match wait(&helper.results) {
                Some(Ok(Ok(part))) if failed.is_none() => out.extend(part),
                Some(Ok(Ok(_))) => {}
                Some(Ok(Err(e))) => {
                    failed.get_or_insert(e);
                }
                Some(Err(payload)) => {
                    panic.get_or_insert(payload);
                }
                None => {
                    failed.get_or_insert_with(|| io::Error::other("a dedup thread stopped"));
                }
            }
        }
        if let Some(payload) = panic {
            std::panic::resume_unwind(payload);
        }
        if let Some(e) = failed {
            return Err(e);
        }
        out.extend(own.expect("worked on when nothing failed")?);
        Ok(out)
    }
}

/// `items` in `parts` contiguous parts as even as they can be (the first ones one item longer),
/// fewer if there are fewer items, never an empty one.
fn even_parts<T>(items: &[T], parts: usize) -> impl Iterator<Item = &[T]> {
    let parts = parts.clamp(1, items.len().max(1));
    let (base, extra) = (items.len() / parts, items.len() % parts);
    let mut rest = items;
    (0..parts).map(move |i| {
        let (part, after) = rest.split_at(base + usize::from(i < extra));
        rest = after;
        part
    })
}

/// The next message on `channel`, spinning for up to [`SPIN`] before sleeping on it; `None` once
/// it is closed and empty.
fn wait<M>(channel: &Receiver<M>) -> Option<M> {
    let start = Instant::now();
    loop {
        for _ in 0..64 {
            match channel.try_recv() {
                Ok(message) => return Some(message),
                Err(TryRecvError::Disconnected) => return None,
                Err(TryRecvError::Empty) => std::hint::spin_loop(),
            }
        }
        if start.elapsed() >= SPIN {
            return channel.recv().ok();
        }
    }
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

    #[test]
    fn a_crew_gives_each_batch_its_parts_in_order() {
        let work = |part: &[u32]| -> io::Result<Vec<u32>> {
            match part.iter().find(|&&x| x % 100_000 == 99_999) {
                Some(x) => Err(io::Error::other(format!("failed at {x}"))),
                None => Ok(part.iter().map(|x| x * 2).collect()),
            }
        };
        std::thread::scope(|scope| {
            // More helpers than this machine may have cores, so the helpers' path is tested.
            let mut crew = Crew::with_helpers(scope, &work, 3);
            // Batches of every size, small ones (worked on by the caller alone) among them,
            // one after another as the checks send them.
            for size in [0, 1, 3, 4, 5, 9, 100, 255, 998] {
                let items: Vec<u32> = (size..2 * size).collect();
                let want: Vec<u32> = items.iter().map(|x| x * 2).collect();
                assert_eq!(crew.map_parts(&items).unwrap(), want, "a batch of {size}");
            }
            // Fewer items than threads (eight cores): some threads get none.
            let mut many = Crew::with_helpers(scope, &work, 7);
            for size in [4, 5, 7, 8, 9] {
                let items: Vec<u32> = (size..2 * size).collect();
                let want: Vec<u32> = items.iter().map(|x| x * 2).collect();
                assert_eq!(many.map_parts(&items).unwrap(), want, "a batch of {size} on eight threads");
            }
            // A failing part: the first failing part's error, and every helper's result taken,
            // so the next batch gets its own.
            let items: Vec<u32> = (0..400_000).collect();
            assert_eq!(crew.map_parts(&items).unwrap_err().to_string(), "failed at 99999");
            let items: Vec<u32> = (399_900..400_000).collect();
            assert_eq!(crew.map_parts(&items).unwrap_err().to_string(), "failed at 399999");
            let items: Vec<u32> = (0..900).collect();
            assert_eq!(crew.map_parts(&items).unwrap(), (0..900).map(|x| x * 2).collect::<Vec<_>>());
        });
    }

    #[test]
    fn a_crew_threads_panic_is_resumed_on_the_caller() {
        let work = |part: &[u32]| -> io::Result<Vec<u32>> {
            assert!(!part.contains(&0), "a part with 0");
            Ok(part.to_vec())
        };
        let caught = std::panic::catch_unwind(|| {
            std::thread::scope(|scope| {
                let mut crew = Crew::with_helpers(scope, &work, 3);
                // 0 is in the first part, a crew thread's.
                let _ = crew.map_parts(&(0..100).collect::<Vec<u32>>());
            })
        });
        let payload = caught.expect_err("the crew thread's panic comes back");
        let message = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or_default();
        assert!(message.contains("a part with 0"), "{message:?}");
    }

    #[test]
    fn even_parts_are_contiguous_and_none_is_empty() {
        for (len, parts) in [(10, 3), (9, 3), (2, 4), (256, 2), (257, 2), (1, 1), (5, 8)] {
            let items: Vec<u32> = (0..len).collect();
            let split: Vec<&[u32]> = even_parts(&items, parts).collect();
            assert_eq!(split.len(), parts.min(len as usize), "{len} in {parts}");
            assert_eq!(split.concat(), items, "{len} in {parts}");
            let lengths: Vec<usize> = split.iter().map(|p| p.len()).collect();
            assert!(lengths.windows(2).all(|w| w[0] >= w[1] && w[0] - w[1] <= 1), "{lengths:?}");
            assert!(lengths.iter().all(|&l| l > 0), "{lengths:?}");
        }
    }
}
