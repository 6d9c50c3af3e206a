import type { Command } from 'commander'
import type { ApplyProgress } from '../../../access/apply/index.js'
import { type Services, waitingWorkers } from '../../http/index.js'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { EXIT, type Output } from '../output.js'
import { createProgress } from '../progress.js'

type ApplyFlags = { workspace?: string; wait?: boolean; json?: boolean }

const CLI_ACTOR = { type: 'cli', id: null } as const

/**
 * `rollcall apply <planId> [--wait] --json` → `{"status","applied","failed","tasks"}` (DESIGN).
 * Without --wait the jobs are queued for the server's worker and the command exits 0. With
 * --wait it also runs a worker in this process until the plan is done: on SQLite that worker
 * works only while no other process (a server) holds the queue's lease, so the two never
 * overlap; on PostgreSQL it shares the queue with every server. Exit codes: 0 applied (or
 * queued), 1 some operation failed or an app is quarantined (`blocked`), 2 usage.
 */
export function registerApply(program: Command): void {
  program
    .command('apply <planId>')
    .description('apply a plan: queue its planned and approved operations as durable jobs')
    .option('--workspace <slug>', 'the workspace (default: the plan’s own)')
    .option('--wait', 'wait until every operation is applied or failed (runs a worker if needed)')
    .option('--json', 'print one JSON object')
    .action(async (planId: string, flags: ApplyFlags, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & ApplyFlags>()
      await withServices(options, async (services, output) => {
        try {
          const progress = await run(services, planId, flags, output)
          report(progress, output)
        } finally {
          await services.stopJobs()
        }
      })
    })
}

async function run(
  services: Services,
  planId: string,
  flags: ApplyFlags,
  output: Output,
): Promise<ApplyProgress> {
  const workspaceId = flags.workspace
    ? (await services.workspaces.require(flags.workspace)).id
    : await services.apply.workspaceOf(planId)
  const queued = await services.apply.apply(workspaceId, planId, { actor: CLI_ACTOR })
  if (!flags.wait) return queued
  const workers = waitingWorkers(services)
  const stop = new AbortController()
  const interrupt = () => stop.abort()
  process.once('SIGINT', interrupt)
  // Where it stands, on stderr: redrawn in place on a terminal, a line now and then otherwise.
  const shown = createProgress({ json: output.json, lines: true })
  workers.startAll()
  try {
    return await services.apply.waitFor(workspaceId, planId, {
      signal: stop.signal,
      onProgress: (progress) => shown.update(`Applying: ${counts(progress)}`),
    })
  } finally {
    shown.done()
    process.off('SIGINT', interrupt)
    await workers.stopAll()
  }
}

/** "72 applied, 0 failed, 5 held for approval, 40 left": what a person waiting wants to know. */
export function counts(progress: ApplyProgress): string {
  const done = progress.applied + progress.tasks
  const tasks = progress.tasks > 0 ? ` (${progress.tasks} as tasks for app owners)` : ''
  return `${done} applied${tasks}, ${progress.failed} failed, ${progress.held} held for approval, ${progress.pending} left`
}

function report(progress: ApplyProgress, output: Output): void {
  const { status } = progress
  output.result(progress, () =>
    [
      `Plan ${progress.planId}: ${status}. ${counts(progress)}; ${progress.skipped} skipped (already done by an earlier plan).`,
      ...progress.quarantined.map((q) => `  app ${q.appId} is quarantined: ${q.reason}`),
    ].join('\n'),
  )
  if (status === 'failed' || status === 'blocked') process.exitCode = EXIT.failed
}
