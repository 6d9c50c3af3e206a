import { type RawBuilder, sql } from 'kysely'
import type { AttributeDefinition } from '../scim/schemas/index.js'
import type { JsonSql } from './json-sql.js'
import type { Operand } from './operand.js'

/**
 * Where a SCIM attribute lives in our tables. Indexed attributes have real columns (userName,
 * externalId, displayName, active, meta dates); emails, group memberships and members have side
 * tables; everything else is read from the resource JSON. The query aliases the main table `r`.
 * A `TableLayout` says this for one table, so any table of SCIM resources (the directory's users
 * and groups, the hub's people) shares one filter and sort translation.
 */
export type ResourceKind = 'user' | 'group'

/** The elements of a multi-valued attribute, searchable with EXISTS. */
export type ElementSource = {
  /** `EXISTS (… WHERE predicate(field))`, where `field(sub)` is a sub-attribute of one element. */
  exists(
    predicate: (field: (sub: string) => Operand | undefined) => RawBuilder<unknown>,
  ): RawBuilder<unknown>
}

/**
 * An indexed column of `r`. `lowered`: it holds a lower-cased copy; `lowerExpression`: compare
 * `lower(column)` (an expression index); `flag`: a 0/1 integer.
 */
export type ColumnSpec = {
  column: string
  lowered?: boolean
  lowerExpression?: boolean
  flag?: boolean
}

/** How one table stores SCIM resources, for the filter and sort translation. */
export type TableLayout = {
  /** Attribute key (`username`, `name.givenname`, `meta.created`) → its indexed column. */
  readonly columns: Readonly<Record<string, ColumnSpec>>
  /** Multi-valued attributes kept in side tables, by lower-case name. */
  sideTable(name: string): ElementSource | undefined
  /** `sortBy` on a multi-valued attribute: the primary value's expression, where indexed. */
  primaryValue?(name: string): RawBuilder<unknown> | undefined
}

/** Columns every table of SCIM resources has: id, externalId and the meta dates. */
export const COMMON_RESOURCE_COLUMNS: Readonly<Record<string, ColumnSpec>> = {
  id: { column: 'id' },
  externalid: { column: 'external_id' },
  'meta.created': { column: 'created_at' },
  'meta.lastmodified': { column: 'updated_at' },
}

/** The indexed column for an attribute key (`username`, `meta.created`), if it has one. */
export function columnOperand(
  layout: TableLayout,
  key: string,
  definition: AttributeDefinition,
): Operand | undefined {
  const spec = layout.columns[key]
  if (!spec) return undefined
  const ref = sql.ref(`r.${spec.column}`)
  return {
    // lower(display_name) matches the expression index scim_users_display_name_lower.
    expr: spec.lowerExpression ? sql`lower(${ref})` : ref,
    type: definition.type,
    caseExact: definition.caseExact,
    lowered: spec.lowered === true || spec.lowerExpression === true,
    flag: spec.flag === true,
  }
}

const text = (expr: RawBuilder<unknown>, caseExact = false, lowered = false): Operand => ({
  expr,
  type: 'string',
  caseExact,
  lowered,
})

/**
 * An emails side table with `value_key` (lower-cased), `type` and `is_primary`, joined on
 * `<owner> = r.id`. Table and column names are ours, never input.
 */
export function emailsSideTable(table: string, owner: string): ElementSource {
  const rows = sql.table(table)
  const ownerRef = sql.ref(`e.${owner}`)
  return {
    exists: (predicate) =>
      sql`exists (select 1 from ${rows} e where ${ownerRef} = r.id and ${predicate((sub) => {
        if (sub === 'value') return text(sql.ref('e.value_key'), false, true)
        if (sub === 'type') return text(sql.ref('e.type'))
        if (sub === 'primary')
          return { expr: sql.ref('e.is_primary'), type: 'boolean', caseExact: false, flag: true }
        return undefined
      })})`,
  }
}

/** The primary (else first) email of `r` from an emails side table, for `sortBy=emails`. */
export function primaryEmailOf(table: string, owner: string): RawBuilder<unknown> {
  return sql`(select e.value_key from ${sql.table(table)} e where ${sql.ref(`e.${owner}`)} = r.id order by e.is_primary desc, e.position limit 1)`
}

const emailsTable = emailsSideTable('scim_user_emails', 'user_id')

const userGroupsTable: ElementSource = {
  exists: (predicate) =>
    sql`exists (select 1 from scim_group_members m join scim_groups g on g.id = m.group_id where m.member_id = r.id and ${predicate(
      (sub) => {
        if (sub === 'value') return text(sql.ref('g.id'), true)
        if (sub === 'display') return text(sql.ref('g.display_name_key'), false, true)
        if (sub === 'type') return text(sql`'direct'`)
        return undefined
      },
    )})`,
}

const membersTable: ElementSource = {
  exists: (predicate) =>
    sql`exists (select 1 from scim_group_members m where m.group_id = r.id and ${predicate(
      (sub) => {
        if (sub === 'value') return text(sql.ref('m.member_id'), true)
        if (sub === 'display') return text(sql.ref('m.display'))
        if (sub === 'type') return text(sql.ref('m.member_type'))
        return undefined
      },
    )})`,
}

/** The directory's users (scim_users) and groups (scim_groups). */
export const DIRECTORY_LAYOUTS: Readonly<Record<ResourceKind, TableLayout>> = {
  user: {
    columns: {
      ...COMMON_RESOURCE_COLUMNS,
      username: { column: 'user_name_key', lowered: true },
      displayname: { column: 'display_name', lowerExpression: true },
      active: { column: 'active', flag: true },
    },
    sideTable: (name) =>
      name === 'emails' ? emailsTable : name === 'groups' ? userGroupsTable : undefined,
    primaryValue: (name) =>
      name === 'emails' ? primaryEmailOf('scim_user_emails', 'user_id') : undefined,
  },
  group: {
    columns: {
      ...COMMON_RESOURCE_COLUMNS,
      displayname: { column: 'display_name_key', lowered: true },
    },
    sideTable: (name) => (name === 'members' ? membersTable : undefined),
  },
}

/** Elements of a multi-valued attribute stored in the resource JSON. */
export function jsonElements(
  json: JsonSql,
  segments: readonly string[],
  definition: AttributeDefinition,
): ElementSource {
  return {
    exists: (predicate) =>
      json.existsElement(sql.ref('r.resource'), segments, (element) =>
        predicate((sub) => {
          if (definition.type !== 'complex') {
            // A multi-valued simple attribute: `value` is the element itself (RFC 7644 §3.4.2.2).
            return sub === 'value'
              ? {
                  expr: element.self(),
                  type: definition.type,
                  caseExact: definition.caseExact,
                  json: true,
                }
              : undefined
          }
          const subDefinition = definition.subAttributes?.find((a) => a.name.toLowerCase() === sub)
          if (!subDefinition) return undefined
          return {
            expr: element.member(subDefinition.name),
            type: subDefinition.type,
            caseExact: subDefinition.caseExact,
            json: true,
          }
        }),
      ),
  }
}
