import { Command, CommanderError } from 'commander'
import { registerAccess } from './commands/access.js'
import { registerApp } from './commands/app.js'
import { registerApply } from './commands/apply.js'
import { registerCatalog } from './commands/catalog.js'
import { registerConnection } from './commands/connection.js'
import { registerDemo } from './commands/demo.js'
import { registerDepartures } from './commands/departures.js'
import { registerDirectory } from './commands/directory.js'
import { registerEmulator } from './commands/emulator.js'
import { registerEntitlements } from './commands/entitlements.js'
import { registerExceptions } from './commands/exceptions.js'
import { registerFindings } from './commands/findings.js'
import { registerGraph } from './commands/graph.js'
import { registerLifecycle } from './commands/lifecycle.js'
import { registerOAuth } from './commands/oauth.js'
import { registerPlan } from './commands/plan.js'
import { registerReconcile } from './commands/reconcile.js'
import { registerRequests } from './commands/requests.js'
import { registerReviews } from './commands/reviews.js'
import { registerServe } from './commands/serve.js'
import { registerSource } from './commands/source.js'
import { registerSync } from './commands/sync.js'
import { registerTasks } from './commands/tasks.js'
import { registerToken } from './commands/token.js'
import { registerTrace } from './commands/trace.js'
import { registerUser } from './commands/user.js'
import { registerWorkspace } from './commands/workspace.js'
import { MAIN_HELP_AFTER } from './help-text.js'
import { EXIT, reportError } from './output.js'

/** The `rollcall` command line: one command per file in commands/, shared global options. */
export function buildProgram(): Command {
  const program = new Command('rollcall')
    .description(
      'Rollcall, the identity lifecycle hub. Every command that creates something accepts --json.',
    )
    .option('--config <file>', 'configuration file (default ./rollcall.config.json)')
    .option('--data-dir <dir>', 'data directory (default ./data, or ROLLCALL_DATA_DIR)')
    .option('--database-url <url>', 'sqlite:<path> or postgres://… (or DATABASE_URL)')
    .addHelpText('after', MAIN_HELP_AFTER)
    .showHelpAfterError('(run `rollcall --help` for the commands)')
    .exitOverride()
  registerServe(program)
  registerWorkspace(program)
  registerDirectory(program)
  registerToken(program)
  registerUser(program)
  registerOAuth(program)
  registerConnection(program)
  registerCatalog(program)
  registerApp(program)
  registerTasks(program)
  registerSource(program)
  registerSync(program)
  registerGraph(program)
  registerEntitlements(program)
  registerExceptions(program)
  registerReviews(program)
  registerAccess(program)
  registerReconcile(program)
  registerPlan(program)
  registerApply(program)
  registerLifecycle(program)
  registerRequests(program)
  registerDepartures(program)
  registerFindings(program)
  registerEmulator(program)
  registerDemo(program)
  registerTrace(program)
  return program
}

/** Parses argv, runs the command, and returns the process exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram()
  try {
    await program.parseAsync([...argv])
    // A command that printed its result but did not fully succeed (`sync` with a held source)
    // sets process.exitCode; keep it.
    return process.exitCode === EXIT.failed ? EXIT.failed : EXIT.ok
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage
    }
    return reportError(error, argv.includes('--json'))
  }
}
