// size-limit checks of the client's entries (gzip, dependencies included), run by `pnpm build`.
// The remote entry loads its polling fallback (core's whole engine) only when a gateway's event
// stream is unavailable (a dynamic import, split off by any bundler), so it is measured twice:
// as what loads first, and with the fallback. Uploads (`uploads.create`) load the same way.
export default [
  {
    name: '@darkroom/client (remote entry as first loaded, ky included)',
    path: 'dist/index.js',
    gzip: true,
    // The fallback's module stays an import, as a bundler splitting the dynamic import does.
    ignore: ['./poll-watch.js', './upload-call.js'],
    limit: '14.8 KiB',
  },
  {
    name: '@darkroom/client (remote entry with its polling fallback)',
    path: 'dist/index.js',
    gzip: true,
    limit: '22.2 KiB',
  },
  {
    name: '@darkroom/client/direct',
    path: 'dist/direct.js',
    gzip: true,
    limit: '41.6 KiB',
  },
  {
    name: "@darkroom/client/wire (the gateway's schemas, no transport)",
    path: 'dist/wire/index.js',
    gzip: true,
    limit: '6 KiB',
  },
  {
    // Its own entry: exported from the root too it added 1.58 kB to the remote first load
    // (16.22 kB against 14.64), measured with size-limit on 2026-12-02.
    name: '@darkroom/client/webhooks (verifyWebhook, for receivers)',
    path: 'dist/webhooks/index.js',
    gzip: true,
    limit: '5 KiB',
  },
  {
    name: 'ky alone, for reference (its whole entry)',
    path: 'node_modules/ky/distribution/index.js',
    gzip: true,
    limit: '5.5 KiB',
  },
]
