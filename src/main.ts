import { runCli } from './surfaces/cli/program.js'

/** Process entry: argv → the CLI (`serve` is what `npm start` runs). */
const code = await runCli(process.argv)
process.exitCode = code
