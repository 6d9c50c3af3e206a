import type { RawBuilder } from 'kysely'
import { PEOPLE_LAYOUT } from '../../identity/people/index.js'
import type { Dialect } from '../../platform/store/index.js'
import { parseFilter } from '../../protocol/scim/filter/index.js'
import { userResourceSchema } from '../../protocol/scim/schemas/index.js'
import { filterToSql, jsonSqlFor } from '../../protocol/scim-sql/index.js'
import { isRecord } from '../../shared/json.js'
import type { AppRules } from './app-rules.js'
import type { PersonState } from './classify.js'

/** How one app's assignment is decided for a person: in SQL (a filter), or here. */
type Compiled =
  | { readonly kind: 'all' }
  | { readonly kind: 'filter'; readonly flag: number }
  | { readonly kind: 'people'; readonly keys: ReadonlySet<string> }
  | { readonly kind: 'nobody' }

export type CompiledAssignments = {
  /** One SQL predicate per filter assignment, computed with the people query. */
  readonly flags: readonly RawBuilder<boolean>[]
  /** Whether the people query must bring each person's resource (for listed people). */
  readonly needsResource: boolean
  /** The app ids whose assignment selects the person (status is not looked at here). */
  assigned(person: PersonState, flags: readonly boolean[]): Set<string>
  /**
   * The ids of the grant rules with a filter that selects the person (issue 15); rules without
   * a filter select everyone the app assigns and are not listed. Assignment is not looked at.
   */
  filteredGrants(flags: readonly boolean[]): ReadonlySet<string>
}

const NO_RULES: ReadonlySet<string> = new Set()

/**
 * Compiles the apps' assignments for the people query: a filter becomes SQL over the people
 * layout (directory/sql, the translation the SCIM server uses, property-tested against
 * memory), so selecting people runs where the data is; `everyone` and listed people are
 * decided here (a list is at most 100,000 emails: a set in memory).
 */
export function compileAssignments(
  rules: readonly AppRules[],
  dialect: Dialect,
): CompiledAssignments {
  const flags: RawBuilder<boolean>[] = []
  const json = jsonSqlFor(dialect)
  const compiled = rules.map((app): Compiled => {
    const assignment = app.assignment
    if ('all' in assignment) return { kind: 'all' }
    if ('people' in assignment)
      return { kind: 'people', keys: new Set(assignment.people.map((p) => p.toLowerCase())) }
    const parsed = parseFilter(assignment.filter)
    // Validated when the app was connected; a filter that no longer parses selects nobody.
    if (!parsed.ok) return { kind: 'nobody' }
    flags.push(
      filterToSql(parsed.value, { layout: PEOPLE_LAYOUT, schema: userResourceSchema, json }),
    )
    return { kind: 'filter', flag: flags.length - 1 }
  })
  const grantFlags = compileGrantFilters(rules, flags, json)
  return {
    flags,
    filteredGrants(values) {
      if (grantFlags.length === 0) return NO_RULES
      const ids = new Set<string>()
      for (const { ruleId, flag } of grantFlags) if (values[flag] === true) ids.add(ruleId)
      return ids.size === 0 ? NO_RULES : ids
    },
    needsResource: compiled.some((c) => c.kind === 'people'),
    assigned(person, values) {
      const ids = new Set<string>()
      compiled.forEach((c, i) => {
        const id = rules[i]?.app.id
        if (id !== undefined && selects(c, person, values)) ids.add(id)
      })
      return ids
    },
  }
}

/**
 * A grant rule's filter becomes one more SQL flag of the people query, exactly like an
 * assignment filter. Inert rules (their entitlement gone) and filters that no longer parse
 * (validated when saved) get no flag: they select nobody.
 */
function compileGrantFilters(
  rules: readonly AppRules[],
  flags: RawBuilder<boolean>[],
  json: ReturnType<typeof jsonSqlFor>,
): Array<{ ruleId: string; flag: number }> {
  const compiled: Array<{ ruleId: string; flag: number }> = []
  for (const app of rules) {
    for (const { rule, target } of app.grantRules) {
      if (rule.filter === undefined || target === undefined) continue
      const parsed = parseFilter(rule.filter)
      if (!parsed.ok) continue
      flags.push(
        filterToSql(parsed.value, { layout: PEOPLE_LAYOUT, schema: userResourceSchema, json }),
      )
      compiled.push({ ruleId: rule.id, flag: flags.length - 1 })
    }
  }
  return compiled
}

function selects(compiled: Compiled, person: PersonState, flags: readonly boolean[]): boolean {
  switch (compiled.kind) {
    case 'all':
      return true
    case 'nobody':
      return false
    case 'filter':
      return flags[compiled.flag] === true
    case 'people':
      return identifiersOf(person).some((key) => compiled.keys.has(key))
  }
}

/** A person's emails and userName, lower-cased: what a list of people names them by. */
function identifiersOf(person: PersonState): string[] {
  const emails = Array.isArray(person.resource.emails) ? person.resource.emails : []
  const values = emails.flatMap((e: unknown) =>
    isRecord(e) && typeof e.value === 'string' ? [e.value.toLowerCase()] : [],
  )
  return [person.userName.toLowerCase(), ...(person.email ? [person.email] : []), ...values]
}
