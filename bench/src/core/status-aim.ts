import type { ProviderId } from '@darkroom/core'
import { round } from '../lib/stats.js'
import { fmt, formatTable } from '../lib/table.js'

/**
 * CPU per `adapter.status` call before the hot-path work of issue #13 (core at dc0faf5: Web
 * Crypto for every hash, a `Request` per attempt, a cancelled `sleep` per attempt's timeout, the
 * job id re-encoded per snapshot). Measured on the AMD EPYC benchmark machine (2 cores shared
 * with other work, Node 20.20.2) with this benchmark's own method (the canned answer of
 * `cannedStatus`, the median of rounds of 1000 calls), the old core and the new one alternating
 * round by round in one process so both saw the same machine: the median of four such runs, whose
 * own medians spread 711-795 (aicontent), 602-676 (speedpix) and 499-589 µs (aidge). The
 * previous method of this benchmark (one average over 5000 calls) gave 695-822, 517-648 and
 * 500-640 µs in two runs the same day, and the issue quotes 684-884 µs on this machine.
 */
export const STATUS_BASELINE = {
  commit: 'dc0faf5',
  cpuUs: { aicontent: 767, speedpix: 639, aidge: 535 } satisfies Record<ProviderId, number>,
}

/** Issue #13's aim: at least this many times less CPU per status call than the baseline. */
export const STATUS_AIM = 4

/** One provider's status call against the baseline. */
export interface StatusAimRow {
  provider: string
  baselineUs: number
  nowUs: number
  /** Baseline divided by now. */
  lessCpu: number
  met: boolean
}

/** What `results/core.json` holds about the aim. */
export interface StatusAim {
  aim: number
  baselineCommit: string
  rows: StatusAimRow[]
  /** Every provider at the aim or better. */
  met: boolean
}

/** Compares this run's CPU per status call (median µs by provider) with the stored baseline. */
export function statusAim(nowUs: Record<string, number>): StatusAim {
  const rows = Object.entries(STATUS_BASELINE.cpuUs).map(([provider, baselineUs]) => {
    const now = nowUs[provider] ?? Number.NaN
    const lessCpu = round(baselineUs / now, 2)
    return { provider, baselineUs, nowUs: now, lessCpu, met: lessCpu >= STATUS_AIM }
  })
  return {
    aim: STATUS_AIM,
    baselineCommit: STATUS_BASELINE.commit,
    rows,
    met: rows.every((r) => r.met),
  }
}

/** The aim's table and a line saying whether it is met, and by how much it is missed if not. */
export function reportStatusAim(a: StatusAim): string {
  const table = formatTable(
    ['status call', `baseline µs (${a.baselineCommit}, stored)`, 'now µs', 'less CPU', 'aim'],
    a.rows.map((r) => [
      r.provider,
      r.baselineUs,
      r.nowUs,
      `${fmt(r.lessCpu)}×`,
      `≥ ${a.aim}× ${r.met ? 'met' : 'missed'}`,
    ]),
  )
  const missed = a.rows.filter((r) => !r.met)
  const verdict =
    missed.length === 0
      ? `Aim met: every status call costs at least ${a.aim}× less CPU than at ${a.baselineCommit}.`
      : `Aim missed for ${missed
          .map(
            (r) =>
              `${r.provider} at ${fmt(r.lessCpu)}× (${fmt(r.nowUs)} µs; the aim needs ≤ ${fmt(r.baselineUs / a.aim)} µs, ${fmt(r.nowUs - r.baselineUs / a.aim)} µs over)`,
          )
          .join(', ')}.`
  return [
    "CPU per status call against the baseline (each the median of rounds of sequential calls; the aim is issue #13's).",
    table,
    verdict,
  ].join('\n')
}
