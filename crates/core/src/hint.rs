//! Hints to the processor for the stages' hot loops: they change no result.

/// Ask the processor to bring `value`'s cache line in, without waiting for it. A loop that is
/// about to read many places at random asks for all of them first, so that the reads overlap
/// instead of waiting one after another.
#[inline(always)]
pub fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch reads nothing the program sees and cannot fault; the pointer comes
    // from a reference, so it is valid anyway.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>((value as *const T).cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}
