import { randomUUID } from 'node:crypto'
import type { ConsoleFixture } from './console-fixture.js'

/**
 * Entitlements and grants written straight into the graph's tables (issue 15), so the console's
 * pages can be tested against the real server before any connector lists them. Test-only: in
 * the product only access/graph writes these tables.
 */

export type SeedEntitlement = {
  appId: string
  displayName: string
  kind: 'group' | 'role' | 'license' | 'permission'
  description?: string
  privileged?: boolean
  /** Set: a complete listing no longer returned it. */
  removedAt?: string
}

const FIRST_SEEN = '2026-12-01T09:00:00.000Z'

/** Writes one entitlement of an app and returns its id. */
export async function seedEntitlement(f: ConsoleFixture, e: SeedEntitlement): Promise<string> {
  const id = randomUUID()
  const remoteId = `remote-${e.displayName.toLowerCase().replace(/\W+/g, '-')}`
  await f.server.store.db
    .insertInto('entitlements')
    .values({
      id,
      workspace_id: f.server.workspace.id,
      app_id: e.appId,
      remote_id: remoteId,
      kind: e.kind,
      display_name: e.displayName,
      description: e.description ?? null,
      privileged: e.privileged ? 1 : 0,
      attributes: JSON.stringify({ id: remoteId, displayName: e.displayName }),
      fingerprint: `seed-${id}`,
      seen_snapshot_id: null,
      first_seen_at: FIRST_SEEN,
      removed_at: e.removedAt ?? null,
      updated_at: FIRST_SEEN,
    })
    .execute()
  return id
}

/** Grants an entitlement to the app's account with this user name; returns the grant's id. */
export async function seedGrant(
  f: ConsoleFixture,
  grant: { appId: string; entitlementId: string; userName: string; removedAt?: string },
): Promise<string> {
  const account = await f.server.store.db
    .selectFrom('accounts')
    .select('id')
    .where('workspace_id', '=', f.server.workspace.id)
    .where('app_id', '=', grant.appId)
    .where('user_name', '=', grant.userName)
    .executeTakeFirstOrThrow()
  const id = randomUUID()
  await f.server.store.db
    .insertInto('grants')
    .values({
      id,
      workspace_id: f.server.workspace.id,
      app_id: grant.appId,
      entitlement_id: grant.entitlementId,
      account_id: account.id,
      seen_snapshot_id: null,
      first_seen_at: FIRST_SEEN,
      removed_at: grant.removedAt ?? null,
    })
    .execute()
  return id
}
