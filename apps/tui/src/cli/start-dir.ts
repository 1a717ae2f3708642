/**
 * The directory the user started the command from, for `./darkroom-images` and relative `--out`
 * paths. `pnpm darkroom` and `pnpm start` run the script in `apps/tui`, but pnpm keeps the
 * user's directory in `INIT_CWD`; run any other way, it is the process's own.
 */
export function startDir(env: Record<string, string | undefined>, cwd: string): string {
  const init = env.INIT_CWD?.trim()
  return init ? init : cwd
}
