import type { Logger } from '../../shared/logger.js'

/**
 * A loop the server runs in the background (STYLE §4.6: no module state; its state is here and
 * its locks are leases in the database). The composition root starts it and stops it on
 * shutdown; `stop` waits for the tick in flight. Replaceable by the durable job queue later.
 */
export interface BackgroundWorker {
  start(): void
  stop(): Promise<void>
  /** One round now (tests call it to avoid waiting for the timer). */
  tick(): Promise<void>
}

export function intervalWorker(
  name: string,
  intervalMs: number,
  log: Logger,
  round: () => Promise<void>,
): BackgroundWorker {
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined
  let stopped = true
  const tick = async () => {
    running ??= round()
      .catch((error: unknown) => log.error({ err: error, worker: name }, 'background round failed'))
      .finally(() => {
        running = undefined
      })
    await running
  }
  const schedule = () => {
    if (stopped) return
    timer = setTimeout(() => {
      void tick().finally(schedule)
    }, intervalMs)
    // The loop never keeps the process alive on its own (the HTTP server does).
    timer.unref()
  }
  return {
    start() {
      if (!stopped) return
      stopped = false
      schedule()
    },
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      await running
    },
    tick,
  }
}
