import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'

/** Messages between the runner and a server child (over the IPC channel of child_process). */
export type ToChild =
  | { readonly type: 'profile-start' }
  | { readonly type: 'profile-stop'; readonly file: string }
  | { readonly type: 'stop' }

export type FromChild =
  /** `details`: what the plan of the benchmark needs from this child (e.g. ids it assigned). */
  | { readonly type: 'ready'; readonly port: number; readonly details?: unknown }
  | { readonly type: 'profile-started' }
  | { readonly type: 'profile-saved'; readonly file: string }

/**
 * Called by a server child once it listens. Under the runner it reports its port over IPC and
 * obeys profile/stop messages; run by hand it prints its URL and stops on Ctrl-C.
 *
 * Profiling uses the inspector in-process, so the profile covers exactly the measured window:
 * not startup, compilation by tsx, or the warm-up (which `node --cpu-prof` would include).
 */
export function serveUntilStopped(
  port: number,
  close: () => Promise<void>,
  details?: unknown,
): void {
  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    await close()
    process.exit(0)
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
  const send = process.send?.bind(process)
  if (!send) {
    console.log(`listening on http://127.0.0.1:${port}`)
    return
  }
  const reply = (message: FromChild) => send(message)
  let session: Session | undefined
  process.on('message', async (message: ToChild) => {
    if (message.type === 'stop') return stop()
    if (message.type === 'profile-start') {
      session = new Session()
      session.connect()
      await session.post('Profiler.enable')
      await session.post('Profiler.setSamplingInterval', { interval: 250 })
      await session.post('Profiler.start')
      return reply({ type: 'profile-started' })
    }
    if (message.type === 'profile-stop' && session) {
      const { profile } = await session.post('Profiler.stop')
      writeFileSync(message.file, JSON.stringify(profile))
      session.disconnect()
      session = undefined
      return reply({ type: 'profile-saved', file: message.file })
    }
  })
  // The runner died without saying goodbye: do not linger as an orphan holding a port.
  process.once('disconnect', stop)
  reply(details === undefined ? { type: 'ready', port } : { type: 'ready', port, details })
}

/** `--name value` pairs of a child's argv, as a lookup with a readable error when one is missing. */
export function childArgs(argv: readonly string[] = process.argv.slice(2)) {
  const values = new Map<string, string>()
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]
    const value = argv[i + 1]
    if (key?.startsWith('--') && value !== undefined) values.set(key.slice(2), value)
  }
  return {
    get(name: string): string {
      const value = values.get(name)
      if (value === undefined) throw new Error(`missing --${name}`)
      return value
    },
    optional(name: string): string | undefined {
      return values.get(name)
    },
  }
}
