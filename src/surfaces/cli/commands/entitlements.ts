import type { Command } from 'commander'
import {
  createEntitlementReads,
  ENTITLEMENT_KINDS,
  type EntitlementView,
} from '../../../access/graph/index.js'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { oneOf, resolveApp, resolveWorkspace } from '../resolve.js'

type ListFlags = {
  workspace?: string
  app: string
  kind?: string
  search?: string
  includeRemoved?: boolean
}

/**
 * `rollcall entitlements list --app <app> [--kind] [--search] [--include-removed] [--json]`: an
 * app's groups, roles, licenses and permissions as the graph last read them, with how many
 * accounts hold each (the same reads as `GET /api/apps/:id/entitlements`).
 */
export function registerEntitlements(program: Command): void {
  const entitlements = program
    .command('entitlements')
    .description("an app's groups, roles, licenses and permissions")

  entitlements
    .command('list')
    .description("list an app's entitlements with their member counts")
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .requiredOption('--app <app>', 'the app (name or id)')
    .option('--kind <kind>', ENTITLEMENT_KINDS.join(', '))
    .option('--search <text>', 'only those whose name or remote id contains this')
    .option('--include-removed', 'removed ones too (no longer in the app’s listing)')
    .option('--json', 'print one JSON object')
    .action(async (options: ListFlags, command: Command) => {
      const kind = oneOf('--kind', options.kind, ENTITLEMENT_KINDS)
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const app = await resolveApp(services, workspace.id, options.app)
        const reads = createEntitlementReads({ db: services.store.db, apps: services.apps })
        const items = await reads.list(workspace.id, app.id, {
          ...(kind ? { kind } : {}),
          ...(options.search ? { q: options.search } : {}),
          includeRemoved: options.includeRemoved === true,
        })
        output.result({ app, items }, () =>
          items.length === 0
            ? `No entitlements in ${app.name}${kind ? ` of kind ${kind}` : ''}. They are read with its accounts (rollcall sync).`
            : entitlementTable(items),
        )
      })
    })
}

/** Name, kind, privileged, members (and the id, to copy). */
function entitlementTable(items: readonly EntitlementView[]): string {
  const width = Math.min(40, Math.max(4, ...items.map((e) => e.displayName.length)))
  const header = `${'NAME'.padEnd(width)}  ${'KIND'.padEnd(10)}  ${'PRIVILEGED'.padEnd(10)}  ${'MEMBERS'.padStart(7)}  ID`
  const rows = items.map((e) => {
    const name = e.removedAt ? `${e.displayName} (removed)` : e.displayName
    return `${name.padEnd(width)}  ${e.kind.padEnd(10)}  ${(e.privileged ? 'yes' : 'no').padEnd(10)}  ${String(e.members).padStart(7)}  ${e.id}`
  })
  return [header, ...rows].join('\n')
}
