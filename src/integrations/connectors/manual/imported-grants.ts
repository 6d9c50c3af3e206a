import { type CatalogEntry, entitlementTypeOf, isPrivilegedName } from '../../catalog/index.js'
import type { Grant, RemoteEntitlement } from '../connector.js'
import type { ImportedAccount, ImportedAccountsSource } from './imported-accounts.js'

/**
 * An app without an API has the grants its latest uploaded export names (a `roles` column):
 * its entitlements are every name there, of the kind its catalog entry gives hand-granted
 * entitlements (Samepage: role), keyed by the lower-cased name; a grant ties the account (by the
 * id the accounts listing gives it) to each name on its line. No import, or an entry without
 * hand-granted entitlements: nothing.
 */
export type ImportScope = { readonly workspaceId: string; readonly appId: string }

const SCAN = 1000

/** Every entitlement the latest import names, sorted by id (one page: imports are small). */
export async function importedEntitlements(
  source: ImportedAccountsSource | undefined,
  entry: CatalogEntry,
  scope: ImportScope,
): Promise<RemoteEntitlement[]> {
  const type = entitlementTypeOf(entry, 'manual')
  if (!type || !source) return []
  const names = new Map<string, string>()
  let importedAt: string | undefined
  let after: string | undefined
  do {
    const page = await source.importedAccounts({
      ...scope,
      limit: SCAN,
      ...(after ? { after } : {}),
    })
    if (!page) return []
    importedAt = page.importedAt
    for (const account of page.accounts)
      for (const name of account.entitlements ?? [])
        if (!names.has(name.toLowerCase())) names.set(name.toLowerCase(), name)
    after = page.accounts.length === SCAN ? page.accounts.at(-1)?.key : undefined
  } while (after)
  return [...names]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, displayName]) => ({
      id,
      kind: type.kind,
      displayName,
      privileged: isPrivilegedName(type, displayName),
      raw: { source: 'import', importedAt },
    }))
}

/** The grants of one page of imported accounts (by key after `after`), and where the next starts. */
export async function importedGrantsPage(
  source: ImportedAccountsSource | undefined,
  entry: CatalogEntry,
  query: ImportScope & { after?: string; limit: number; entitlementId?: string },
): Promise<{ items: Grant[]; nextAfter?: string }> {
  if (!entitlementTypeOf(entry, 'manual') || !source) return { items: [] }
  const { entitlementId, ...page } = query
  const imported = await source.importedAccounts(page)
  if (!imported) return { items: [] }
  const items = imported.accounts.flatMap((account) => grantsOf(account, entitlementId))
  const last = imported.accounts.at(-1)?.key
  return imported.accounts.length === query.limit && last ? { items, nextAfter: last } : { items }
}

function grantsOf(account: ImportedAccount, only: string | undefined): Grant[] {
  // The same id the accounts listing gives the account (manual-connector's toAccounts).
  const accountId = account.accountId ?? account.key
  return (account.entitlements ?? [])
    .map((name) => name.toLowerCase())
    .filter((id) => only === undefined || id === only)
    .map((entitlementId) => ({ entitlementId, accountId }))
}
