import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { type MachineInfo, machineInfo } from './lib/machine.js'
import { round } from './lib/stats.js'
import { formatTable } from './lib/table.js'

const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..')
const ROOT = join(BENCH_DIR, '..')

/** One bundle's size. */
export interface BundleSize {
  entry: string
  rawBytes: number
  gzipBytes: number
  /** gzip size relative to the Darkroom client's remote entry (null when that is missing). */
  vsClient: number | null
}

/** Issue #13's aim: the client's remote entry, as first loaded, at most this many gzip bytes. */
export const CLIENT_AIM_BYTES = 14 * 1024

/** The client's first load against its aim. */
export interface SizeAim {
  gzipBytes: number | null
  aimBytes: number
  met: boolean
}

/** What `runSize` returns and `results/size.json` holds. */
export interface SizeResults {
  /** The remote entry as first loaded (its polling fallback split off) against the aim. */
  clientAim: SizeAim
  bundles: Record<string, BundleSize | { entry: string; missing: string }>
  /** How many times larger each competitor's gzipped bundle is than the client's remote entry. */
  ratios: Record<string, number | null>
  settings: { esbuild: string; gzip: string }
  machine: MachineInfo
}

interface Target {
  name: string
  entry: string
  /** A file to bundle, or the source of a virtual entry resolved from `bench/`. */
  file?: string
  contents?: string
  conditions: string[]
  /** Imports left out of the bundle (dynamically imported modules a bundler would split off). */
  external?: string[]
}

const SOURCE = '@darkroom/source'

const TARGETS: Target[] = [
  {
    name: 'darkroom-client',
    entry: '@darkroom/client (remote entry, packages/client/src/index.ts)',
    file: join(ROOT, 'packages/client/src/index.ts'),
    conditions: [SOURCE],
  },
  {
    name: 'darkroom-client-first-load',
    entry:
      '@darkroom/client remote entry as first loaded (its polling fallback and uploads are dynamic imports)',
    file: join(ROOT, 'packages/client/src/index.ts'),
    conditions: [SOURCE],
    external: ['./poll-watch.js', './upload-call.js'],
  },
  {
    name: 'darkroom-worker',
    entry: 'gateway Worker (apps/api/src/runtimes/worker.ts)',
    file: join(ROOT, 'apps/api/src/runtimes/worker.ts'),
    // What wrangler resolves for workerd; workerd's own modules are its runtime's.
    conditions: [SOURCE, 'workerd', 'worker'],
    external: ['cloudflare:*'],
  },
  {
    name: '@fal-ai/client',
    entry: "export * from '@fal-ai/client'",
    contents: "export * from '@fal-ai/client'\n",
    conditions: [],
  },
  {
    name: 'replicate',
    entry: "export { default } from 'replicate'",
    contents: "import Replicate from 'replicate'\nexport default Replicate\n",
    conditions: [],
  },
]

async function bundle(target: Target): Promise<Uint8Array> {
  const result = await build({
    ...(target.file
      ? { entryPoints: [target.file] }
      : {
          stdin: {
            contents: target.contents ?? '',
            resolveDir: BENCH_DIR,
            sourcefile: 'entry.js',
            loader: 'js',
          },
        }),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: target.conditions,
    external: target.external ?? [],
    write: false,
    logLevel: 'silent',
  })
  const out = result.outputFiles[0]
  if (!out) throw new Error(`esbuild produced nothing for ${target.name}`)
  return out.contents
}

/**
 * The size benchmark: each entry bundled the same way in the same run (esbuild, minified, ESM,
 * browser platform), gzipped at level 9. The client's entry is reported missing, not failed,
 * while the package is still being written.
 */
export async function runSize(_options: { smoke: boolean }): Promise<SizeResults> {
  const bundles: SizeResults['bundles'] = {}
  const sizes = new Map<string, number>()
  for (const target of TARGETS) {
    if (target.file && !existsSync(target.file)) {
      bundles[target.name] = { entry: target.entry, missing: `${target.file} does not exist yet` }
      continue
    }
    try {
      const code = await bundle(target)
      const gzipBytes = gzipSync(code, { level: 9 }).length
      sizes.set(target.name, gzipBytes)
      bundles[target.name] = {
        entry: target.entry,
        rawBytes: code.length,
        gzipBytes,
        vsClient: null,
      }
    } catch (error) {
      bundles[target.name] = {
        entry: target.entry,
        missing: `could not be bundled: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      }
    }
  }
  const client = sizes.get('darkroom-client') ?? null
  const ratios: SizeResults['ratios'] = {}
  for (const [name, gzip] of sizes) {
    const b = bundles[name] as BundleSize
    b.vsClient = client ? round(gzip / client, 2) : null
    if (name !== 'darkroom-client') ratios[name] = b.vsClient
  }
  const firstLoad = sizes.get('darkroom-client-first-load') ?? null
  return {
    clientAim: {
      gzipBytes: firstLoad,
      aimBytes: CLIENT_AIM_BYTES,
      met: firstLoad !== null && firstLoad <= CLIENT_AIM_BYTES,
    },
    bundles,
    ratios,
    settings: {
      esbuild:
        'bundle, minify, format esm, platform browser, target es2022 (workspace packages from source)',
      gzip: 'zlib level 9',
    },
    machine: machineInfo(),
  }
}

/** The readable report. */
export function reportSize(r: SizeResults): string {
  const kib = (n: number) => round(n / 1024, 1)
  const rows = Object.entries(r.bundles).map(([name, b]) =>
    'missing' in b
      ? [name, 'missing', '', '', b.missing]
      : [
          name,
          kib(b.rawBytes),
          kib(b.gzipBytes),
          b.vsClient === null ? '' : `${b.vsClient}×`,
          b.entry,
        ],
  )
  return [
    `Bundle sizes (${r.settings.esbuild}; gzip ${r.settings.gzip}).`,
    formatTable(['bundle', 'min KiB', 'gzip KiB', 'vs client', 'entry'], rows),
    '',
    'Aim of issue #13 (the remote entry as first loaded)',
    formatTable(
      ['bundle', 'gzip KiB', 'aim', 'met'],
      [
        [
          'darkroom-client-first-load',
          r.clientAim.gzipBytes === null ? 'missing' : kib(r.clientAim.gzipBytes),
          `≤${kib(r.clientAim.aimBytes)}`,
          r.clientAim.met ? 'yes' : 'NO',
        ],
      ],
    ),
  ].join('\n')
}
