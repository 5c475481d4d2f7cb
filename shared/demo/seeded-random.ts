/**
 * A small seeded PRNG (mulberry32) so the demo and the benchmark workspace are the same on every
 * machine and every run: tests can assert exact figures.
 */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  next: () => number;
  /** Uniform integer in [min, max], both included. */
  int: (min: number, max: number) => number;
  /** A new array in a random order (Fisher-Yates). */
  shuffle: <T>(items: readonly T[]) => T[];
}

export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(0, i);
      const a = out[i] as T; // i and j are within bounds
      out[i] = out[j] as T;
      out[j] = a;
    }
    return out;
  };
  return { next, int, shuffle };
}
