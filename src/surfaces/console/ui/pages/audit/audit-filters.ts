import { type Query, withQuery } from '../../api/client.js'

/** The audit filters as the page's address holds them (dates as YYYY-MM-DD, the reader's days). */
export type AuditFilters = {
  action: string
  targetType: string
  targetId: string
  from: string
  to: string
}

export const FILTER_KEYS = ['action', 'targetType', 'targetId', 'from', 'to'] as const

export function readFilters(query: URLSearchParams): AuditFilters {
  const get = (key: string) => query.get(key) ?? ''
  return {
    action: get('action'),
    targetType: get('targetType'),
    targetId: get('targetId'),
    from: get('from'),
    to: get('to'),
  }
}

/** Local midnight of a YYYY-MM-DD day, `plusDays` later, as an instant. */
function startOfDay(day: string, plusDays = 0): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!match) return undefined
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + plusDays)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}

/**
 * The API's query for the filters: both dates are whole days in the reader's time zone, `to`
 * included (the API's `to` is exclusive, so it gets the next midnight).
 */
export function apiQuery(filters: AuditFilters): Query {
  return {
    action: filters.action,
    targetType: filters.targetType,
    targetId: filters.targetId,
    from: startOfDay(filters.from),
    to: startOfDay(filters.to, 1),
  }
}

/** A problem with the dates, or null. */
export function dateProblem(filters: AuditFilters): string | null {
  if (filters.from && filters.to && filters.from > filters.to) {
    return 'The first day comes after the last day.'
  }
  return null
}

export function exportUrl(filters: AuditFilters, format: 'csv' | 'json'): string {
  return withQuery('/api/audit', { ...apiQuery(filters), format })
}

/** Common actions, offered as suggestions; any action can be typed. */
export const KNOWN_ACTIONS = [
  'task.opened',
  'task.completed',
  'person.created',
  'person.updated',
  'person.deactivated',
  'person.gone',
  'app.connected',
  'source.added',
  'directory.created',
  'directory.token_rotated',
  'directory.deleted',
  'oauth_app.created',
  'api_connection.created',
  'saml.connection.created',
  'member.created',
]

export const KNOWN_TARGETS = [
  'person',
  'app',
  'task',
  'source',
  'scim_directory',
  'scim_user',
  'scim_group',
  'oauth_app',
  'api_connection',
  'saml_connection',
  'member',
  'workspace',
]
