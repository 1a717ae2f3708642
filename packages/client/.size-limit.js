// size-limit checks of the client's entries (gzip, dependencies included), run by `pnpm build`.
// The remote entry loads its polling fallback (core's whole engine) only when a gateway's event
// stream is unavailable (a dynamic import, split off by any bundler), so it is measured twice:
// as what loads first, and with the fallback.
export default [
  {
    name: '@darkroom/client (remote entry as first loaded, ky included)',
    path: 'dist/index.js',
    gzip: true,
    // The fallback's module stays an import, as a bundler splitting the dynamic import does.
    ignore: ['./poll-watch.js'],
    limit: '14.6 KiB',
  },
  {
    name: '@darkroom/client (remote entry with its polling fallback)',
    path: 'dist/index.js',
    gzip: true,
    limit: '21.5 KiB',
  },
  {
    name: '@darkroom/client/direct',
    path: 'dist/direct.js',
    gzip: true,
    limit: '40.5 KiB',
  },
  {
    name: "@darkroom/client/wire (the gateway's schemas, no transport)",
    path: 'dist/wire/index.js',
    gzip: true,
    limit: '6 KiB',
  },
  {
    name: 'ky alone, for reference (its whole entry)',
    path: 'node_modules/ky/distribution/index.js',
    gzip: true,
    limit: '5.5 KiB',
  },
]
