// Builds the web console (src/surfaces/console/ui, Vite) into dist/web and stamps it with the hash of its
// inputs: `npm run build`. With `--if-stale` it builds only when dist/web is missing or older
// than its sources (npm start, npm test and CI run it that way), and a checkout without Vite
// (installed without dev dependencies) or a failed build gets a loud warning instead of a
// failure: the server then serves the previous build, or a page that says to run `npm run build`.
// `npm run build` itself fails on any error (CI runs it as its own step).
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import {
  consoleBuildState,
  consoleInputsHash,
  consolePaths,
} from '../src/surfaces/console/index.js'

const ifStale = process.argv.includes('--if-stale')
const paths = consolePaths()
const state = consoleBuildState(paths)

if (ifStale && state === 'fresh') process.exit(0)
if (ifStale) process.stderr.write(`Building the web console (dist/web is ${state})…\n`)

let vite: typeof import('vite')
try {
  vite = await import('vite')
} catch (error) {
  const message = `Vite is not installed (${error instanceof Error ? error.message : error}); run npm ci to build the console.`
  if (!ifStale) {
    process.stderr.write(`${message}\n`)
    process.exit(1)
  }
  process.stderr.write(`!!! The web console is ${state} and cannot be built: ${message}\n`)
  process.exit(0)
}

const inputsHash = consoleInputsHash(paths)
try {
  await vite.build({
    configFile: path.join(paths.sources, 'vite.config.ts'),
    logLevel: ifStale ? 'warn' : 'info',
  })
} catch (error) {
  if (!ifStale) throw error
  // npm start goes on: the server serves the previous build, or the page asking for a build.
  process.stderr.write(
    `!!! Building the web console failed; /console keeps the previous build, if any. Run npm run build to see why.\n`,
  )
  process.exit(0)
}
mkdirSync(path.dirname(paths.stamp), { recursive: true })
writeFileSync(
  paths.stamp,
  `${JSON.stringify({ inputsHash, builtAt: new Date().toISOString() }, null, 2)}\n`,
)
if (ifStale) process.stderr.write('Built the web console into dist/web.\n')
