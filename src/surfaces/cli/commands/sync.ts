import type { Command } from 'commander'
import type { RefreshReport } from '../../../access/graph/index.js'
import type { SyncProgress, SyncReport } from '../../../identity/people/index.js'
import type { Services } from '../../http/index.js'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { CliError, EXIT } from '../output.js'
import { createProgress, type Progress } from '../progress.js'
import { resolveWorkspace } from '../resolve.js'
import { CLI_ACTOR } from './workspace.js'

type SyncFlags = {
  workspace?: string
  source?: string
  full?: boolean
  incremental?: boolean
  acceptGone?: boolean
  apps?: boolean
  json?: boolean
}

type AppCount = {
  id: string
  name: string
  catalogId: string
  /** `listed`: the graph has the app's accounts; `held`: too many would be marked removed. */
  status: 'listed' | 'failed' | 'held'
  accounts: number
  active: number
  snapshotId: string
  counts: RefreshReport['counts']
  resumed?: boolean
  error?: { code: string; message: string }
}

/**
 * `rollcall sync --workspace <slug> [--source <id>]`: syncs the sources of people, then
 * refreshes every app's accounts in the identity graph (DESIGN: counts per source and app). A
 * progress line on a terminal, one JSON object with --json. Exits 1 when a source or an app
 * failed or was held by a safety rule.
 */
export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('sync people from the sources, then count every app’s accounts')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--source <id>', 'only this source (apps are not listed then)')
    .option('--full', 'a full sync even where an incremental one would do')
    .option('--incremental', 'incremental where the source allows it (Okta)')
    .option(
      '--accept-gone',
      'confirm a drop a safety rule held: mark the missing people gone, the missing accounts removed',
    )
    .option('--no-apps', 'do not refresh the apps’ accounts')
    .option('--json', 'print one JSON object')
    .action(async (options: SyncFlags, command: Command) => {
      if (options.full && options.incremental)
        throw new CliError('USAGE', 'Choose --full or --incremental, not both.')
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const progress = createProgress({ json: output.json })
        const sources = await syncSources(services, workspace.id, options, progress)
        const apps =
          options.apps === false || options.source
            ? []
            : await refreshApps(services, workspace.id, options, progress)
        progress.done()
        output.result({ workspace: workspace.slug, sources, apps }, () => describe(sources, apps))
        const failed =
          sources.some((s) => s.status !== 'succeeded') || apps.some((a) => a.status !== 'listed')
        if (failed) process.exitCode = EXIT.failed
      })
    })
}

async function syncSources(
  services: Services,
  workspaceId: string,
  options: SyncFlags,
  progress: Progress,
) {
  const list = await services.sources.list(workspaceId)
  const names = new Map(list.map((s) => [s.id, s.name]))
  const onProgress = (p: SyncProgress) =>
    progress.update(
      `${names.get(p.sourceId) ?? p.sourceId}: ${p.phase === 'marking_gone' ? 'marking gone' : 'listing'} · ${p.counts.seen} people, ${p.counts.pages} pages (${p.counts.created} new, ${p.counts.updated} updated)`,
    )
  const reports = await services.sync.syncWorkspace(workspaceId, {
    trigger: 'cli',
    actor: CLI_ACTOR,
    mode: options.full ? 'full' : options.incremental ? 'incremental' : 'auto',
    onProgress,
    ...(options.source ? { sourceId: options.source } : {}),
    ...(options.acceptGone ? { acceptGone: true } : {}),
  })
  return reports.map((report: SyncReport) => ({
    ...report,
    name: names.get(report.sourceId) ?? '',
  }))
}

/** Every app's accounts into the identity graph: one snapshot per app (graph/refresh.ts). */
async function refreshApps(
  services: Services,
  workspaceId: string,
  options: SyncFlags,
  progress: Progress,
): Promise<AppCount[]> {
  const apps = new Map((await services.apps.list(workspaceId)).map((a) => [a.id, a]))
  const reports = await services.graph.refreshWorkspace(workspaceId, {
    trigger: 'cli',
    actor: CLI_ACTOR,
    ...(options.acceptGone ? { acceptGone: true } : {}),
    onProgress: (app, counts) =>
      progress.update(`${app.name}: ${counts.listed} accounts, ${counts.pages} pages`),
  })
  return reports.map((report) => {
    const app = apps.get(report.appId)
    return {
      id: report.appId,
      name: app?.name ?? '',
      catalogId: app?.catalogId ?? '',
      status:
        report.status === 'succeeded' ? 'listed' : report.status === 'held' ? 'held' : 'failed',
      accounts: report.counts.listed,
      active: report.counts.active,
      snapshotId: report.snapshotId,
      counts: report.counts,
      ...(report.resumed ? { resumed: true } : {}),
      ...(report.error ? { error: report.error } : {}),
    }
  })
}

function describe(sources: Array<SyncReport & { name: string }>, apps: AppCount[]): string {
  const lines = sources.map((s) => {
    const c = s.counts
    const head = `${s.name} (${s.kind}, ${s.mode}${s.resumed ? ', resumed' : ''}): ${s.status}`
    const body = `${c.seen} seen, ${c.created} new, ${c.updated} updated, ${c.gone} gone, ${c.ambiguous} ambiguous`
    return [
      `${head} — ${body}`,
      ...(s.error ? [`  ${s.error.message}`] : []),
      ...(s.warnings ?? []).map((w) => `  ${w}`),
    ].join('\n')
  })
  const appLines = apps.map((a) => {
    const c = a.counts
    return a.status === 'listed'
      ? `${a.name} (${a.catalogId}): ${a.accounts} accounts, ${a.active} active — ${c.created} new, ${c.updated} changed, ${c.removed} removed; ${c.linked} linked, ${c.orphan} orphans, ${c.ambiguous} ambiguous`
      : `${a.name} (${a.catalogId}): ${a.status}: ${a.error?.message}`
  })
  if (lines.length === 0)
    lines.push('No sources to sync. Add one: rollcall source add okta|scim|csv ...')
  return [...lines, ...appLines].join('\n')
}
