import { round } from '../lib/stats.js'
import { type LoadOptions, type LoadResult, type LoadRun, loadRun, summarize } from './load.js'
import { type ChildServer, childCpu } from './processes.js'

/** One thing to load: the request, and the server processes whose CPU each request costs. */
export interface LoadTarget {
  load: Omit<LoadOptions, 'seconds' | 'connections'>
  servers: readonly ChildServer[]
}

/** What a target got over every round. */
export interface TargetResult {
  load: LoadResult
  /** CPU milliseconds per request of each of the target's servers, in their order. */
  cpuMsPerRequest: number[]
}

/**
 * Loads the targets in turn, `rounds` times over (a, b, c, a, b, c, ...), measuring each
 * server's CPU over exactly its target's runs. Interleaving spreads whatever else the shared
 * machine does over every target alike, so ratios between them hold better than after one long
 * run of each, one after the other.
 */
export async function loadInterleaved<K extends string>(
  targets: Record<K, LoadTarget>,
  options: { rounds: number; seconds: number; connections: number },
): Promise<Record<K, TargetResult>> {
  const names = Object.keys(targets) as K[]
  const runs = new Map<K, LoadRun[]>(names.map((n) => [n, []]))
  const cpuUs = new Map<K, number[]>(names.map((n) => [n, targets[n].servers.map(() => 0)]))
  for (let r = 0; r < options.rounds; r++) {
    for (const name of names) {
      const { load, servers } = targets[name]
      const before = await Promise.all(servers.map(childCpu))
      runs
        .get(name)
        ?.push(
          await loadRun({ ...load, seconds: options.seconds, connections: options.connections }),
        )
      const after = await Promise.all(servers.map(childCpu))
      const total = cpuUs.get(name) as number[]
      servers.forEach((_, i) => {
        total[i] = (total[i] as number) + (after[i] as number) - (before[i] as number)
      })
    }
  }
  const out = {} as Record<K, TargetResult>
  for (const name of names) {
    const merged = summarize(runs.get(name) ?? [])
    out[name] = {
      load: merged,
      cpuMsPerRequest: (cpuUs.get(name) ?? []).map((us) =>
        round(us / 1000 / Math.max(1, merged.requests), 3),
      ),
    }
  }
  return out
}
