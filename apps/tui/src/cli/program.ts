import { PROVIDER_IDS } from '@darkroom/core'
import { Command, CommanderError, Option } from 'commander'
import { type Connection, connect } from '../connect.js'
import { defaultHistoryPath, HistoryStore } from '../history/history-store.js'
import { JobBook } from '../history/job-book.js'
import {
  type CommandContext,
  listCommand,
  statusCommand,
  submitCommand,
  watchCommand,
} from './commands.js'
import { explain } from './errors.js'
import { EXIT } from './exit-codes.js'
import type { Io } from './io.js'

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
}

const EXIT_HELP = `
Exit codes: 0 success, 1 the job failed or was canceled, 2 bad input, 3 other errors.
Environment: provider credentials as for the gateway (ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET,
SPEEDPIX_APP_KEY/_SECRET, AIDGE_ACCESS_KEY_NAME/_SECRET); none set means demo mode.
NO_COLOR turns colours off. DARKROOM_STATE_DIR (else DARKROOM_DATA_DIR) moves the job history.`

/** Builds and runs the `darkroom` command line; resolves with the exit code. */
export async function runProgram(argv: string[], penv: ProgramEnv): Promise<number> {
  const program = new Command('darkroom')
  let code: number = EXIT.ok
  program
    .description(
      'Submit, watch and collect AI image jobs across providers.\nWith no command, opens the dashboard.',
    )
    .option('--api <url>', 'use a deployed Darkroom gateway instead of direct provider access')
    .option('--key <key>', 'API key of that gateway')
    .option('--json', 'print machine-readable JSON only')
    .addHelpText('after', EXIT_HELP)
    .exitOverride()
    .configureOutput({ writeOut: (s) => penv.io.out(s), writeErr: (s) => penv.io.err(s) })
    .showHelpAfterError('(add --help for usage)')

  const context = async (): Promise<CommandContext> => {
    const globals = program.opts<{ api?: string; key?: string; json?: boolean }>()
    const connection = (penv.connect ?? connect)({
      api: globals.api,
      key: globals.key,
      env: penv.env,
    })
    const store = new HistoryStore(defaultHistoryPath(penv.env))
    const loaded = await store.load()
    if (loaded.warning) penv.io.err(loaded.warning)
    const book = new JobBook(store, loaded.entries, (m) => penv.io.err(m))
    return { connection, book, io: penv.io, json: globals.json === true }
  }
  const finish = async (ctx: CommandContext, result: number | Promise<number>) => {
    code = await result
    await ctx.book.flush()
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
    .action(async (options) => {
      const ctx = await context()
      await finish(ctx, submitCommand(ctx, options))
    })
  program
    .command('status <id>')
    .description('print a fresh snapshot of a job')
    .action(async (id: string) => {
      const ctx = await context()
      await finish(ctx, statusCommand(ctx, id))
    })
  program
    .command('watch <id>')
    .description('follow a job to its end: progress on stderr, the final job on stdout')
    .action(async (id: string) => {
      const ctx = await context()
      await finish(ctx, watchCommand(ctx, id))
    })
  program
    .command('list')
    .description('list the jobs submitted from here (this connection), newest first')
    .action(async () => {
      const ctx = await context()
      await finish(ctx, listCommand(ctx))
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
      penv.io.out(program.helpInformation() + EXIT_HELP)
      return
    }
    const ctx = await context()
    code = await penv.openDashboard(ctx.connection, ctx.book, null)
    await ctx.book.flush()
  })

  try {
    await program.parseAsync(argv, { from: 'user' })
    return code
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')
        return EXIT.ok
      if (error.exitCode === EXIT.badInput) penv.io.err(error.message)
      return EXIT.badInput
    }
    const { code: exit, message } = explain(error)
    penv.io.err(`darkroom: ${message}`)
    return exit
  }
}
