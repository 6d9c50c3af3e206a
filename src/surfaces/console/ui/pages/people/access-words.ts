import type { AccessAccount, PersonAccess } from '../../api/types.js'

/** An account's state in a word: removed (gone from the app's listing), deactivated, active. */
export type AccountState = 'active' | 'deactivated' | 'removed'

export function accountState(account: Pick<AccessAccount, 'active' | 'removedAt'>): AccountState {
  if (account.removedAt) return 'removed'
  return account.active ? 'active' : 'deactivated'
}

/** How the account is tied to the person: "matched on email", "linked by hand". */
export function howLinked(account: Pick<AccessAccount, 'linkState' | 'linkRule'>): string {
  if (account.linkRule === 'manual') return 'linked by hand'
  if (account.linkRule) return `matched on ${account.linkRule}`
  if (account.linkState === 'ambiguous') return 'ambiguous: matches more than one person'
  if (account.linkState === 'orphan') return 'not linked to anyone'
  return 'linked'
}

/** "2 accounts and 3 grants (1 privileged) in 2 apps." */
export function describeAccess(access: Pick<PersonAccess, 'apps'>): string {
  const accounts = access.apps.reduce((sum, app) => sum + app.accounts.length, 0)
  const grants = access.apps.flatMap((app) => app.grants)
  const privileged = grants.filter((grant) => grant.privileged).length
  const held = privileged > 0 ? ` (${privileged} privileged)` : ''
  return `${count(accounts, 'account')} and ${count(grants.length, 'grant')}${held} in ${count(access.apps.length, 'app')}.`
}

/** "1 account", "2 accounts", "no grants". */
export function count(n: number, noun: string): string {
  if (n === 0) return `no ${noun}s`
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
