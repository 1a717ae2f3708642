import { JobStateSchema, PROVIDER_IDS } from '@darkroom/core'
import { Command, CommanderError, Option } from 'commander'
// Only types from the connection, history and commands: they load the clients and emulators,
// which `--help` and usage errors do not need (see `loadCommands`).
import type { Connection, connect } from '../connect.js'
import type { JobBook } from '../history/job-book.js'
import type { CommandContext } from './commands.js'
import { EXIT } from './exit-codes.js'
import type { Io } from './io.js'
import type { ListFlags } from './list-command.js'

const JOB_STATES = JobStateSchema.options

/** What the program needs from its surroundings (all injectable for tests). */
export interface ProgramEnv {
  io: Io
  env: Record<string, string | undefined>
  /** Whether stdout is a terminal: without one, `darkroom` alone prints help. */
  isTTY: boolean
  /** Opens the dashboard (the real one renders Ink; tests pass a fake). */
  openDashboard(
    connection: Connection,
    book: JobBook,
    historyWarning: string | null,
  ): Promise<number>
  /** Serves the emulators until interrupted. */
  runEmulator(options: { host: string; port: number; seed: number }): Promise<number>
  /** Connects (tests pass a demo connection on a virtual clock). */
  connect?: typeof connect
  /** Where the command was started (see `startDir`): relative `--out` paths and saves start here. */
  startDir: string
  /** All of standard input, for `--key -`; null when it is a terminal. */
  readStdin(): Promise<string | null>
}

/** The modules that do the work, loaded on first use so `--help` stays quick. */
async function loadCommands() {
  const [commands, image, connection, history, key, list] = await Promise.all([
    import('./commands.js'),
    import('./image-command.js'),
    import('../connect.js'),
    import('../history/open-history.js'),
    import('./api-key.js'),
    import('./list-command.js'),
  ])
  return { ...commands, ...image, ...connection, ...history, ...key, ...list }
}

const EXIT_HELP = `
Exit codes: 0 success, 1 the job failed or was canceled, 2 bad input, 3 other errors.
Environment: provider credentials as for the gateway (ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET,
SPEEDPIX_APP_KEY/_SECRET, AIDGE_ACCESS_KEY_NAME/_SECRET); none set means demo mode.
DARKROOM_API_KEY is the key for --api (or --key - reads it from standard input).
NO_COLOR turns colours off, FORCE_COLOR=0..3 sets them. DARKROOM_SAVE_DIR moves the images
the dashboard saves. DARKROOM_STATE_DIR (else DARKROOM_DATA_DIR) moves the job history
(history.db) and, in demo mode, the emulators' jobs (demo-emulators.db).`

/** Builds and runs the `darkroom` command line; resolves with the exit code. */
export async function runProgram(argv: string[], penv: ProgramEnv): Promise<number> {
  const program = new Command('darkroom')
  let code: number = EXIT.ok
  program
    .description(
      'Submit, watch and collect AI image jobs across providers.\nWith no command, opens the dashboard.',
    )
    .option('--api <url>', 'use a deployed Darkroom gateway instead of direct provider access')
    .option('--key <key>', 'API key of that gateway; - reads it from standard input')
    .option('--json', 'print machine-readable JSON only')
    .addHelpText('after', EXIT_HELP)
    .exitOverride()
    .configureOutput({ writeOut: (s) => penv.io.out(s), writeErr: (s) => penv.io.err(s) })
    .showHelpAfterError('(add --help for usage)')

  // What `finish` releases: the history file, and the connection's (the demo's state file).
  const release: Array<() => Promise<void> | void> = []
  const globals = () => program.opts<{ api?: string; key?: string; json?: boolean }>()
  const context = async (): Promise<CommandContext> => {
    const { api, key, json } = globals()
    const { connect, openHistory, resolveApiKey } = await loadCommands()
    const history = await openHistory(penv.env, (m) => penv.io.err(m))
    release.push(() => history.close())
    const connection = (penv.connect ?? connect)({
      api,
      key: await resolveApiKey({ api, key, env: penv.env, readStdin: penv.readStdin }),
      env: penv.env,
    })
    if (connection.close) release.unshift(connection.close)
    return {
      connection,
      book: history.book,
      io: penv.io,
      json: json === true,
      startDir: penv.startDir,
    }
  }
  const finish = async (_ctx: CommandContext, result: number | Promise<number>) => {
    code = await result
  }

  program
    .command('submit')
    .description('submit a job')
    .addOption(new Option('--provider <id>', 'provider').choices(PROVIDER_IDS))
    .option('--operation <name>', 'operation, e.g. txt2img, inference, virtual-model')
    .option('--input <json>', 'the operation input as a JSON object')
    .option('--prompt <text>', 'input.prompt')
    .option('--negative-prompt <text>', 'input.negativePrompt')
    .option('--seed <n>', 'input.seed')
    .option('--count <n>', 'input.count (number of images)')
    .option('--width <n>', 'input.width')
    .option('--height <n>', 'input.height')
    .option('--image-url <url...>', 'input.imageUrl / input.imageUrls')
    .option('--wait', 'follow the job to its end (progress on stderr, final job on stdout)')
    .option('--out <dir>', 'with --wait: save the images there as <provider-job-id>-<index>.<ext>')
    .option('--force', 'with --out: overwrite existing files')
    .action(async (options) => {
      const ctx = await context()
      const { submitCommand } = await loadCommands()
      await finish(ctx, submitCommand(ctx, options))
    })
  program
    .command('status <id>')
    .description('print a fresh snapshot of a job')
    .action(async (id: string) => {
      const ctx = await context()
      const { statusCommand } = await loadCommands()
      await finish(ctx, statusCommand(ctx, id))
    })
  program
    .command('watch <id>')
    .description('follow a job to its end: progress on stderr, the final job on stdout')
    .option(
      '--out <dir>',
      'save the images there as <provider-job-id>-<index>.<ext> once it succeeds',
    )
    .option('--force', 'with --out: overwrite existing files')
    .action(async (id: string, options: { out?: string; force?: boolean }) => {
      const ctx = await context()
      const { watchCommand } = await loadCommands()
      await finish(ctx, watchCommand(ctx, id, options))
    })
  program
    .command('image <id>')
    .description("write a finished job's images to files (their paths on stdout), or one to stdout")
    .option('--index <n>', 'only image n (0-based); default every image')
    .option(
      '--out <path>',
      'a directory (existing, or ending in /) for <provider-job-id>-<index>.<ext> files, a file name for one image, or - for stdout; default where the command was started',
    )
    .option('--force', 'overwrite existing files')
    .action(async (id: string, options: { index?: string; out?: string; force?: boolean }) => {
      const ctx = await context()
      const { imageCommand } = await loadCommands()
      await finish(ctx, imageCommand(ctx, id, options))
    })
  program
    .command('list')
    .description(
      "list the jobs submitted from here (this connection), newest first; with --api, a page of the gateway's jobs of this key",
    )
    .addOption(
      new Option('--state <state>', 'with --api: only jobs in this state').choices(JOB_STATES),
    )
    .addOption(
      new Option('--provider <id>', 'with --api: only jobs of this provider').choices(PROVIDER_IDS),
    )
    .option('--limit <n>', 'with --api: at most n jobs (1 to 100; default 20)')
    .option('--cursor <cursor>', 'with --api: the next page, from the cursor a list printed')
    .action(async (options: ListFlags) => {
      const ctx = await context()
      const { listCommand } = await loadCommands()
      await finish(ctx, listCommand(ctx, options))
    })
  program
    .command('emulator')
    .description('serve the provider emulators on loopback')
    .option('--host <host>', 'interface', '127.0.0.1')
    .option('--port <base>', 'first port (aicontent; speedpix +1, aidge +2)', '4010')
    .option('--seed <n>', 'simulator seed', '1')
    .action(async (options: { host: string; port: string; seed: string }) => {
      const port = Number(options.port)
      const seed = Number(options.seed)
      if (!Number.isInteger(port) || port < 1 || port > 65533)
        throw new CommanderError(
          EXIT.badInput,
          'bad-port',
          `--port must be a whole number from 1 to 65533, got "${options.port}"`,
        )
      if (!Number.isInteger(seed))
        throw new CommanderError(
          EXIT.badInput,
          'bad-seed',
          `--seed must be a whole number, got "${options.seed}"`,
        )
      code = await penv.runEmulator({ host: options.host, port, seed })
    })
  program.allowExcessArguments(true)
  program.action(async (_options, command: Command) => {
    if (command.args.length > 0) {
      penv.io.err(`darkroom: unknown command "${command.args[0]}"; see darkroom --help`)
      code = EXIT.badInput
      return
    }
    if (!penv.isTTY) {
      if (globals().key === '-') {
        penv.io.err(
          'darkroom: the dashboard reads its keys from the terminal, so its API key cannot come from standard input: set DARKROOM_API_KEY instead of --key -.',
        )
        code = EXIT.badInput
        return
      }
      penv.io.out(program.helpInformation() + EXIT_HELP)
      return
    }
    const ctx = await context()
    code = await penv.openDashboard(ctx.connection, ctx.book, null)
  })

  try {
    await program.parseAsync(argv, { from: 'user' })
    await releaseAll(release)
    return code
  } catch (error) {
    await releaseAll(release).catch(() => undefined)
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')
        return EXIT.ok
      if (error.exitCode === EXIT.badInput) penv.io.err(error.message)
      return EXIT.badInput
    }
    const { explain } = await import('./errors.js')
    const { code: exit, message } = explain(error)
    penv.io.err(`darkroom: ${message}`)
    return exit
  }
}

/** Releases in order (history last, after the connection's writes), each once. */
async function releaseAll(release: Array<() => Promise<void> | void>): Promise<void> {
  for (const step of release.splice(0)) await step()
}
