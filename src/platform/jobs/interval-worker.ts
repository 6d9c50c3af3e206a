import type { Logger } from '../../shared/logger.js'

/** The shortest pause between two rounds a wake-up may ask for: bounds the rounds of a busy moment. */
export const MIN_WAKE_GAP_MS = 50

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
  /**
   * There may be work (a write committed): a round soon, at most one per MIN_WAKE_GAP_MS,
   * instead of at the next poll (issue 16). A wake-up during a round asks for one more after it.
   */
  wake(): void
}

export function intervalWorker(
  name: string,
  intervalMs: number,
  log: Logger,
  round: () => Promise<void>,
): BackgroundWorker {
  let timer: NodeJS.Timeout | undefined
  let dueAt = Number.POSITIVE_INFINITY
  let running: Promise<void> | undefined
  let stopped = true
  let lastEnd = 0
  let wokenDuringRound = false
  const tick = async () => {
    running ??= round()
      .catch((error: unknown) => log.error({ err: error, worker: name }, 'background round failed'))
      .finally(() => {
        running = undefined
        lastEnd = Date.now()
      })
    await running
  }
  /** The next round in `ms`, unless one is already due sooner. */
  const scheduleIn = (ms: number) => {
    if (stopped) return
    const at = Date.now() + ms
    if (timer && dueAt <= at) return
    if (timer) clearTimeout(timer)
    dueAt = at
    timer = setTimeout(() => {
      timer = undefined
      dueAt = Number.POSITIVE_INFINITY
      void tick().finally(() => {
        const woken = wokenDuringRound
        wokenDuringRound = false
        scheduleIn(woken ? MIN_WAKE_GAP_MS : intervalMs)
      })
    }, ms)
    // The loop never keeps the process alive on its own (the HTTP server does).
    timer.unref()
  }
  return {
    start() {
      if (!stopped) return
      stopped = false
      scheduleIn(intervalMs)
    },
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      timer = undefined
      await running
    },
    tick,
    wake() {
      if (stopped) return
      if (running) {
        wokenDuringRound = true
        return
      }
      scheduleIn(Math.max(0, lastEnd + MIN_WAKE_GAP_MS - Date.now()))
    },
  }
}
