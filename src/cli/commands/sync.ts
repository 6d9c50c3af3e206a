import type { Command } from 'commander'
import type { Services } from '../../app/index.js'
import { iteratePages } from '../../connectors/index.js'
import type { SyncProgress, SyncReport } from '../../people/index.js'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { CliError, EXIT } from '../output.js'
import { createProgress, type Progress } from '../progress.js'
import { CLI_ACTOR } from './workspace.js'

type SyncFlags = {
  workspace: string
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
  status: 'listed' | 'failed'
  accounts: number
  active: number
  error?: { code: string; message: string }
}

/**
 * `rollcall sync --workspace <slug> [--source <id>]`: syncs the sources of people, then lists
 * every app's accounts (DESIGN: counts per source and app). A progress line on a terminal,
 * one JSON object with --json. Exits 1 when a source failed or was held by the safety rule.
 */
export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('sync people from the sources, then count every app’s accounts')
    .requiredOption('--workspace <slug>', 'the workspace')
    .option('--source <id>', 'only this source (apps are not listed then)')
    .option('--full', 'a full sync even where an incremental one would do')
    .option('--incremental', 'incremental where the source allows it (Okta)')
    .option('--accept-gone', 'confirm a drop the safety rule held: mark the missing people gone')
    .option('--no-apps', 'do not list the apps’ accounts')
    .option('--json', 'print one JSON object')
    .action(async (options: SyncFlags, command: Command) => {
      if (options.full && options.incremental)
        throw new CliError('USAGE', 'Choose --full or --incremental, not both.')
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await services.workspaces.require(options.workspace)
        const progress = createProgress({ json: output.json })
        const sources = await syncSources(services, workspace.id, options, progress)
        const apps =
          options.apps === false || options.source
            ? []
            : await countApps(services, workspace.id, progress)
        progress.done()
        output.result({ workspace: workspace.slug, sources, apps }, () => describe(sources, apps))
        if (sources.some((s) => s.status !== 'succeeded')) process.exitCode = EXIT.failed
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

/** Every app's accounts, page by page (nothing is kept: the identity graph stores accounts). */
async function countApps(
  services: Services,
  workspaceId: string,
  progress: Progress,
): Promise<AppCount[]> {
  const counts: AppCount[] = []
  for (const app of await services.apps.list(workspaceId)) {
    const count: AppCount = {
      id: app.id,
      name: app.name,
      catalogId: app.catalogId,
      status: 'listed',
      accounts: 0,
      active: 0,
    }
    const connector = await services.apps.connector(workspaceId, app.id)
    if (!connector.ok) {
      counts.push({
        ...count,
        status: 'failed',
        error: { code: connector.error.code, message: connector.error.message },
      })
      continue
    }
    for await (const page of iteratePages((cursor) =>
      connector.value.listAccounts(cursor ? { cursor } : {}),
    )) {
      if (!page.ok) {
        Object.assign(count, {
          status: 'failed',
          error: { code: page.error.code, message: page.error.message },
        })
        break
      }
      count.accounts += page.value.items.length
      count.active += page.value.items.filter((a) => a.active).length
      progress.update(`${app.name}: ${count.accounts} accounts`)
    }
    counts.push(count)
  }
  return counts
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
  const appLines = apps.map(
    (a) =>
      `${a.name} (${a.catalogId}): ${a.status === 'listed' ? `${a.accounts} accounts, ${a.active} active` : `failed: ${a.error?.message}`}`,
  )
  if (lines.length === 0)
    lines.push('No sources to sync. Add one: rollcall source add okta|scim|csv ...')
  return [...lines, ...appLines].join('\n')
}
