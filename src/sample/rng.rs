//! Randomness: SplitMix64, one independent stream per (seed, collection, index).

use super::DUP_PCT;
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: u64, tag: &str, index: u64) -> Rng {
        // FNV-1a of the tag, mixed with the seed and the index.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in tag.bytes() {
            h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
        let mut r = Rng(seed ^ h.rotate_left(17) ^ index.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        r.next();
        r
    }

    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// 0..n (n > 0).
    pub(super) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// lo..hi, hi exclusive (hi > lo).
    pub(super) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo) as u64) as i64
    }

    pub(super) fn pct(&mut self, p: u64) -> bool {
        self.below(100) < p
    }

    pub(super) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    /// A random (version 4) UUID.
    pub(super) fn uuid(&mut self) -> String {
        let (a, b) = (self.next(), self.next());
        let a = (a & !0xf000) | 0x4000;
        let b = (b & !(0xc << 60)) | (0x8 << 60);
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xffff,
            b >> 48,
            b & 0xffff_ffff_ffff
        )
    }

    /// The number of older versions of a document: none for most.
    pub(super) fn older_versions(&mut self) -> usize {
        if self.pct(DUP_PCT) {
            1 + self.below(2) as usize
        } else {
            0
        }
    }
}

/// Lower case, padded with spaces, or as is: the casing dirt of hand-typed codes.
pub(super) fn odd_case(r: &mut Rng, s: &str, pct: u64) -> String {
    if !r.pct(pct) {
        return s.to_string();
    }
    match r.below(3) {
        0 => s.to_lowercase(),
        1 => format!(" {s} "),
        _ => format!(" {}", s.to_lowercase()),
    }
}
