import { readFileSync } from 'node:fs'

/**
 * Where the CPU went during a measurement, in % of one core: the server under test, the load
 * generator (this process) and everything else on the machine. "Other" is the noise signal: other
 * engineers' test runs share these cores, and a busy neighbour lowers every figure of the window.
 * Linux only (/proc); elsewhere every share is undefined.
 */
export type CpuShares = {
  readonly server?: number
  readonly loadGenerator?: number
  readonly other?: number
}

type Sample = { at: bigint; machineBusy: number; server: number; self: number }

// USER_HZ: /proc reports CPU time in clock ticks of 1/100 s on every Linux we run.
const TICKS_PER_SECOND = 100

export function startCpuWindow(serverPid: number): { stop(): CpuShares } {
  const first = sample(serverPid)
  return {
    stop() {
      const last = sample(serverPid)
      if (!first || !last) return {}
      const seconds = Number(last.at - first.at) / 1e9
      const share = (ticks: number) => (100 * ticks) / TICKS_PER_SECOND / seconds
      const server = last.server - first.server
      const self = last.self - first.self
      const busy = last.machineBusy - first.machineBusy
      return {
        server: share(server),
        loadGenerator: share(self),
        other: Math.max(0, share(busy - server - self)),
      }
    },
  }
}

function sample(serverPid: number): Sample | undefined {
  try {
    return {
      at: process.hrtime.bigint(),
      machineBusy: machineBusyTicks(),
      server: processTicks(serverPid),
      self: processTicks(process.pid),
    }
  } catch {
    // Not Linux, or the server already exited: shares are simply unknown.
    return undefined
  }
}

/** user + nice + system + irq + softirq + steal of the `cpu` line (idle and iowait excluded). */
function machineBusyTicks(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? ''
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number)
  return [user, nice, system, irq, softirq, steal].reduce<number>((sum, v) => sum + (v ?? 0), 0)
}

/** utime + stime of one process (all its threads). */
function processTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name, which is in parentheses and may itself contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return Number(fields[11]) + Number(fields[12])
}
