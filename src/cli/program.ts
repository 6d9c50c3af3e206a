import { Command, CommanderError } from 'commander'
import { registerDirectory } from './commands/directory.js'
import { registerServe } from './commands/serve.js'
import { registerToken } from './commands/token.js'
import { registerWorkspace } from './commands/workspace.js'
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
    .showHelpAfterError('(run `rollcall --help` for the commands)')
    .exitOverride()
  registerServe(program)
  registerWorkspace(program)
  registerDirectory(program)
  registerToken(program)
  return program
}

/** Parses argv, runs the command, and returns the process exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram()
  try {
    await program.parseAsync([...argv])
    return EXIT.ok
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage
    }
    return reportError(error, argv.includes('--json'))
  }
}
