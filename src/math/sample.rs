//! Deterministic sample points over a domain box.
//!
//! The checker compares a student's expression with the truth at points drawn from the exercise's
//! domain. The points must be reproducible (the same verdict every time for the same exercise and
//! answer) yet spread over the whole box and never only integers or the centre, so that an answer
//! which agrees with the truth at 0, ±1, ±2 or at every integer is still caught.
//!
//! [`Sampler`] yields a Halton sequence (bases 2, 3, 5, 7, ...) with a Cranley–Patterson rotation:
//! each coordinate is shifted by a fixed pseudo-random offset derived from a seed (usually
//! [`seed_from`] of the exercise id), modulo 1. In one dimension the first `2^k` points fall one
//! in each of `2^k` equal slices of the interval; in more dimensions the sequence has low
//! discrepancy, so any sizeable region of the box receives points.
//!
//! A small region at a corner or along an edge is not sizeable, so [`boundary_sites`] adds the
//! box's corners and points along its edges, which the checker tries before the interior.

/// FNV-1a, 64 bits: a stable hash of a string (unlike `std`'s hasher, it never changes).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The seed for an exercise's sample points: a hash of its id.
pub fn seed_from(id: &str) -> u64 {
    fnv1a64(id.as_bytes())
}

/// SplitMix64: a small, fast, well-mixed deterministic generator.
#[derive(Clone, Debug)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`, 53 bits.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A whole number in `0..n` (0 when `n` is 0), by the multiply-high reduction
    /// (`(x · n) >> 64` on 128 bits), which needs no platform-dependent arithmetic.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }
}

const PRIMES: [u64; 16] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53];

/// The radical inverse of `index` in `base`: the `index`-th term of the van der Corput sequence.
pub fn radical_inverse(mut index: u64, base: u64) -> f64 {
    let inv = 1.0 / base as f64;
    let mut f = inv;
    let mut r = 0.0;
    while index > 0 {
        r += f * (index % base) as f64;
        index /= base;
        f *= inv;
    }
    r
}

/// An endless, deterministic stream of points in a box.
#[derive(Clone, Debug)]
pub struct Sampler {
    ranges: Vec<(f64, f64)>,
    shifts: Vec<f64>,
    index: u64,
}

impl Sampler {
    /// Points in the box `ranges` (one `(low, high)` per coordinate), seeded by `seed`.
    /// Coordinates lie strictly inside each interval when it has positive width.
    pub fn new(ranges: &[(f64, f64)], seed: u64) -> Self {
        let mut rng = SplitMix64::new(seed);
        let shifts = ranges.iter().map(|_| rng.next_f64()).collect();
        Sampler {
            ranges: ranges.to_vec(),
            shifts,
            index: 0,
        }
    }

    /// The number of coordinates of each point.
    pub fn dim(&self) -> usize {
        self.ranges.len()
    }

    /// Writes the next point into `out` (which must have `dim()` elements).
    pub fn next_into(&mut self, out: &mut [f64]) {
        let i = self.index;
        self.index += 1;
        for (d, slot) in out.iter_mut().enumerate().take(self.ranges.len()) {
            let base = PRIMES[d % PRIMES.len()];
            // Dimensions beyond the prime table reuse a base with a different index stride,
            // which keeps them deterministic; real exercises have far fewer variables.
            let idx = i + (d / PRIMES.len()) as u64 * 7919;
            let mut u = radical_inverse(idx, base) + self.shifts[d];
            if u >= 1.0 {
                u -= 1.0;
            }
            // Keep clear of the endpoints: functions are often undefined exactly there.
            let u = 0.001 + 0.998 * u;
            let (lo, hi) = self.ranges[d];
            *slot = lo + u * (hi - lo);
        }
    }
}

impl Iterator for Sampler {
    type Item = Vec<f64>;

    fn next(&mut self) -> Option<Vec<f64>> {
        let mut p = vec![0.0; self.ranges.len()];
        self.next_into(&mut p);
        Some(p)
    }
}

/// A point on the boundary of a box, and the same point moved just inside (by the margin the
/// [`Sampler`] keeps from the endpoints), for functions undefined exactly on the boundary.
#[derive(Clone, Debug, PartialEq)]
pub struct BoundarySite {
    pub exact: Vec<f64>,
    pub inset: Vec<f64>,
}

/// Points on the boundary of the box `ranges`, so that a mistake confined to a corner or an edge
/// strip (a small share of the box's area, easily missed by the interior points) is caught:
/// - one coordinate: both endpoints;
/// - two: the four corners, and one point along each edge (placed by `seed`, not at its middle);
/// - three: the eight corners;
/// - more: none (the corners would crowd out the interior).
///
/// A coordinate whose interval has no width is left at its value.
pub fn boundary_sites(ranges: &[(f64, f64)], seed: u64) -> Vec<BoundarySite> {
    let d = ranges.len();
    if d == 0 || d > 3 {
        return Vec::new();
    }
    let at = |u: f64, (lo, hi): (f64, f64)| lo + u * (hi - lo);
    let site = |us: &[f64]| {
        let exact = us.iter().zip(ranges).map(|(&u, &r)| at(u, r)).collect();
        let inset = us
            .iter()
            .zip(ranges)
            .map(|(&u, &r)| at(0.001 + 0.998 * u, r))
            .collect();
        BoundarySite { exact, inset }
    };
    let mut sites: Vec<BoundarySite> = (0..1usize << d)
        .map(|corner| {
            let us: Vec<f64> = (0..d).map(|k| ((corner >> k) & 1) as f64).collect();
            site(&us)
        })
        .collect();
    if d == 2 {
        // Along each edge, a position from the seed (distinct per edge, never a round fraction).
        let mut rng = SplitMix64::new(seed ^ 0x5bd1_e995);
        for (free, fixed) in [(0, 0.0), (0, 1.0), (1, 0.0), (1, 1.0)] {
            let t = 0.15 + 0.7 * rng.next_f64();
            let mut us = [fixed, fixed];
            us[free] = t;
            sites.push(site(&us));
        }
    }
    if ranges.iter().any(|(lo, hi)| hi <= lo) {
        // A zero-width interval makes corners coincide: keep each point once.
        let mut unique: Vec<BoundarySite> = Vec::new();
        for s in sites {
            if !unique.iter().any(|u| u.exact == s.exact) {
                unique.push(s);
            }
        }
        return unique;
    }
    sites
}

/// The first `n` points of a [`Sampler`].
pub fn points(ranges: &[(f64, f64)], seed: u64, n: usize) -> Vec<Vec<f64>> {
    Sampler::new(ranges, seed).take(n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_is_stable() {
        // Reference values of FNV-1a 64.
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn same_seed_same_points_and_different_seed_different_points() {
        let r = [(-3.0, 3.0), (0.5, 2.0)];
        assert_eq!(points(&r, 7, 20), points(&r, 7, 20));
        assert_ne!(points(&r, 7, 20), points(&r, 8, 20));
    }

    #[test]
    fn points_stay_inside_and_avoid_integers() {
        let r = [(-3.0, 3.0), (1.0, 1.5)];
        for p in points(&r, seed_from("poly-first"), 500) {
            assert!(p[0] > -3.0 && p[0] < 3.0, "{p:?}");
            assert!(p[1] > 1.0 && p[1] < 1.5, "{p:?}");
            assert!(p[0].fract() != 0.0);
        }
    }

    #[test]
    fn one_dimension_fills_every_slice() {
        let pts = points(&[(0.0, 1.0)], seed_from("x"), 32);
        let mut slices = [0usize; 32];
        for p in &pts {
            // The endpoint margin (0.1%) can move a point across a slice boundary by at most
            // 0.001, so count slices of the unshrunk coordinate.
            let u = ((p[0] - 0.001) / 0.998).clamp(0.0, 0.999_999);
            slices[(u * 32.0) as usize] += 1;
        }
        assert!(slices.iter().all(|&c| c == 1), "{slices:?}");
    }

    #[test]
    fn two_dimensions_cover_every_quadrant_cell() {
        // A 4x4 grid over the box: 48 Halton points leave no cell empty.
        let pts = points(&[(-3.0, 3.0), (-3.0, 3.0)], seed_from("grad"), 48);
        let mut cells = [0usize; 16];
        for p in &pts {
            let i = (((p[0] + 3.0) / 6.0 * 4.0) as usize).min(3);
            let j = (((p[1] + 3.0) / 6.0 * 4.0) as usize).min(3);
            cells[i * 4 + j] += 1;
        }
        assert!(cells.iter().all(|&c| c > 0), "{cells:?}");
    }

    #[test]
    fn boundary_sites_are_the_corners_and_a_point_on_each_edge() {
        let r = [(-3.0, 3.0), (0.5, 2.0)];
        let sites = boundary_sites(&r, seed_from("grad"));
        assert_eq!(sites.len(), 8);
        for (k, corner) in [[-3.0, 0.5], [3.0, 0.5], [-3.0, 2.0], [3.0, 2.0]]
            .iter()
            .enumerate()
        {
            assert_eq!(sites[k].exact, corner.to_vec());
        }
        let on_edge = |p: &[f64]| p[0] == -3.0 || p[0] == 3.0 || p[1] == 0.5 || p[1] == 2.0;
        for s in &sites {
            assert!(on_edge(&s.exact), "{s:?}");
            assert!(s.inset[0] > -3.0 && s.inset[0] < 3.0, "{s:?}");
            assert!(s.inset[1] > 0.5 && s.inset[1] < 2.0, "{s:?}");
        }
        // Each edge gets a point that is not a corner.
        for test in [
            |p: &[f64]| p[1] == 0.5,
            |p: &[f64]| p[1] == 2.0,
            |p: &[f64]| p[0] == -3.0,
            |p: &[f64]| p[0] == 3.0,
        ] {
            assert_eq!(sites.iter().filter(|s| test(&s.exact)).count(), 3);
        }
        assert_eq!(boundary_sites(&[(0.0, 1.0)], 1).len(), 2);
        assert_eq!(boundary_sites(&[(0.0, 1.0); 3], 1).len(), 8);
        assert!(boundary_sites(&[(0.0, 1.0); 4], 1).is_empty());
        assert_eq!(boundary_sites(&[(0.0, 1.0), (2.0, 2.0)], 1).len(), 4);
    }

    #[test]
    fn degenerate_interval_gives_its_value() {
        let p = points(&[(2.0, 2.0)], 1, 3);
        assert!(p.iter().all(|q| q[0] == 2.0));
    }
}
