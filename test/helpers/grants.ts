import type { TestStore } from './dialects.js'

/**
 * Reads of an app's entitlements and grants straight from the store, for tests of the refresh
 * (the read API is another step): what the graph now holds, in words that compare easily.
 */

/** Live grants of the app as sorted `Role userName` lines (removed ones with `removed `). */
export async function grantLines(
  store: TestStore,
  appId: string,
  options: { includeRemoved?: boolean } = {},
): Promise<string[]> {
  const rows = await store.db
    .selectFrom('grants as g')
    .innerJoin('entitlements as e', 'e.id', 'g.entitlement_id')
    .innerJoin('accounts as a', 'a.id', 'g.account_id')
    .select(['e.display_name', 'a.user_name', 'g.removed_at'])
    .where('g.app_id', '=', appId)
    .execute()
  return rows
    .filter((r) => options.includeRemoved || r.removed_at === null)
    .map((r) => `${r.removed_at === null ? '' : 'removed '}${r.display_name} ${r.user_name}`)
    .sort()
}

/** The app's entitlements as `name kind privileged? removed?` lines, sorted. */
export async function entitlementLines(store: TestStore, appId: string): Promise<string[]> {
  const rows = await store.db
    .selectFrom('entitlements')
    .select(['display_name', 'kind', 'privileged', 'removed_at'])
    .where('app_id', '=', appId)
    .execute()
  return rows
    .map((r) =>
      [
        r.display_name,
        r.kind,
        ...(r.privileged === 1 ? ['privileged'] : []),
        ...(r.removed_at === null ? [] : ['removed']),
      ].join(' '),
    )
    .sort()
}

/** A snapshot's grant changes as sorted `change Role userName` lines. */
export async function grantChangeLines(store: TestStore, snapshotId: string): Promise<string[]> {
  const rows = await store.db
    .selectFrom('grant_changes as c')
    .innerJoin('entitlements as e', 'e.id', 'c.entitlement_id')
    .innerJoin('accounts as a', 'a.id', 'c.account_id')
    .select(['c.change', 'e.display_name', 'a.user_name'])
    .where('c.snapshot_id', '=', snapshotId)
    .execute()
  return rows.map((r) => `${r.change} ${r.display_name} ${r.user_name}`).sort()
}

/** `grant.*` events of the app as sorted `type Role accountId personId?` lines. */
export async function grantEventLines(store: TestStore, appId: string): Promise<string[]> {
  const rows = await store.db
    .selectFrom('events')
    .select(['type', 'data', 'subject_type', 'subject_id'])
    .where('source_id', '=', appId)
    .where('type', 'like', 'grant.%')
    .execute()
  return rows
    .map((r) => {
      const data = (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as {
        entitlement: { displayName: string }
        accountId: string
        personId: string | null
      }
      return `${r.type} ${data.entitlement.displayName} ${r.subject_type}:${data.accountId === r.subject_id} person:${data.personId !== null}`
    })
    .sort()
}
