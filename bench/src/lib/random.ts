import { createRng } from '@darkroom/emulator'

/** A seeded uniform source in [0, 1), so every run of a benchmark draws the same workload. */
export function seededRandom(seed: number, label: string): () => number {
  const rng = createRng(seed).fork(label)
  return () => rng.next()
}

/** An exponential draw with the given mean, from a uniform source (inter-arrival times). */
export function exponential(random: () => number, meanMs: number): number {
  return -meanMs * Math.log(1 - random())
}
