import type { Command } from 'commander'
import type { OnDemandReport, TraceEntry, TracePage } from '../../../access/trace/index.js'
import { decodeCursor } from '../../../access/trace/index.js'
import { type Services, waitingWorkers } from '../../http/index.js'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { AS_OPTION, cliOperator } from '../operator.js'
import { CliError, EXIT, type Output } from '../output.js'
import { resolveApp, resolvePerson, resolveWorkspace } from '../resolve.js'

type TraceFlags = {
  workspace?: string
  app?: string
  since?: string
  limit?: string
  cursor?: string
  json?: boolean
}

type ProvisionFlags = {
  workspace?: string
  app?: string[]
  dryRun?: boolean
  wait?: boolean
  json?: boolean
  as?: string
}

const TRACE_JSON_HELP = `
With --json, one object on stdout (the same as GET /api/people/:id/trace):
  {"person": {"id","email","userName","displayName"},
   "entries": [{"key","at","kind","app": {"id","name"}|null,"summary","status",
                "attempts"?, "response"?: {"ok","status","class","code","message","marker"},
                "ids": {...}, "detail": {...}}],
   "nextCursor"?}
kind: sync | link | finding | operation | task | verification | departure. Newest first;
pass --cursor <nextCursor> for older entries.`

const PROVISION_JSON_HELP = `
With --json, one object on stdout (the same as POST /api/people/:id/provision-on-demand):
  {"runId","planId","dryRun","person","state": "planned"|"running"|"held"|"failed"|"done",
   "headline","steps": [{"operationId","app","kind","summary","state","holdReason","attempts",
   "response","finishedAt","verifiedAt","taskId"}],"held": [...],"progress": {...}}
Exit codes: 0 ok, 1 a step failed, 2 usage.`

/**
 * `rollcall trace <person> [--app] [--since] [--limit] [--json]`: what Rollcall did to one
 * person, step by step, and what each app answered. `rollcall provision <person> [--app ...]
 * [--dry-run] [--wait] [--json]`: reconcile and apply just that person now (a worker in this
 * process carries it out with --wait).
 */
export function registerTrace(program: Command): void {
  program
    .command('trace <person>')
    .description('what Rollcall did to a person (id, email or userName), step by step')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--app <app>', 'only this app (id or name), with the person’s own entries')
    .option('--since <time>', 'only entries at or after this ISO-8601 time')
    .option('--limit <n>', 'entries per page (1-200)', '50')
    .option('--cursor <cursor>', 'the nextCursor of the previous page')
    .option('--json', 'print one JSON object')
    .addHelpText('after', TRACE_JSON_HELP)
    .action(async (person: string, flags: TraceFlags, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, flags.workspace)
        const who = await resolvePerson(services, workspace.id, person)
        const app = flags.app ? await resolveApp(services, workspace.id, flags.app) : undefined
        const page = await services.personTrace.of(workspace.id, who.id, {
          limit: limitOf(flags.limit),
          ...(app ? { app: app.id } : {}),
          ...(flags.since ? { since: sinceOf(flags.since) } : {}),
          ...(flags.cursor ? { before: cursorOf(flags.cursor) } : {}),
        })
        output.result(page, () => describeTrace(page))
      })
    })

  program
    .command('provision <person>')
    .description('reconcile and apply just this person now (provision on demand)')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--app <app...>', 'only these apps (id or name; default: every app)')
    .option('--dry-run', 'show the plan; change nothing')
    .option('--wait', 'wait until every step is applied and verified (runs a worker if needed)')
    .option(...AS_OPTION)
    .option('--json', 'print one JSON object')
    .addHelpText('after', PROVISION_JSON_HELP)
    .action(async (person: string, flags: ProvisionFlags, command: Command) => {
      if (flags.wait && flags.dryRun)
        throw new CliError('USAGE', '--wait has nothing to wait for with --dry-run.')
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        try {
          const workspace = await resolveWorkspace(services, flags.workspace)
          const who = await resolvePerson(services, workspace.id, person)
          const apps = []
          for (const ref of flags.app ?? [])
            apps.push((await resolveApp(services, workspace.id, ref)).id)
          const report = await services.onDemand.run(workspace.id, who.id, {
            actor: await cliOperator(services, workspace.id, flags.as),
            trigger: 'cli',
            dryRun: flags.dryRun === true,
            ...(apps.length > 0 ? { apps } : {}),
          })
          const final = flags.wait
            ? await waitWithWorker(services, workspace.id, who.id, report)
            : report
          showRun(final, output)
        } finally {
          await services.stopJobs()
        }
      })
    })
}

function limitOf(text: string | undefined): number {
  const n = Number(text ?? '50')
  if (!Number.isInteger(n) || n < 1 || n > 200)
    throw new CliError('USAGE', `--limit is a whole number from 1 to 200, not '${text}'.`)
  return n
}

function sinceOf(text: string): string {
  if (Number.isNaN(Date.parse(text)))
    throw new CliError('USAGE', `--since is an ISO-8601 date or time, not '${text}'.`)
  return new Date(text).toISOString()
}

function cursorOf(text: string) {
  const cursor = decodeCursor(text)
  if (!cursor) throw new CliError('USAGE', 'That --cursor is not one a trace handed out.')
  return cursor
}

/** Polls the run (a worker here carries the jobs) until no step is moving any more. */
async function waitWithWorker(
  services: Services,
  workspaceId: string,
  personId: string,
  report: OnDemandReport,
): Promise<OnDemandReport> {
  const workers = waitingWorkers(services)
  const stop = new AbortController()
  const interrupt = () => stop.abort()
  process.once('SIGINT', interrupt)
  workers.startAll()
  try {
    await services.apply.waitFor(workspaceId, report.planId, { signal: stop.signal })
    let now = await services.onDemand.status(workspaceId, personId, report.runId)
    // The refresh that verifies the steps runs after apply settles them.
    while (now.state === 'running' && !stop.signal.aborted) {
      await new Promise((resolve) => setTimeout(resolve, 200))
      now = await services.onDemand.status(workspaceId, personId, report.runId)
    }
    return now
  } finally {
    process.off('SIGINT', interrupt)
    await workers.stopAll()
  }
}

function showRun(report: OnDemandReport, output: Output): void {
  output.result(report, () => describeRun(report))
  if (report.state === 'failed') process.exitCode = EXIT.failed
}

/** The run in lines: one per step, with the app's answer. */
export function describeRun(report: OnDemandReport): string {
  const who = report.person.email ?? report.person.userName
  const lines = [
    `On demand for ${who}: run ${report.runId}, ${report.state}${report.dryRun ? ' (a dry run: nothing was changed)' : ''}.`,
  ]
  if (report.steps.length === 0) lines.push('  Nothing to do in any app.')
  for (const step of report.steps) {
    const answer = step.response?.status ? `; the app answered ${step.response.status}` : ''
    const held = step.holdReason ? `: ${step.holdReason}` : ''
    lines.push(`  ${step.summary}: ${step.state}${held}${answer}`)
  }
  return lines.join('\n')
}

/** The trace in lines, newest first: time, kind, app, words, the app's answer. */
export function describeTrace(page: TracePage): string {
  const who = page.person.email ?? page.person.userName
  const lines = [`Trace of ${who}, newest first:`]
  if (page.entries.length === 0) lines.push('  Nothing recorded yet.')
  for (const entry of page.entries) lines.push(`  ${entryLine(entry)}`)
  if (page.nextCursor) lines.push(`More: --cursor ${page.nextCursor}`)
  return lines.join('\n')
}

function entryLine(entry: TraceEntry): string {
  const answer = entry.response?.status ? ` [HTTP ${entry.response.status}]` : ''
  return `${entry.at}  ${entry.kind.padEnd(12)} ${entry.summary}${answer}`
}
