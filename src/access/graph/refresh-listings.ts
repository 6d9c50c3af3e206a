import type { CatalogEntry } from '../../integrations/catalog/index.js'
import type {
  CanListEntitlements,
  Connector,
  Grant,
  RemoteAccount,
  RemoteEntitlement,
} from '../../integrations/connectors/index.js'
import type { EventLog } from '../../platform/events/index.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { LinkScope } from './correlate-accounts.js'
import { emptyEntitlementCounts } from './entitlement-types.js'
import { writeEntitlementPage } from './refresh-entitlements.js'
import { writeGrantPage } from './refresh-grants.js'
import type { Listing } from './refresh-listing.js'
import { writePage } from './refresh-page.js'
import type { RefreshCounts } from './types.js'

export type ListingsDeps = {
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly events: EventLog
}

/** The app being refreshed, with its catalog entry (which names privileged entitlements). */
export type RefreshScope = LinkScope & { readonly entry?: CatalogEntry | undefined }

type Pages = {
  accounts: Listing<RemoteAccount>
  entitlements?: Listing<RemoteEntitlement>
  grants?: Listing<Grant>
}

/**
 * The listings of one refresh, in order: the accounts; then, when the connector lists them, the
 * app's entitlements and their grants (a grant links only to what the first two returned).
 */
export function refreshListings(
  deps: ListingsDeps,
  scope: RefreshScope,
  snapshotId: string,
  connector: Connector & Partial<CanListEntitlements>,
  counts: RefreshCounts,
  listing: { lister: CanListEntitlements | undefined; pageSize: number | undefined },
): Pages {
  const { lister, pageSize } = listing
  const page = (cursor: string | undefined, signal: AbortSignal | undefined) => ({
    ...(cursor ? { cursor } : {}),
    ...(signal ? { signal } : {}),
    ...(pageSize ? { pageSize } : {}),
  })
  const now = () => deps.clock.now().toISOString()
  const base = { snapshotId, ids: deps.ids, events: deps.events }
  const app = { workspaceId: scope.workspaceId, appId: scope.appId, entry: scope.entry }
  const accounts: Listing<RemoteAccount> = {
    phase: 'accounts',
    next: lister ? 'entitlements' : 'listed',
    page: (cursor, signal) => connector.listAccounts(page(cursor, signal)),
    write: async (trx, items) => {
      await writePage(trx, { ...base, scope, now: now() }, items, counts)
      counts.pages += 1
    },
  }
  if (!lister) return { accounts }
  counts.entitlements ??= emptyEntitlementCounts()
  const tally = counts.entitlements
  return {
    accounts,
    entitlements: {
      phase: 'entitlements',
      next: 'grants',
      page: (cursor, signal) => lister.listEntitlements(page(cursor, signal)),
      write: async (trx, items) => {
        await writeEntitlementPage(trx, { ...base, ...app, now: now() }, items, tally)
        tally.entitlementPages += 1
      },
    },
    grants: {
      phase: 'grants',
      next: 'listed',
      page: (cursor, signal) => lister.listGrants(page(cursor, signal)),
      write: async (trx, items) => {
        await writeGrantPage(trx, { ...base, ...app, now: now() }, items, tally)
        tally.grantPages += 1
      },
    },
  }
}
