import type { PeopleService, PersonStatus } from '../../identity/people/index.js'
import type { EntitlementKind } from '../../integrations/catalog/index.js'
import type { Db, Dialect } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { App, AppsService } from '../apps/index.js'
import {
  grantsOfAccounts,
  type LinkState,
  type PersonAccountRecord,
  type PersonGrantRecord,
  personAccounts,
} from '../graph/index.js'
import { compileAppRules } from './app-rules.js'
import { compileAssignments } from './assignment.js'
import { readPeople } from './chunk-store.js'
import type { GrantException } from './grant-chunk-store.js'
import { overridesOfPerson } from './override-chunk-store.js'
import { accountOverride, groupOverrides, type PairOverrides } from './overrides.js'
import { accountWhy, type Inclusion } from './person-access-words.js'
import { activeExceptions, type GrantReason, grantReason } from './person-grant-reasons.js'
import type { GrantTarget } from './types.js'

export type { GrantReason } from './person-grant-reasons.js'

/** Every account and grant of one person across the workspace's apps, and why each exists. */
export type PersonAccess = {
  readonly person: {
    readonly id: string
    readonly displayName: string | null
    readonly email: string | null
    readonly status: PersonStatus
  }
  readonly apps: readonly PersonAppAccess[]
}

export type PersonAppAccess = {
  readonly app: { readonly id: string; readonly name: string; readonly catalogId: string }
  readonly accounts: ReadonlyArray<{
    readonly id: string
    readonly remoteId: string
    readonly userName: string
    readonly active: boolean
    readonly linkState: LinkState
    readonly linkRule: string | null
    readonly removedAt: string | null
    readonly why: string
  }>
  readonly grants: ReadonlyArray<{
    readonly id: string
    readonly entitlementId: string
    readonly entitlementName: string
    readonly kind: EntitlementKind
    readonly privileged: boolean
    readonly accountId: string
    readonly since: string
    readonly reason: GrantReason
  }>
}

export type PersonAccessDeps = {
  readonly db: Db
  readonly dialect: Dialect
  readonly apps: Pick<AppsService, 'list'>
  /** An unknown person (or one of another workspace) is the people domain's 404. */
  readonly people: Pick<PeopleService, 'get'>
  /** What "now" is for expiry of rules and exceptions (the system clock when not given). */
  readonly clock?: Clock
}

export type PersonAccessView = ReturnType<typeof createPersonAccess>

/**
 * The person access view (`GET /api/people/:id/access`, `rollcall access <person>`): the graph's
 * accounts (live or removed) and live grants of one person, per app, with why each exists. Read
 * only; bounded by one person's access.
 */
export function createPersonAccess(deps: PersonAccessDeps) {
  return {
    async of(workspaceId: string, personId: string): Promise<PersonAccess> {
      const person = await deps.people.get(workspaceId, personId)
      const accounts = await personAccounts(deps.db, workspaceId, person.id)
      const appIds = new Set(accounts.map((a) => a.appId))
      const apps = (await deps.apps.list(workspaceId))
        .filter((app) => appIds.has(app.id))
        .sort((a, b) => a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id))
      const grants = await grantsOfAccounts(
        deps.db,
        workspaceId,
        accounts.map((a) => a.id),
      )
      const now = (deps.clock?.now() ?? new Date()).toISOString()
      const overrides = groupOverrides(
        await overridesOfPerson(deps.db, workspaceId, person.id),
        now,
      ).get(person.id)
      const { inclusions, selected } = await inclusionsOf(
        deps,
        { workspaceId, personId: person.id, overrides },
        apps,
        grants,
      )
      const exceptions = await activeExceptions(
        deps.db,
        workspaceId,
        accounts.map((a) => a.id),
        now,
      )
      const context = { selected, exceptions, now, overrides }
      return {
        person: {
          id: person.id,
          displayName: person.displayName,
          email: person.primaryEmail,
          status: person.status,
        },
        apps: apps.map((app) => appAccess(app, accounts, grants, inclusions.get(app.id), context)),
      }
    },
  }
}

/**
 * Whether each app's assignment rule selects the person now, and which grant rules' filters do:
 * the same compiled assignment (filters as SQL over the people table) and the same reading of
 * status and offboarding as reconciliation's `entitled`, for one person.
 */
async function inclusionsOf(
  deps: PersonAccessDeps,
  who: {
    workspaceId: string
    personId: string
    overrides: ReadonlyMap<string, PairOverrides> | undefined
  },
  apps: readonly App[],
  grants: readonly PersonGrantRecord[],
): Promise<{ inclusions: Map<string, Inclusion>; selected: ReadonlySet<string> }> {
  const inclusions = new Map<string, Inclusion>()
  if (apps.length === 0) return { inclusions, selected: new Set() }
  // Only the rules of entitlements the person holds matter here: those compile to flags.
  const held = (appId: string): GrantTarget[] =>
    grants
      .filter((g) => g.appId === appId)
      .map((g) => ({
        ...{ entitlementId: g.entitlementId, remoteId: '', displayName: g.entitlementName },
        ...{ kind: g.kind, privileged: g.privileged },
      }))
  const rules = apps.map((app) => compileAppRules(app, [], held(app.id)))
  const compiled = compileAssignments(rules, deps.dialect)
  const { workspaceId, personId } = who
  const [row] = await readPeople(deps.db, {
    ...{ workspaceId, after: '', personId, limit: 1 },
    ...{ flags: compiled.flags, withResource: compiled.needsResource },
  })
  if (!row) return { inclusions, selected: new Set() }
  const assigned = compiled.assigned(row.person, row.flags)
  for (const rule of rules) {
    const decided = accountOverride(assigned.has(rule.app.id), who.overrides?.get(rule.app.id))
    inclusions.set(rule.app.id, {
      appName: rule.app.name,
      assignmentText: rule.assignmentText,
      assigned: decided.assigned,
      status: row.person.status,
      offboarded: row.person.offboarded === true,
      ...(decided.override ? { override: decided.override } : {}),
    })
  }
  return { inclusions, selected: compiled.filteredGrants(row.flags) }
}

type ReasonContext = {
  readonly overrides: ReadonlyMap<string, PairOverrides> | undefined
  readonly selected: ReadonlySet<string>
  readonly exceptions: ReadonlyMap<string, ReadonlyMap<string, GrantException>>
  readonly now: string
}

function appAccess(
  app: App,
  accounts: readonly PersonAccountRecord[],
  grants: readonly PersonGrantRecord[],
  inclusion: Inclusion | undefined,
  context: ReasonContext,
): PersonAppAccess {
  const unknown: Inclusion = {
    ...{ appName: app.name, assignmentText: 'unknown', assigned: false },
    ...{ status: 'gone', offboarded: false },
  }
  return {
    app: { id: app.id, name: app.name, catalogId: app.catalogId },
    accounts: accounts
      .filter((a) => a.appId === app.id)
      .map((a) => ({
        ...{ id: a.id, remoteId: a.remoteId, userName: a.userName, active: a.active },
        ...{ linkState: a.linkState, linkRule: a.linkRule, removedAt: a.removedAt },
        why: accountWhy(a, inclusion ?? unknown),
      })),
    grants: grants
      .filter((g) => g.appId === app.id)
      .map((g) => ({
        ...{ id: g.id, entitlementId: g.entitlementId, entitlementName: g.entitlementName },
        ...{ kind: g.kind, privileged: g.privileged, accountId: g.accountId, since: g.since },
        reason: grantReason({
          ...{ appName: app.name, entitlementId: g.entitlementId, rules: app.grants ?? [] },
          ...{ selected: context.selected, inclusion, now: context.now },
          exception: context.exceptions.get(g.accountId)?.get(g.entitlementId),
          overrides: context.overrides?.get(app.id),
        }),
      })),
  }
}
