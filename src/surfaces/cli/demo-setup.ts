import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { consoleBuildState, consolePaths } from '../console/index.js'
import { CliError } from './output.js'

/** Where the demo keeps its SQLite database and secret key, and whether it removes them. */
export type DemoDataDir = { readonly dir: string; readonly temporary: boolean; remove(): void }

/**
 * A fresh data directory: the one given (which must be new or empty, so the demo never mixes
 * with real data or an earlier demo whose emulators are gone), or a temporary one removed when
 * the demo stops.
 */
export function prepareDataDir(requested: string | undefined): DemoDataDir {
  if (requested === undefined) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rollcall-demo-'))
    return { dir, temporary: true, remove: () => rmSync(dir, { recursive: true, force: true }) }
  }
  const dir = path.resolve(requested)
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new CliError(
      'DEMO_DATA_DIR_NOT_EMPTY',
      `${dir} is not empty. The demo starts from nothing: pass a new directory to --data-dir, or leave it out for a temporary one.`,
    )
  }
  mkdirSync(dir, { recursive: true })
  return { dir, temporary: false, remove: () => {} }
}

/** The port asked for (0: any free one), else 8080 when it is free, else any free one. */
export async function choosePort(requested: string | undefined, host: string): Promise<number> {
  if (requested !== undefined) {
    const port = Number(requested)
    if (!Number.isInteger(port) || port < 0 || port > 65_535)
      throw new CliError('USAGE', `--port is a TCP port (0 to 65535), not '${requested}'.`)
    return port === 0 ? listenOnce(host, 0) : port
  }
  return listenOnce(host, 8080).catch(() => listenOnce(host, 0))
}

/** Binds and releases a port: the port it got. */
function listenOnce(host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(port, host, () => {
      const address = server.address()
      const bound = typeof address === 'object' && address ? address.port : port
      server.close(() => resolve(bound))
    })
  })
}

/**
 * Builds the console when dist/web is missing or older than its sources, as `npm start` does:
 * scripts/build-console.ts in a child process (Vite is a build tool, not part of the server).
 * Its output goes to stderr, so `--json` keeps stdout to one object.
 */
export async function buildConsoleIfStale(note: (text: string) => void): Promise<void> {
  const paths = consolePaths()
  if (consoleBuildState(paths) === 'fresh') return
  const script = path.join(paths.root, 'scripts', 'build-console.ts')
  if (!existsSync(script)) {
    note(
      'The console build is missing and this installation cannot build it; /console will say so.',
    )
    return
  }
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), script, '--if-stale'],
      { cwd: paths.root, stdio: ['ignore', 2, 2] },
    )
    child.once('error', reject)
    child.once('exit', resolve)
  })
  if (code !== 0) note(`Building the console exited with ${code}; run npm run build to see why.`)
}

/** Resolves on the first SIGINT or SIGTERM (Ctrl-C), even one that came during the setup. */
export function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve(signal)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}
