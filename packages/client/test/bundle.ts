// Bundles entries the way an app's bundler would (esbuild, for browsers, from source).
import { gzipSync } from 'node:zlib'
import * as esbuild from 'esbuild'

/**
 * Bundles an entry for browsers the way an app's bundler would, from source. `split` splits
 * dynamic imports into chunks, as app bundlers do (the inputs are then those of every chunk);
 * without it, one file that a page can load as it is.
 */
export async function bundle(entry: string, { split = false } = {}) {
  const result = await esbuild.build({
    ...(split ? { splitting: true, outdir: '/bundle' } : {}),
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
  const outputs = Object.values(result.metafile.outputs)
  const inputs = [
    ...new Set(
      outputs.flatMap((output) =>
        Object.entries(output.inputs)
          .filter(([, info]) => info.bytesInOutput > 0)
          .map(([path]) => path),
      ),
    ),
  ]
  return { code, inputs, gzip: gzipSync(code).length }
}
