import { randomUUID } from 'node:crypto'
import type { EntitlementKind } from '../../src/integrations/catalog/index.js'
import type { Db } from '../../src/platform/store/index.js'
import type { Services } from '../../src/surfaces/http/index.js'

const SYSTEM = { type: 'system', id: null } as const
const SEEN_AT = '2026-12-01T09:00:00.000Z'

/**
 * Entitlements and grants for tests, written straight into the graph's tables (the refresh that
 * fills them from connectors is built beside this step of issue 15). Accounts come through the
 * real path: an app without an API, its CSV export imported, refreshed once.
 */

/**
 * Connects an app without an API (Samepage's catalog entry) with an optional assignment, imports
 * `rows` (`email,name,status` lines) and refreshes it. Returns the app and its accounts by email.
 */
export async function appWithAccounts(
  services: Services,
  workspaceId: string,
  options: { name: string; rows: readonly string[]; assignment?: unknown },
): Promise<{ appId: string; accounts: Map<string, string> }> {
  const app = await services.apps.connect(
    workspaceId,
    {
      catalogId: 'samepage',
      name: options.name,
      owner: 'it@acme.test',
      ...(options.assignment ? { assignment: options.assignment } : {}),
    },
    SYSTEM,
  )
  const text = `email,name,status\n${options.rows.join('\n')}\n`
  await services.accountImports.importCsv(
    workspaceId,
    app.id,
    { text, fileName: 'export.csv' },
    SYSTEM,
  )
  const report = await services.graph.refreshApp(workspaceId, app.id, {
    trigger: 'cli',
    actor: SYSTEM,
  })
  if (report.status !== 'succeeded') throw new Error(`refresh: ${JSON.stringify(report)}`)
  const accounts = await services.graph.accounts(workspaceId, { appId: app.id, limit: 1000 })
  return { appId: app.id, accounts: new Map(accounts.map((a) => [a.userName, a.id])) }
}

export type SeedEntitlement = {
  readonly workspaceId: string
  readonly appId: string
  readonly kind: EntitlementKind
  readonly displayName: string
  readonly remoteId?: string
  readonly description?: string
  readonly privileged?: boolean
  readonly removedAt?: string
}

/** One entitlement row; returns its id. */
export async function seedEntitlement(db: Db, entitlement: SeedEntitlement): Promise<string> {
  const id = randomUUID()
  await db
    .insertInto('entitlements')
    .values({
      id,
      workspace_id: entitlement.workspaceId,
      app_id: entitlement.appId,
      remote_id: entitlement.remoteId ?? `remote-${id}`,
      kind: entitlement.kind,
      display_name: entitlement.displayName,
      description: entitlement.description ?? null,
      privileged: entitlement.privileged ? 1 : 0,
      attributes: JSON.stringify({ displayName: entitlement.displayName }),
      fingerprint: id,
      seen_snapshot_id: null,
      first_seen_at: SEEN_AT,
      removed_at: entitlement.removedAt ?? null,
      updated_at: SEEN_AT,
    })
    .execute()
  return id
}

/** One grant row (an account holds the entitlement); returns its id. */
export async function seedGrant(
  db: Db,
  grant: {
    workspaceId: string
    appId: string
    entitlementId: string
    accountId: string
    removedAt?: string
  },
): Promise<string> {
  const id = randomUUID()
  await db
    .insertInto('grants')
    .values({
      id,
      workspace_id: grant.workspaceId,
      app_id: grant.appId,
      entitlement_id: grant.entitlementId,
      account_id: grant.accountId,
      seen_snapshot_id: null,
      first_seen_at: SEEN_AT,
      removed_at: grant.removedAt ?? null,
    })
    .execute()
  return id
}
