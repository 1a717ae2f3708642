import type { GatewayMetrics } from '../jobs/gateway-jobs.js'

/** The media type of Prometheus' text exposition format, version 0.0.4. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

type Labels = Record<string, string>

/** One metric family: its name, help, type and samples (labels and value). */
interface Family {
  name: string
  help: string
  type: 'counter' | 'gauge'
  samples: { labels: Labels; value: number }[]
}

/** A label value as the format quotes it: backslash, double quote and line feed escaped. */
function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`
}

/** A sample value: the format spells infinities `+Inf` and `-Inf`. */
function number(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf'
  if (value === Number.NEGATIVE_INFINITY) return '-Inf'
  return Number.isNaN(value) ? 'NaN' : String(value)
}

function render(family: Family): string {
  const lines = [`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`]
  for (const { labels, value } of family.samples) {
    const pairs = Object.entries(labels).map(([k, v]) => `${k}=${quote(v)}`)
    lines.push(`${family.name}${pairs.length ? `{${pairs.join(',')}}` : ''} ${number(value)}`)
  }
  return lines.join('\n')
}

/**
 * `GatewayMetrics` in Prometheus' text exposition format: `# HELP` and `# TYPE` before each
 * family, counters named `_total`, one line per sample, a line feed at the end. A provider
 * without a rate limit reports its budget as `+Inf`.
 */
export function formatPrometheus(metrics: GatewayMetrics): string {
  const families: Family[] = [
    {
      name: 'darkroom_upstream_requests_total',
      help: 'Upstream HTTP requests to providers, by provider, call and outcome.',
      type: 'counter',
      samples: metrics.upstream.map((r) => ({
        labels: { provider: r.provider, call: r.call, outcome: r.outcome },
        value: r.count,
      })),
    },
    {
      name: 'darkroom_jobs_tracked',
      help: 'Unfinished jobs the scheduler holds, by provider and state.',
      type: 'gauge',
      samples: metrics.jobs.map((r) => ({
        labels: { provider: r.provider, state: r.state },
        value: r.count,
      })),
    },
    {
      name: 'darkroom_watchers',
      help: 'Open watches of jobs (event streams), by provider.',
      type: 'gauge',
      samples: metrics.watchers.map((r) => ({ labels: { provider: r.provider }, value: r.count })),
    },
    {
      name: 'darkroom_budget_requests_per_second',
      help: "A provider's status-request budget, requests per second (+Inf: unlimited).",
      type: 'gauge',
      samples: metrics.budget.map((r) => ({
        labels: { provider: r.provider },
        value: r.requestsPerSecond ?? Number.POSITIVE_INFINITY,
      })),
    },
    {
      name: 'darkroom_budget_spent_total',
      help: "Status requests spent from a provider's budget.",
      type: 'counter',
      samples: metrics.budget.map((r) => ({ labels: { provider: r.provider }, value: r.spent })),
    },
  ]
  return `${families.map(render).join('\n')}\n`
}
