import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import os from 'node:os'
import { REPO_ROOT } from './server-process.js'

/** Where and on what a run happened: figures only compare within one machine and commit. */
export type MachineInfo = {
  readonly cpus: number
  readonly cpuModel: string
  readonly memoryGb: number
  readonly platform: string
  readonly node: string
  readonly commit: string
  /** Uncommitted changes in the working tree when the run started (the figures may include them). */
  readonly dirty: boolean
  /**
   * Fingerprint of the uncommitted changes under src/ (sha1 of `git diff HEAD -- src` plus the
   * untracked files' names): two runs with the same commit and fingerprint measured the same code.
   */
  readonly srcChanges: string
  readonly loadAverage: readonly number[]
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus()
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    commit: git(['rev-parse', 'HEAD']) ?? 'unknown',
    dirty: (git(['status', '--porcelain']) ?? '') !== '',
    srcChanges: srcFingerprint(),
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  }
}

function srcFingerprint(): string {
  const diff = git(['diff', 'HEAD', '--', 'src']) ?? ''
  const untracked = git(['ls-files', '--others', '--exclude-standard', '--', 'src']) ?? ''
  if (diff === '' && untracked === '') return 'none'
  const files = new Set([
    ...(git(['diff', 'HEAD', '--name-only', '--', 'src']) ?? '').split('\n'),
    ...untracked.split('\n'),
  ])
  files.delete('')
  const hash = createHash('sha1').update(diff).update(untracked).digest('hex').slice(0, 10)
  return `${files.size} files (${hash})`
}

function git(args: readonly string[]): string | undefined {
  try {
    return execFileSync('git', args, {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
    }).trim()
  } catch {
    // Not a checkout (an unpacked tarball): the commit is simply unknown.
    return undefined
  }
}
