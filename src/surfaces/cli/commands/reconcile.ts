import type { Command } from 'commander'
import type { RunReport } from '../../../access/reconcile/index.js'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { createProgress } from '../progress.js'
import { appIdOf, resolveWorkspace } from '../resolve.js'
import { CLI_ACTOR } from './workspace.js'

/**
 * `rollcall reconcile --workspace <slug> [--app <id>]`: classifies every (person, app) pair
 * against the identity graph and stores the findings (`rollcall findings`); changes nothing in
 * any app. Prints counts per app and finding kind; one JSON object with --json.
 */
export function registerReconcile(program: Command): void {
  program
    .command('reconcile')
    .description('compare who should have access with who has it; store the findings')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--app <app>', 'only this app (name or id)')
    .option('--json', 'print one JSON object')
    .action(async (options: { workspace?: string; app?: string }, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const appId = await appIdOf(services, workspace.id, options.app)
        const progress = createProgress({ json: output.json })
        const report = await services.reconcile.reconcile(workspace.id, appId ? { appId } : {}, {
          trigger: 'cli',
          actor: CLI_ACTOR,
          onProgress: (people) => progress.update(`reconciling: ${people} people`),
        })
        progress.done()
        output.result(report, () => describe(report))
      })
    })
}

function describe(report: RunReport): string {
  const lines = report.apps.map((app) => {
    const c = app.counts
    return `${app.name}: ${app.entitled} entitled, ${app.accounts} accounts — ${c.in_sync} in sync, ${c.missing} missing, ${c.drifted} drifted, ${c.residual} residual, ${c.orphan} orphans, ${c.ambiguous} ambiguous${grantCounts(c)}`
  })
  if (lines.length === 0) lines.push('No apps. Connect one: rollcall app connect ...')
  return [`Run ${report.runId}:`, ...lines, 'Details: rollcall findings --workspace <slug>'].join(
    '\n',
  )
}

/** "; grants: 3 missing, 1 excess, 1 privileged, 0 residual", when the app has grant findings. */
function grantCounts(c: RunReport['counts']): string {
  const n = c.missing_grant + c.excess_grant + c.privileged_grant + c.residual_grant
  if (n === 0) return ''
  return `; grants: ${c.missing_grant} missing, ${c.excess_grant} excess, ${c.privileged_grant} privileged, ${c.residual_grant} residual`
}
