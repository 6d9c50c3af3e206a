import { closeSync, fdatasyncSync, openSync, rmSync, writeSync } from 'node:fs'
import path from 'node:path'

/**
 * The median time of one 4 KB append + fdatasync in `dir`, in ms: what one durable SQLite commit
 * waits for at least. A serialized writer cannot commit faster than 1000 / this per second (group
 * commit aside), and the disk is shared with everyone else's tests, so it drifts during a run.
 */
export function probeFsyncMs(dir: string, rounds = 30): number {
  const file = path.join(dir, `fsync-probe-${process.pid}`)
  const fd = openSync(file, 'w')
  const block = Buffer.alloc(4096, 1)
  const times: number[] = []
  try {
    for (let i = 0; i < rounds; i++) {
      const started = performance.now()
      writeSync(fd, block)
      fdatasyncSync(fd)
      times.push(performance.now() - started)
    }
  } finally {
    closeSync(fd)
    rmSync(file, { force: true })
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)] ?? Number.NaN
}
