import type { EntitlementKind } from '../../../src/integrations/catalog/index.js'
import {
  seedGrant as seedGrantRow,
  seedEntitlement as seedRow,
} from '../../helpers/entitlements.js'
import type { ConsoleFixture } from './console-fixture.js'

/**
 * Entitlements and grants written straight into the graph's tables (issue 15), so the console's
 * pages can be tested against the real server before any connector lists them. Test-only: in
 * the product only access/graph writes these tables. The rows are test/helpers/entitlements.ts's.
 */

export type SeedEntitlement = {
  appId: string
  displayName: string
  kind: EntitlementKind
  description?: string
  privileged?: boolean
  /** Set: a complete listing no longer returned it. */
  removedAt?: string
}

/** Writes one entitlement of an app and returns its id. */
export async function seedEntitlement(f: ConsoleFixture, e: SeedEntitlement): Promise<string> {
  return seedRow(f.server.store.db, {
    ...e,
    workspaceId: f.server.workspace.id,
    remoteId: `remote-${e.displayName.toLowerCase().replace(/\W+/g, '-')}`,
  })
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
  const { userName: _, ...rest } = grant
  return seedGrantRow(f.server.store.db, {
    ...rest,
    workspaceId: f.server.workspace.id,
    accountId: account.id,
  })
}
