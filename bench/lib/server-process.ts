import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FromChild, ToChild } from './child-control.js'

/** The repository root: children run from here so `tsx` and relative imports resolve. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** A server child to start: its entry file (relative to the repo root) and its arguments. */
export type ServerSpec = {
  readonly entry: string
  readonly args: readonly string[]
}

export type ServerProcess = {
  readonly url: string
  readonly pid: number
  /** What the child reported with its port (child-control.ts), for the benchmark's plan. */
  readonly details: unknown
  startProfile(): Promise<void>
  stopProfile(file: string): Promise<void>
  stop(): Promise<void>
}

// The peer baseline seeds 100k users through its own handler before it is ready (~1 min).
const START_TIMEOUT_MS = 300_000
const STOP_TIMEOUT_MS = 10_000

/**
 * Starts a server in its own Node process (`node --import tsx <entry>`), so the load generator
 * never shares the server's event loop or CPU time slice. Resolves once the child reports the port
 * it listens on; its stderr goes to ours so a crash is seen at once.
 */
export async function startServerProcess(spec: ServerSpec): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', spec.entry, ...spec.args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  const ready = await Promise.race([
    nextMessage(child, 'ready', START_TIMEOUT_MS),
    exited.then((code) => {
      throw new Error(`${spec.entry} exited with code ${code} before it was ready`)
    }),
  ])
  const send = (message: ToChild) => child.send(message)
  return {
    url: `http://127.0.0.1:${ready.port}`,
    pid: child.pid ?? 0,
    details: ready.details,
    async startProfile() {
      const started = nextMessage(child, 'profile-started', 10_000)
      send({ type: 'profile-start' })
      await started
    },
    async stopProfile(file) {
      const saved = nextMessage(child, 'profile-saved', 60_000)
      send({ type: 'profile-stop', file })
      await saved
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      send({ type: 'stop' })
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
      await exited
      clearTimeout(timer)
    },
  }
}

function nextMessage<T extends FromChild['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs: number,
): Promise<Extract<FromChild, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage)
      reject(new Error(`no '${type}' from the server child within ${timeoutMs} ms`))
    }, timeoutMs)
    const onMessage = (message: FromChild) => {
      if (message.type !== type) return
      clearTimeout(timer)
      child.off('message', onMessage)
      resolve(message as Extract<FromChild, { type: T }>)
    }
    child.on('message', onMessage)
  })
}
