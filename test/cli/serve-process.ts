import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'
import { createInterface } from 'node:readline'

export const BIN = path.resolve(import.meta.dirname, '../../bin/rollcall.js')

/** Waits for the server's "Rollcall is serving" line (progress, not a deadline: a slow machine waits). */
export async function serving(server: ChildProcess): Promise<void> {
  const exited = new Promise<never>((_, reject) =>
    server.once('exit', (code) => reject(new Error(`rollcall serve exited with ${code}`))),
  )
  // Once it serves, a later exit (the test stopping it) is no failure.
  exited.catch(() => {})
  const ready = (async () => {
    for await (const line of createInterface({ input: server.stderr as NodeJS.ReadableStream }))
      if (line.startsWith('Rollcall is serving')) return
  })()
  await Promise.race([ready, exited])
  server.stderr?.resume()
}

/** The environment of a CLI or server on a SQLite data dir, its links on `port`. */
export function hubEnv(dataDir: string, port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ROLLCALL_DATA_DIR: dataDir,
    PORT: String(port),
    DATABASE_URL: '',
    ROLLCALL_LOG_LEVEL: 'warn',
  }
}

/** `rollcall serve` on a SQLite data dir and port, once it serves. */
export async function startServe(dataDir: string, port: number): Promise<ChildProcess> {
  const server = spawn(process.execPath, [BIN, 'serve'], {
    env: hubEnv(dataDir, port),
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  await serving(server)
  return server
}
