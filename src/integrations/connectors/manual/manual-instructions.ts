import type { CatalogEntry, EntitlementKind } from '../../catalog/index.js'
import type { TaskAction } from '../connector.js'

const VERB: Readonly<Record<TaskAction, string>> = {
  create_account: 'Create an account for',
  update_account: 'Update the account of',
  deactivate_account: 'Deactivate the account of',
  reactivate_account: 'Reactivate the account of',
  delete_account: 'Delete the account of',
  review_access: 'Review what access has',
  add_grant: 'Add',
  remove_grant: 'Remove',
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
  add_grant: 3 * 24 * 3_600_000,
  // A grant left behind is residual access, as a live account is.
  remove_grant: 24 * 3_600_000,
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
  entitlement?: EntitlementWords,
): string {
  const who = person.displayName ? `${person.displayName} <${person.email}>` : person.email
  const step =
    action === 'add_grant' || action === 'remove_grant'
      ? grantStep(entry, action, who, entitlement)
      : `${VERB[action]} ${who} in ${entry.name}.`
  return [step, howTo(entry, action), 'Then mark this task done and say what you did.']
    .filter((part): part is string => part !== undefined && part !== '')
    .join(' ')
}

/** Which entitlement a grant task is about, in the words of the app. */
export type EntitlementWords = {
  readonly displayName: string
  readonly kind?: EntitlementKind
}

/**
 * "Add alice@acme.test to the Editors role in Samepage." / "Remove alice@acme.test from the
 * Editors role in Samepage." The word is the catalog's label for the kind (role, team…).
 */
function grantStep(
  entry: CatalogEntry,
  action: 'add_grant' | 'remove_grant',
  who: string,
  entitlement: EntitlementWords | undefined,
): string {
  const type = entry.entitlements.find((t) => t.kind === entitlement?.kind) ?? entry.entitlements[0]
  const word = type?.label ?? entitlement?.kind ?? 'entitlement'
  const what = entitlement ? `the ${entitlement.displayName} ${word}` : `the ${word}`
  return action === 'add_grant'
    ? `${VERB[action]} ${who} to ${what} in ${entry.name}.`
    : `${VERB[action]} ${who} from ${what} in ${entry.name}.`
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
