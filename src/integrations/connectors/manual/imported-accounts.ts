import type { ConfirmedAccount } from './task-sink.js'

/**
 * The port for an app's uploaded user export (apps without an API): the accounts of the latest
 * import, a full snapshot taken when the admin uploaded it. Declared here, by its consumer; the
 * apps domain implements it on the database.
 */
export interface ImportedAccountsSource {
  /** The latest import's accounts in key order after `after`; undefined when none was made. */
  importedAccounts(query: {
    readonly workspaceId: string
    readonly appId: string
    readonly after?: string
    readonly limit: number
  }): Promise<
    { readonly importedAt: string; readonly accounts: readonly ImportedAccount[] } | undefined
  >
}

export type ImportedAccount = {
  /** Lower-cased email (or userName): the key tasks use too. */
  readonly key: string
  readonly accountId?: string
  readonly userName: string
  readonly displayName?: string
  readonly active: boolean
  /** The names of the account's roles (groups…) in the export: its grants (issue 15). */
  readonly entitlements?: readonly string[]
}

export type ManualEntry =
  | { readonly kind: 'task'; readonly confirmed: ConfirmedAccount }
  | { readonly kind: 'import'; readonly account: ImportedAccount; readonly importedAt: string }

/**
 * Merges the owner's confirmations with the latest import, one page keyed by email. Per person,
 * whichever is newer decides: a task completed after the upload, or else the upload itself (an
 * upload is the whole list, so a person it does not name has no account any more). A page ends
 * at the smallest last key of a full page on either side, so nothing between is skipped.
 */
export function mergeManual(
  confirmed: readonly ConfirmedAccount[],
  imported: { importedAt: string; accounts: readonly ImportedAccount[] } | undefined,
  limit: number,
): { entries: ManualEntry[]; nextAfter?: string } {
  const ends = [
    confirmed.length === limit ? confirmed.at(-1)?.personEmail : undefined,
    imported && imported.accounts.length === limit ? imported.accounts.at(-1)?.key : undefined,
  ].filter((key): key is string => key !== undefined)
  const boundary = ends.sort()[0]
  const tasks = new Map(confirmed.map((c) => [c.personEmail, c]))
  const uploads = new Map((imported?.accounts ?? []).map((a) => [a.key, a]))
  const keys = [...new Set([...tasks.keys(), ...uploads.keys()])]
    .filter((key) => boundary === undefined || key <= boundary)
    .sort()
  const entries = keys.flatMap((key): ManualEntry[] => {
    const task = tasks.get(key)
    const upload = uploads.get(key)
    if (task && (!imported || task.confirmedAt > imported.importedAt))
      return [{ kind: 'task', confirmed: task }]
    if (upload && imported)
      return [{ kind: 'import', account: upload, importedAt: imported.importedAt }]
    return []
  })
  return boundary === undefined ? { entries } : { entries, nextAfter: boundary }
}
