import type { Command } from 'commander'
import type { LifecycleReport } from '../../../access/lifecycle/index.js'
import { type Services, waitingWorkers } from '../../http/index.js'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { AS_OPTION, cliOperator } from '../operator.js'
import { CliError, EXIT, type Output } from '../output.js'
import { resolvePerson, resolveWorkspace } from '../resolve.js'

type LifecycleFlags = {
  workspace?: string
  apply?: boolean
  wait?: boolean
  json?: boolean
  as?: string
  reason?: string
}

const JSON_HELP = `
With --json, one object on stdout:
  {"planId", "action": "onboard"|"offboard", "person": {"id","email"},
   "status": "planned"|"running"|"failed"|"blocked"|"awaiting_approval"|"awaiting_tasks"|"incomplete"|"completed",
   "operations": [{"id","appId","kind","mode":"automated"|"manual","status","needsApproval","accountId",
                   "task": {"id","action","status"}|null}],
   "held": [{"operationId","reason"}], "applied", "failed", "tasks",
   "taskStatus": {"open","done","verified"}, "quarantined": [...],
   "revocation"?: {"personEmail","memberId","consoleSessions","oauthArtifacts","passwordRemoved"},
   "residualWindows"?: [{"appId","accountId","leftAt","closedAt","seconds","evidence","taskId"}]}
"planned" is a dry run (nothing changed). "completed" means every step applied and every manual
task verified by an account import; \`rollcall lifecycle status <planId>\` reports it later.
Exit codes: 0 ok, 1 some step failed or an app is quarantined, 2 usage.`

/**
 * `rollcall onboard|offboard <person> --workspace <slug> [--apply] [--wait] --json`: the
 * person's plan across every app (a dry run by default: automated steps, manual tasks, steps
 * that need approval), applied with --apply (offboarding also revokes the hub's own sessions and
 * tokens of the person), and with --wait carried out by a worker in this process until done.
 * `rollcall lifecycle status <planId>` tracks it to verified completion.
 */
export function registerLifecycle(program: Command): void {
  for (const action of ['onboard', 'offboard'] as const) {
    program
      .command(`${action} <person>`)
      .description(
        `${action} a person (id, email or userName) in every app: a dry run unless --apply`,
      )
      .option('--workspace <slug>', 'the workspace (default: the only one)')
      .option('--apply', 'apply the plan (held steps wait for approval)')
      .option('--wait', 'with --apply: wait until every step is applied (runs a worker if needed)')
      .option('--reason <text>', 'why (an offboarding is remembered with who, when and why)')
      .option(...AS_OPTION)
      .option('--json', 'print one JSON object')
      .addHelpText('after', JSON_HELP)
      .action(async (person: string, flags: LifecycleFlags, command: Command) => {
        if (flags.wait && !flags.apply)
          throw new CliError('USAGE', '--wait needs --apply (a dry run has nothing to wait for).')
        const options = command.optsWithGlobals<GlobalOptions & LifecycleFlags>()
        await withServices(options, async (services, output) => {
          try {
            const workspace = await resolveWorkspace(services, flags.workspace)
            const who = await resolvePerson(services, workspace.id, person)
            const report = await services.personLifecycle[action](workspace.id, who.id, {
              actor: await cliOperator(services, workspace.id, flags.as),
              trigger: 'cli',
              apply: flags.apply === true,
              ...(flags.reason ? { reason: flags.reason } : {}),
            })
            const final = flags.wait ? await waitWithWorker(services, workspace.id, report) : report
            show(final, output, await appNames(services, workspace.id))
          } finally {
            await services.stopJobs()
          }
        })
      })
  }
  const lifecycle = program.command('lifecycle').description('onboarding and offboarding plans')
  lifecycle
    .command('reinstate <person>')
    .description(
      'reverse an admin’s standing offboarding, with a reason: later plans may give access back',
    )
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .requiredOption('--reason <text>', 'why the offboarding is reversed (audited)')
    .option(...AS_OPTION)
    .option('--json', 'print one JSON object')
    .action(async (person: string, flags: LifecycleFlags, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, flags.workspace)
        const who = await resolvePerson(services, workspace.id, person)
        const result = await services.personLifecycle.reinstate(workspace.id, who.id, {
          actor: await cliOperator(services, workspace.id, flags.as),
          reason: flags.reason ?? '',
        })
        output.result(
          result,
          () => `Reversed the offboarding of ${person}; the next plan may give their access back.`,
        )
      })
    })
  lifecycle
    .command('status <planId>')
    .description(
      'where an onboarding or offboarding stands: applied steps, open and verified tasks',
    )
    .option('--workspace <slug>', 'the workspace (default: the plan’s own)')
    .option('--json', 'print one JSON object')
    .addHelpText('after', JSON_HELP)
    .action(async (planId: string, flags: LifecycleFlags, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, flags.workspace, planId)
        const report = await services.personLifecycle.status(workspace.id, planId)
        show(report, output, await appNames(services, workspace.id))
      })
    })
}

/** Like `rollcall apply --wait`: a worker here (on SQLite only while no server holds the queue). */
async function waitWithWorker(services: Services, workspaceId: string, report: LifecycleReport) {
  const workers = waitingWorkers(services)
  const stop = new AbortController()
  const interrupt = () => stop.abort()
  process.once('SIGINT', interrupt)
  workers.startAll()
  try {
    const final = await services.personLifecycle.waitFor(workspaceId, report.planId, {
      signal: stop.signal,
    })
    // The revocation happened in this call; the later status knows only the plan.
    return { ...final, ...(report.revocation ? { revocation: report.revocation } : {}) }
  } finally {
    process.off('SIGINT', interrupt)
    await workers.stopAll()
  }
}

async function appNames(services: Services, workspaceId: string): Promise<Map<string, string>> {
  return new Map((await services.apps.list(workspaceId)).map((a) => [a.id, a.name]))
}

function show(report: LifecycleReport, output: Output, apps: ReadonlyMap<string, string>): void {
  output.result(report, () => describe(report, apps))
  if (report.status === 'failed' || report.status === 'blocked') process.exitCode = EXIT.failed
}

/** Steps by app: automated or a manual task, which wait for approval, and what remains. */
export function describe(report: LifecycleReport, apps: ReadonlyMap<string, string>): string {
  const who = report.person.email ?? report.person.id
  const lines = [
    `${report.action === 'offboard' ? 'Offboarding' : 'Onboarding'} ${who}: plan ${report.planId}, ${report.status}${report.status === 'planned' ? ' (a dry run: nothing was changed; --apply to carry it out)' : ''}.`,
  ]
  if (report.operations.length === 0) lines.push('  Nothing to do in any app.')
  for (const op of report.operations) {
    const how =
      op.mode === 'manual'
        ? `manual task${op.task ? ` ${op.task.id} (${op.task.status})` : ''}`
        : 'automated'
    const approval = op.status === 'held' ? '; needs approval' : ''
    lines.push(
      `  ${op.kind.padEnd(10)} in ${apps.get(op.appId) ?? op.appId}: ${how}; ${op.status}${approval}`,
    )
  }
  for (const held of report.held) lines.push(`  held ${held.operationId}: ${held.reason}`)
  if (report.status !== 'planned')
    lines.push(
      `  ${report.applied} applied, ${report.failed} failed, ${report.tasks} task(s) opened (${report.taskStatus.open} open, ${report.taskStatus.done} done, ${report.taskStatus.verified} verified).`,
    )
  if (report.revocation)
    lines.push(
      `  Rollcall access revoked: ${report.revocation.consoleSessions} console session(s), ${report.revocation.oauthArtifacts} OAuth grant(s)/token(s).`,
    )
  for (const q of report.quarantined)
    lines.push(`  ${apps.get(q.appId) ?? q.appId} is quarantined: ${q.reason}`)
  return lines.join('\n')
}
