//! The hash and the generator that variants are drawn with, both fully specified so that the
//! same exercise id and variant give the same numbers on every machine, in every version.
//!
//! - [`fnv1a`]: 64-bit FNV-1a over UTF-8 bytes (offset basis 0xcbf29ce484222325, prime
//!   0x100000001b3), as published by Fowler, Noll and Vo. std's `DefaultHasher` is not used: its
//!   algorithm is unspecified and may change between Rust versions.
//! - [`SplitMix64`]: Steele, Lea and Flood's generator (state += 0x9e3779b97f4a7c15, then the
//!   mix with 0xbf58476d1ce4e5b9 and 0x94d049bb133111eb), the seeding generator of Java's
//!   `SplittableRandom` and of xoshiro.
//! - [`SplitMix64::below`]: a whole number in `0..n` by the multiply-high reduction
//!   (`(x · n) >> 64` on 128 bits), which needs no platform-dependent arithmetic.
//!
//! Known-answer tests below pin the outputs.

/// 64-bit FNV-1a of `bytes`, and the generator: the answer language's own (`math::sample`,
/// which seeds sample points with them), pinned here by the known-answer tests below.
pub use crate::math::sample::{fnv1a64 as fnv1a, SplitMix64};

/// The seed of one exercise's variant `n`: the id's hash mixed with the variant number.
pub fn variant_seed(id: &str, n: u32) -> u64 {
    fnv1a(id.as_bytes()) ^ u64::from(n).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_gives_the_published_values() {
        // From the FNV reference test vectors (www.isthe.com/chongo/tech/comp/fnv).
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn splitmix64_gives_the_reference_sequence() {
        // The reference implementation (Vigna, splitmix64.c) seeded with 0.
        let mut g = SplitMix64::new(0);
        assert_eq!(g.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(g.next_u64(), 0x6e78_9e6a_a1b9_65f4);
        assert_eq!(g.next_u64(), 0x06c4_5d18_8009_454f);
    }

    #[test]
    fn below_stays_in_range_and_reaches_both_ends() {
        let mut g = SplitMix64::new(7);
        let draws: Vec<u64> = (0..200).map(|_| g.below(3)).collect();
        assert!(draws.iter().all(|&d| d < 3));
        assert!(draws.contains(&0) && draws.contains(&2));
        assert_eq!(SplitMix64::new(1).below(0), 0);
    }
}
