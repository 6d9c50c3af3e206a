import type { Command } from 'commander'
import type { PlanSummary } from '../../../access/reconcile/index.js'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { CliError } from '../output.js'

type ListFlags = { workspace?: string; status?: string; limit?: string }

/**
 * `rollcall plan list --workspace <slug> [--status <s>] [--json]`: the workspace's plans, newest
 * first, each named by what it does with its time beside it, its status and where it stands.
 * JSON: `{"plans":[{"id","title","status","headline","createdAt","scope","counts"}],"next"?}`.
 */
export function registerPlanList(plan: Command): void {
  plan
    .command('list')
    .description('list the plans, newest first: what each does, its status and where it stands')
    .option('--status <status>', 'only plans in this status (ready, held, applying, …)')
    .option('--limit <n>', 'at most this many (default 50)')
    .action(async (flags: ListFlags, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & ListFlags>()
      if (!options.workspace) throw new CliError('USAGE', '--workspace <slug> is required.')
      const limit = flags.limit === undefined ? undefined : Number(flags.limit)
      if (limit !== undefined && !(Number.isInteger(limit) && limit > 0))
        throw new CliError('USAGE', '--limit takes a positive whole number.')
      const slug = options.workspace
      await withServices(options, async (services, output) => {
        const workspace = await services.workspaces.require(slug)
        const page = await services.reconcile.plans(workspace.id, {
          ...(flags.status ? { status: flags.status } : {}),
          ...(limit ? { limit } : {}),
        })
        output.result(page, () => describePlans(page.plans))
      })
    })
}

/** One line a plan: "2026-12-07 15:30  Offboard Grace Cerf  partly applied  72 of 77 applied…". */
export function describePlans(plans: readonly PlanSummary[]): string {
  if (plans.length === 0) return 'No plans yet. `rollcall plan --workspace <slug>` makes one.'
  const width = Math.max(...plans.map((p) => p.title.length))
  return plans
    .map(
      (p) =>
        `${p.createdAt.slice(0, 16).replace('T', ' ')}  ${p.title.padEnd(width)}  ${statusWords(p.status).padEnd(14)}  ${p.headline}  (${p.id})`,
    )
    .join('\n')
}

/** `partly_applied` → "partly applied". */
export const statusWords = (status: string): string => status.replaceAll('_', ' ')
