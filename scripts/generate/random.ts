/** Seeded randomness for the synthetic data generators (articles and GKG): the same seed, the same output, on every platform. */

/** mulberry32: small, fast, good enough for synthetic data, and the same on every platform. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = () => number;
export const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1)); // inclusive
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/** Samples 1..n with P(k) ∝ 1/k^s, then maps rank to a shuffled id so popular ids are spread out. */
export function zipf(r: Rand, n: number, s: number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 1; k <= n; k++) cdf[k - 1] = sum += 1 / Math.pow(k, s);
  for (let k = 0; k < n; k++) cdf[k] /= sum;
  const idOfRank = new Int32Array(n);
  for (let i = 0; i < n; i++) idOfRank[i] = i + 1;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [idOfRank[i], idOfRank[j]] = [idOfRank[j], idOfRank[i]];
  }
  return () => {
    const u = r();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return idOfRank[lo];
  };
}

