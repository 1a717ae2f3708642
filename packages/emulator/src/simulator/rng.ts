/**
 * A seeded pseudo-random stream. Emulators draw every "random" thing (queue waits, run times,
 * ids, injected faults) from one of these so a run with the same seed replays exactly, which is
 * what makes emulator-backed tests and benchmarks repeatable.
 */
export interface Rng {
  /** The 32-bit seed this stream started from; `fork` derives children from it. */
  readonly seed: number
  /** Uniform in [0, 1). */
  next(): number
  /** Uniform integer in [min, max], both ends included. */
  int(min: number, max: number): number
  /** A uniformly chosen element; throws on an empty array, since there is nothing to return. */
  pick<T>(items: readonly T[]): T
  /** Standard normal (mean 0, standard deviation 1), by Box-Muller. */
  normal(): number
  /** Log-normal with the given median and log-space standard deviation `sigma`. */
  logNormal(median: number, sigma: number): number
  /** Uniform in [a, b). */
  uniform(a: number, b: number): number
  /**
   * An independent stream derived only from this stream's seed and `label`, never from how many
   * values were drawn so far: job N's draws stay the same however many other calls happened.
   */
  fork(label: string): Rng
}

const UINT32 = 0x1_0000_0000

/** Folds any finite number into a 32-bit unsigned seed, keeping high bits from large seeds. */
function toSeed(seed: number): number {
  if (!Number.isFinite(seed)) throw new RangeError(`createRng: seed must be finite, got ${seed}`)
  const whole = Math.floor(Math.abs(seed))
  return ((whole % UINT32) ^ Math.floor(whole / UINT32) ^ (seed < 0 ? 0x9e3779b9 : 0)) >>> 0
}

/** MurmurHash3's finalizer: spreads every input bit over the output. */
function mix32(value: number): number {
  let h = value >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/** FNV-1a over the label's UTF-16 units, started from the parent seed, then mixed. */
function hashLabel(seed: number, label: string): number {
  let h = mix32(seed ^ 0x811c9dc5)
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193)
  return mix32(h)
}

/**
 * Creates a deterministic stream (mulberry32: tiny, fast, and good enough for simulation; not
 * for secrets).
 */
export function createRng(seed: number): Rng {
  const base = toSeed(seed)
  let state = base
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / UINT32
  }
  const normal = (): number => {
    // 1 - next() is in (0, 1], so the logarithm is always finite.
    const u = 1 - next()
    const v = next()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }
  return {
    seed: base,
    next,
    int(min, max) {
      const lo = Math.ceil(min)
      const hi = Math.floor(max)
      if (hi < lo) throw new RangeError(`rng.int: empty range [${min}, ${max}]`)
      return lo + Math.floor(next() * (hi - lo + 1))
    },
    pick(items) {
      if (items.length === 0) throw new RangeError('rng.pick: cannot pick from an empty array')
      return items[Math.floor(next() * items.length)] as (typeof items)[number]
    },
    normal,
    logNormal: (median, sigma) => median * Math.exp(sigma * normal()),
    uniform: (a, b) => a + (b - a) * next(),
    fork: (label) => createRng(hashLabel(base, label)),
  }
}
