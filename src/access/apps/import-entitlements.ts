import {
  type CatalogEntry,
  type EntitlementType,
  entitlementTypeOf,
} from '../../integrations/catalog/index.js'
import { err, ok, type Result } from '../../shared/result.js'

/**
 * The optional column of an account export that names each account's roles (or groups…): the
 * grants of an app without an API, `;`-separated entitlement names, created with the kind the
 * catalog gives the app's hand-granted entitlements (Samepage: role).
 */
export const ENTITLEMENT_HEADERS = ['roles', 'role', 'entitlements']

const MAX_NAME = 200

/** `Editors; Admin` → ['Editors', 'Admin']; an empty cell is no grants, an empty name an error. */
export function parseEntitlementNames(cell: string | undefined): Result<string[], string> {
  if (cell === undefined || cell.trim() === '') return ok([])
  const names = cell.split(';').map((name) => name.trim())
  if (names.some((name) => name === ''))
    return err(`entitlements: "${cell}" has an empty name (names are separated by ";")`)
  const long = names.find((name) => name.length > MAX_NAME)
  if (long) return err(`entitlements: "${long.slice(0, 40)}…" is longer than ${MAX_NAME}`)
  // Case-insensitive like the listing's ids: "Editors;editors" is one grant.
  return ok([...new Map(names.map((name) => [name.toLowerCase(), name])).values()])
}

/**
 * The entitlement type an import's names become, or why the app cannot take them: only an app
 * whose catalog entry has entitlements granted by hand (the manual connector lists them).
 */
export function importEntitlementType(
  entry: CatalogEntry | undefined,
): Result<EntitlementType, string> {
  const type = entry ? entitlementTypeOf(entry, 'manual') : undefined
  if (type) return ok(type)
  return err(
    `the entitlements column: ${entry?.name ?? 'this app'} has no entitlements granted by hand in the catalog, so an import cannot name any`,
  )
}
