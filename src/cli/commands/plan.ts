import type { Command } from 'commander'
import type { Services } from '../../app/index.js'
import type { PlanView } from '../../reconcile/index.js'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { CliError } from '../output.js'
import { createProgress } from '../progress.js'
import { registerPlanList, statusWords } from './plan-list.js'
import { CLI_ACTOR } from './workspace.js'

type PlanFlags = {
  workspace?: string
  app?: string
  person?: string
  offboard?: boolean
  json?: boolean
}

type DecideFlags = { op?: string[]; all?: boolean }

/**
 * `rollcall plan --workspace <slug> [--app <id>] [--person <email>] [--offboard] --json`: a dry
 * run (DESIGN contract: `{"id","operations":[…],"held":[{"operationId","reason"}]}`), stored so
 * its held operations can be approved or rejected (`plan approve|reject <id>`) and, in the apply
 * issue, applied. `plan show <id>` prints a stored plan.
 */
export function registerPlan(program: Command): void {
  const plan = program
    .command('plan')
    .description('compute a plan (a dry run: nothing is changed) and store it for approval')
    .option('--workspace <slug>', 'the workspace')
    .option('--app <id>', 'only this app')
    .option('--person <email>', 'only this person (id, email or userName)')
    .option('--offboard', 'with --person: plan as if they were leaving every app')
    .option('--json', 'print one JSON object')
    .action(async (options: PlanFlags, command: Command) => {
      const slug = requireWorkspace(options.workspace)
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await services.workspaces.require(slug)
        const progress = createProgress({ json: output.json })
        const view = await services.reconcile.createPlan(
          workspace.id,
          {
            ...(options.app ? { appId: options.app } : {}),
            ...(options.person ? { person: options.person } : {}),
            ...(options.offboard ? { offboard: true } : {}),
          },
          {
            trigger: 'cli',
            actor: CLI_ACTOR,
            onProgress: (people) => progress.update(`reconciling: ${people} people`),
          },
        )
        progress.done()
        const names = await appNames(services, workspace.id)
        output.result(planJson(view), () => describePlan(view, names))
      })
    })

  registerPlanList(plan)

  plan
    .command('show <id>')
    .description('print a stored plan with its operations and held items')
    .action(async (id: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & PlanFlags>()
      const slug = requireWorkspace(options.workspace)
      await withServices(options, async (services, output) => {
        const workspace = await services.workspaces.require(slug)
        const view = await services.reconcile.getPlan(workspace.id, id)
        const names = await appNames(services, workspace.id)
        output.result(planJson(view), () => describePlan(view, names))
      })
    })

  for (const decision of ['approve', 'reject'] as const) {
    plan
      .command(`${decision} <id>`)
      .description(`${decision} held operations of a plan: one by one (--op) or all (--all)`)
      .option('--op <ids...>', 'the operations')
      .option('--all', 'every held operation')
      .action(async (id: string, flags: DecideFlags, command: Command) => {
        const options = command.optsWithGlobals<GlobalOptions & PlanFlags>()
        const slug = requireWorkspace(options.workspace)
        if (!flags.all && (flags.op ?? []).length === 0)
          throw new CliError('USAGE', `Say which: --op <id…> or --all.`)
        await withServices(options, async (services, output) => {
          const workspace = await services.workspaces.require(slug)
          const ids = flags.all ? [undefined] : (flags.op ?? [])
          let view: PlanView | undefined
          for (const op of ids)
            view = await services.reconcile[decision](workspace.id, id, op, CLI_ACTOR)
          if (!view) return
          const shown = view
          const names = await appNames(services, workspace.id)
          output.result(planJson(shown), () => describePlan(shown, names))
        })
      })
  }
}

function requireWorkspace(slug: string | undefined): string {
  if (!slug) throw new CliError('USAGE', '--workspace <slug> is required.')
  return slug
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
    })),
    held: view.held,
  }
}

async function appNames(services: Services, workspaceId: string): Promise<Map<string, string>> {
  return new Map((await services.apps.list(workspaceId)).map((a) => [a.id, a.name]))
}

/** Steps by app: automated or manual (a task), and which wait for approval, and why. */
export function describePlan(view: PlanView, apps: ReadonlyMap<string, string>): string {
  const made = view.createdAt.slice(0, 16).replace('T', ' ')
  const lines = [
    `${view.title} (${made}), plan ${view.id}: ${statusWords(view.status)}. ${view.headline}`,
  ]
  for (const op of view.operations) {
    const how =
      op.kind === 'task'
        ? `manual: a task (${op.payload.kind === 'task' ? op.payload.action : ''})`
        : 'automated'
    const who = op.personEmail ?? op.accountId ?? ''
    const flag = op.status === 'held' ? 'needs approval' : op.status
    lines.push(
      `  ${op.id}  ${op.kind.padEnd(10)} ${who} in ${apps.get(op.appId) ?? op.appId} — ${how}; ${flag}`,
    )
  }
  for (const held of view.held.slice(0, 20))
    lines.push(`  held ${held.operationId}: ${held.reason}`)
  return lines.join('\n')
}
