import { type RawBuilder, sql } from 'kysely'
import type { AttributeDefinition } from '../../scim/schemas/index.js'
import type { JsonSql } from './json-sql.js'
import type { Operand } from './operand.js'

/**
 * Where a SCIM attribute lives in our tables. Indexed attributes have real columns (userName,
 * externalId, displayName, active, meta dates); emails, group memberships and members have side
 * tables; everything else is read from the resource JSON. The query aliases the main table `r`.
 */
export type ResourceKind = 'user' | 'group'

/** The elements of a multi-valued attribute, searchable with EXISTS. */
export type ElementSource = {
  /** `EXISTS (… WHERE predicate(field))`, where `field(sub)` is a sub-attribute of one element. */
  exists(
    predicate: (field: (sub: string) => Operand | undefined) => RawBuilder<unknown>,
  ): RawBuilder<unknown>
}

type ColumnSpec = { column: string; lowered?: boolean; lowerExpression?: boolean; flag?: boolean }

const COMMON_COLUMNS: Record<string, ColumnSpec> = {
  id: { column: 'id' },
  externalid: { column: 'external_id' },
  'meta.created': { column: 'created_at' },
  'meta.lastmodified': { column: 'updated_at' },
}

const COLUMNS: Record<ResourceKind, Record<string, ColumnSpec>> = {
  user: {
    ...COMMON_COLUMNS,
    username: { column: 'user_name_key', lowered: true },
    displayname: { column: 'display_name', lowerExpression: true },
    active: { column: 'active', flag: true },
  },
  group: {
    ...COMMON_COLUMNS,
    displayname: { column: 'display_name_key', lowered: true },
  },
}

/** The indexed column for an attribute key (`username`, `meta.created`), if it has one. */
export function columnOperand(
  kind: ResourceKind,
  key: string,
  definition: AttributeDefinition,
): Operand | undefined {
  const spec = COLUMNS[kind][key]
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

/** Side tables of multi-valued attributes, keyed by attribute name (lower-case). */
export function sideTable(kind: ResourceKind, name: string): ElementSource | undefined {
  if (kind === 'user' && name === 'emails') return emailsTable
  if (kind === 'user' && name === 'groups') return userGroupsTable
  if (kind === 'group' && name === 'members') return membersTable
  return undefined
}

const text = (expr: RawBuilder<unknown>, caseExact = false, lowered = false): Operand => ({
  expr,
  type: 'string',
  caseExact,
  lowered,
})

const emailsTable: ElementSource = {
  exists: (predicate) =>
    sql`exists (select 1 from scim_user_emails e where e.user_id = r.id and ${predicate((sub) => {
      if (sub === 'value') return text(sql.ref('e.value_key'), false, true)
      if (sub === 'type') return text(sql.ref('e.type'))
      if (sub === 'primary')
        return { expr: sql.ref('e.is_primary'), type: 'boolean', caseExact: false, flag: true }
      return undefined
    })})`,
}

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
