//! Byte searches for the read path, without run-time CPU detection.
//!
//! `memchr::memchr` asks std which vector instructions the CPU has the
//! first time it runs. std answers with seven CPUID instructions, and on a
//! virtual machine each one traps to the hypervisor: about 9 µs apiece on
//! the machines `scripts/bench` runs on, 60 µs of a 1.8 ms `get`, for a
//! search whose haystacks are an armor line (64 bytes) or a JSON string.
//! SSE2 is part of every x86-64 CPU, so its routines need no question, and
//! below 32 bytes memchr's AVX2 routine falls back to them anyway. Other
//! architectures keep memchr's own choice (aarch64's NEON needs no probe).

/// The first `needle` in `hay`.
#[inline]
pub(crate) fn find(needle: u8, hay: &[u8]) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    {
        // `new` answers from the compile-time target features (SSE2 is
        // always there on x86-64), so this never returns None there.
        if let Some(one) = memchr::arch::x86_64::sse2::memchr::One::new(needle) {
            return one.find(hay);
        }
    }
    memchr::memchr(needle, hay)
}

/// The first `a` or `b` in `hay`.
#[inline]
pub(crate) fn find_either(a: u8, b: u8, hay: &[u8]) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    {
        if let Some(two) = memchr::arch::x86_64::sse2::memchr::Two::new(a, b) {
            return two.find(hay);
        }
    }
    memchr::memchr2(a, b, hay)
}

/// The first place `needle` starts in `hay`: a byte search for its first
/// byte, then a comparison; None for an empty needle. For short haystacks
/// (a signature file), where a substring searcher's set-up would cost more
/// than the search.
pub(crate) fn find_slice(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, _) = needle.split_first()?;
    let mut from = 0;
    while hay.len() - from >= needle.len() {
        let at = from + find(first, &hay[from..hay.len() - needle.len() + 1])?;
        if hay[at..].starts_with(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agree_with_memchr_on_every_length_and_place() {
        // Lengths around the 16- and 32-byte vector widths, the needle at
        // each place, twice, or absent.
        for len in 0..80 {
            for at in 0..=len {
                let mut hay = vec![b'a'; len];
                if at < len {
                    hay[at] = b'\n';
                    if at + 3 < len {
                        hay[at + 3] = b'\\';
                    }
                }
                assert_eq!(find(b'\n', &hay), memchr::memchr(b'\n', &hay));
                assert_eq!(
                    find_either(b'"', b'\\', &hay),
                    memchr::memchr2(b'"', b'\\', &hay)
                );
                for start in 0..len.min(20) {
                    for nlen in 1..4 {
                        if start + nlen <= len {
                            let needle = hay[start..start + nlen].to_vec();
                            assert_eq!(
                                find_slice(&hay, &needle),
                                memchr::memmem::find(&hay, &needle),
                                "{hay:?} {needle:?}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn find_slice_edges() {
        assert_eq!(find_slice(b"", b"x"), None);
        assert_eq!(find_slice(b"abc", b""), None);
        assert_eq!(find_slice(b"ab", b"abc"), None);
        assert_eq!(find_slice(b"xx\n-END", b"\n-END"), Some(2));
        assert_eq!(find_slice(b"\n-EN\n-END", b"\n-END"), Some(4));
    }
}
