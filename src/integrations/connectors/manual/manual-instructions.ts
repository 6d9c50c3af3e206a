import type { CatalogEntry } from '../../catalog/index.js'
import type { TaskAction } from '../connector.js'

const VERB: Readonly<Record<TaskAction, string>> = {
  create_account: 'Create an account for',
  update_account: 'Update the account of',
  deactivate_account: 'Deactivate the account of',
  reactivate_account: 'Reactivate the account of',
  delete_account: 'Delete the account of',
  review_access: 'Review what access has',
}

/**
 * Due dates until issue 8's SLAs: removing access is urgent (every hour is residual access,
 * DESIGN "residual-access window"), granting it can wait for the owner's next working day.
 */
const DUE_IN_MS: Readonly<Record<TaskAction, number>> = {
  create_account: 3 * 24 * 3_600_000,
  update_account: 3 * 24 * 3_600_000,
  deactivate_account: 24 * 3_600_000,
  reactivate_account: 3 * 24 * 3_600_000,
  delete_account: 24 * 3_600_000,
  review_access: 7 * 24 * 3_600_000,
}

export function defaultDueAt(action: TaskAction, now: Date): Date {
  return new Date(now.getTime() + DUE_IN_MS[action])
}

/**
 * What the app owner reads: the step, for whom, and how the catalog says it is done in this app.
 * @example
 * manualInstructions(samepage, 'deactivate_account', { email: 'alice@acme.com' })
 * // "Deactivate the account of alice@acme.com in Samepage. An admin removes or deactivates the
 * //  member under Members in the admin console. ..."
 */
export function manualInstructions(
  entry: CatalogEntry,
  action: TaskAction,
  person: { readonly email: string; readonly displayName?: string },
): string {
  const who = person.displayName ? `${person.displayName} <${person.email}>` : person.email
  return [
    `${VERB[action]} ${who} in ${entry.name}.`,
    howTo(entry, action),
    'Then mark this task done and say what you did.',
  ]
    .filter((part): part is string => part !== undefined && part !== '')
    .join(' ')
}

function howTo(entry: CatalogEntry, action: TaskAction): string | undefined {
  if (action === 'deactivate_account') {
    // Seed 001: revoking SSO blocks login but leaves the account alive.
    const sso = entry.watchOutFor.find((text) => /SSO/.test(text))
    return [entry.deactivation.notes, sso].filter(Boolean).join(' ')
  }
  if (action === 'delete_account') return entry.deletion.notes
  return undefined
}
