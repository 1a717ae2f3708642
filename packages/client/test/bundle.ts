// Bundles entries the way an app's bundler would (esbuild, for browsers, from source).
import { gzipSync } from 'node:zlib'
import * as esbuild from 'esbuild'

/** Bundles an entry for browsers the way an app's bundler would, from source. */
export async function bundle(entry: string) {
  const result = await esbuild.build({
    entryPoints: [new URL(entry, import.meta.url).pathname],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['@darkroom/source'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  const code = result.outputFiles[0]?.contents ?? new Uint8Array()
  // Modules that end up in the output (parsed-then-shaken ones are in `metafile.inputs` too).
  const output = Object.values(result.metafile.outputs)[0]
  const inputs = Object.entries(output?.inputs ?? {})
    .filter(([, info]) => info.bytesInOutput > 0)
    .map(([path]) => path)
  return { code, inputs, gzip: gzipSync(code).length }
}
