import { reportCapacity, runCapacity } from './capacity.js'
import { reportCore, runCore } from './core.js'
import { reportGateway, runGateway } from './gateway.js'
import { reportHub, runHub } from './hub.js'
import { reportPolling, runPolling } from './polling.js'
import { reportSize, runSize } from './size.js'
import { reportTui, runTui } from './tui.js'

/** A benchmark: a run that returns its results object, and a readable report of it. */
export interface Benchmark<R> {
  run(options: { smoke: boolean }): Promise<R>
  report(result: R): string
}

const define = <R>(b: Benchmark<R>): Benchmark<R> => b

/** Every benchmark, in the order `pnpm bench` runs them. */
export const BENCHMARKS = {
  polling: define({ run: runPolling, report: reportPolling }),
  capacity: define({ run: runCapacity, report: reportCapacity }),
  gateway: define({ run: runGateway, report: reportGateway }),
  size: define({ run: runSize, report: reportSize }),
  core: define({ run: runCore, report: reportCore }),
  tui: define({ run: runTui, report: reportTui }),
  hub: define({ run: runHub, report: reportHub }),
}

export type BenchmarkName = keyof typeof BENCHMARKS

export function isBenchmarkName(name: string): name is BenchmarkName {
  return Object.hasOwn(BENCHMARKS, name)
}
