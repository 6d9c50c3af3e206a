import type { Command } from 'commander'
import type { Operation, PlanView } from '../../../access/reconcile/index.js'
import type { Services } from '../../http/index.js'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { bundledGrants, operationLine } from '../operation-words.js'
import { AS_OPTION, cliOperator } from '../operator.js'
import { CliError } from '../output.js'
import { createProgress } from '../progress.js'
import { appIdOf, personIdOf, resolveWorkspace } from '../resolve.js'
import { registerPlanList, statusWords } from './plan-list.js'

type PlanFlags = {
  workspace?: string
  app?: string
  person?: string
  offboard?: boolean
  json?: boolean
}

type DecideFlags = {
  workspace?: string
  op?: string[]
  all?: boolean
  reason: string
  as?: string
}

/**
 * `rollcall plan --workspace <slug> [--app <id>] [--person <email>] [--offboard] --json`: a dry
 * run (DESIGN contract: `{"id","operations":[…],"held":[{"operationId","reason"}]}`), stored so
 * its held operations can be approved or rejected (`plan approve|reject <id>`) and, in the apply
 * issue, applied. `plan show <id>` prints a stored plan.
 */
export function registerPlan(program: Command): void {
  const plan = program
    .command('plan')
    .description('compute a new plan (a dry run: nothing is changed) and store it for approval')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--app <app>', 'only this app (name or id)')
    .option('--person <person>', 'only this person (email, userName, name or id)')
    .option('--offboard', 'with --person: plan as if they were leaving every app')
    .option('--json', 'print one JSON object')
    .addHelpText('after', '\nEach run computes a new plan; `rollcall plan show <id>` prints one.')
    .action(async (options: PlanFlags, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const appId = await appIdOf(services, workspace.id, options.app)
        const person = await personIdOf(services, workspace.id, options.person)
        const progress = createProgress({ json: output.json })
        const view = await services.reconcile.createPlan(
          workspace.id,
          {
            ...(appId ? { appId } : {}),
            ...(person ? { person } : {}),
            ...(options.offboard ? { offboard: true } : {}),
          },
          {
            trigger: 'cli',
            actor: await cliOperator(services, workspace.id, undefined),
            onProgress: (people) => progress.update(`reconciling: ${people} people`),
          },
        )
        progress.done()
        const names = await appNames(services, workspace.id)
        output.result(planJson(view), () => describePlan(view, names, { dryRun: true }))
      })
    })

  registerPlanList(plan)

  plan
    .command('show <id>')
    .description('print a stored plan with its operations and held items')
    .option('--workspace <slug>', 'the workspace (default: the plan’s own)')
    .option('--json', 'print one JSON object')
    .action(async (id: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & PlanFlags>()
      await withServices(options, async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace, id)
        const view = await services.reconcile.getPlan(workspace.id, id)
        const names = await appNames(services, workspace.id)
        output.result(planJson(view), () => describePlan(view, names))
      })
    })

  for (const decision of ['approve', 'reject'] as const) registerDecision(plan, decision)
}

/** `plan approve|reject <id> (--op <id…> | --all) --reason <text> [--as <member>]`. */
function registerDecision(plan: Command, decision: 'approve' | 'reject'): void {
  plan
    .command(`${decision} <id>`)
    .description(`${decision} held operations of a plan: one by one (--op) or all (--all)`)
    .option('--workspace <slug>', 'the workspace (default: the plan’s own)')
    .option('--op <ids...>', 'the operations')
    .option('--all', 'every held operation')
    .requiredOption('--reason <text>', 'why (kept in the audit trail with who decided)')
    .option(...AS_OPTION)
    .option('--json', 'print one JSON object')
    .action(async (id: string, flags: DecideFlags, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & PlanFlags>()
      if (!flags.all && (flags.op ?? []).length === 0)
        throw new CliError('USAGE', `Say which: --op <id…> or --all.`)
      const reason = flags.reason.trim()
      if (reason === '') throw new CliError('USAGE', '--reason must say why.')
      await withServices(options, async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace, id)
        const actor = await cliOperator(services, workspace.id, flags.as)
        const before = await services.reconcile.getPlan(workspace.id, id)
        let view = before
        for (const op of flags.all ? [undefined] : (flags.op ?? []))
          view = await services.reconcile[decision](workspace.id, id, op, actor, { reason })
        const decided = newlyDecided(before, view)
        const names = await appNames(services, workspace.id)
        output.result({ ...planJson(view), decided: decided.map((op) => op.id), actor }, () =>
          describeDecision({ decision, view, decided, names, reason, actor: actor.id ?? '' }),
        )
      })
    })
}

/** The operations this decision moved out of `held`. */
function newlyDecided(before: PlanView, after: PlanView): Operation[] {
  const held = new Set(before.operations.filter((op) => op.status === 'held').map((op) => op.id))
  return after.operations.filter((op) => held.has(op.id) && op.status !== 'held')
}

function describeDecision(d: {
  decision: 'approve' | 'reject'
  view: PlanView
  decided: readonly Operation[]
  names: ReadonlyMap<string, string>
  reason: string
  actor: string
}): string {
  const verb = d.decision === 'approve' ? 'Approved' : 'Rejected'
  const lines = [
    `${verb} ${d.decided.length} operation(s) of plan ${d.view.id}, by ${d.actor}: “${d.reason}”.`,
    ...d.decided.map((op) => `  ${op.id}  ${operationLine(op, d.names)}`),
    `${d.view.held.length} operation(s) still held.${d.decision === 'approve' ? ` Apply: rollcall apply ${d.view.id} --wait` : ''}`,
  ]
  return lines.join('\n')
}

/** The contract's shape, plus what a script needs to act on each operation. */
export function planJson(view: PlanView) {
  return {
    id: view.id,
    title: view.title,
    status: view.status,
    headline: view.headline,
    scope: view.scope,
    createdAt: view.createdAt,
    counts: view.counts,
    operations: view.operations.map((op) => ({
      id: op.id,
      appId: op.appId,
      kind: op.kind,
      personEmail: op.personEmail,
      accountId: op.accountId,
      status: op.status,
      finding: op.findingKind,
      capability: op.capability,
      ...(op.payload.kind === 'task' ? { task: op.payload.action } : {}),
      ...grantsJson(op.payload),
    })),
    held: view.held,
  }
}

async function appNames(services: Services, workspaceId: string): Promise<Map<string, string>> {
  return new Map((await services.apps.list(workspaceId)).map((a) => [a.id, a.name]))
}

/** Steps by app: automated or manual (a task), and which wait for approval, and why. */
export function describePlan(
  view: PlanView,
  apps: ReadonlyMap<string, string>,
  options: { dryRun?: boolean } = {},
): string {
  const made = view.createdAt.slice(0, 16).replace('T', ' ')
  const lines = [
    `${view.title} (${made}), plan ${view.id}: ${statusWords(view.status)}. ${view.headline}${options.dryRun ? ' A dry run: nothing was changed.' : ''}`,
  ]
  for (const op of view.operations) lines.push(`  ${op.id}  ${operationLine(op, apps)}`)
  for (const held of view.held.slice(0, 20))
    lines.push(`  held ${held.operationId}: ${held.reason}`)
  return lines.join('\n')
}

/** What a grant operation adds or removes, and the grants an account operation carries. */
function grantsJson(payload: Operation['payload']) {
  if (payload.kind === 'add_grant' || payload.kind === 'remove_grant')
    return { entitlement: payload.entitlement }
  const grants = bundledGrants(payload)
  return grants.length === 0 ? {} : { grants }
}
