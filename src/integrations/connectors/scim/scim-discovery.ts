import { findKey, isRecord } from '../../../shared/json.js'
import { ok, type Result } from '../../../shared/result.js'
import type { ConnectorError } from '../connector-errors.js'
import type { ScimHttp } from './scim-http.js'
import type { Discovered } from './scim-profile.js'

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User'

/**
 * Reads what the app announces about itself (RFC 7643 §5 ServiceProviderConfig, §7 Schemas).
 * `undefined` means the app does not offer discovery (Sana answers 404): the catalog profile
 * stands. Only a transient failure is an error, so the caller can try again later instead of
 * remembering "not offered" for a hiccup.
 */
export async function discover(
  http: ScimHttp,
  signal?: AbortSignal,
): Promise<Result<Discovered | undefined, ConnectorError>> {
  const config = await http.send({ method: 'GET', path: '/ServiceProviderConfig', signal })
  if (!config.ok) return config.error.retryable ? config : ok(undefined)
  if (!isRecord(config.value.body)) return ok(undefined)
  const announced = readServiceProviderConfig(config.value.body)
  const schemas = await http.send({ method: 'GET', path: '/Schemas', signal })
  if (!schemas.ok) return schemas.error.retryable ? schemas : ok(announced)
  const userAttributes = readUserAttributes(schemas.value.body)
  return ok(userAttributes ? { ...announced, userAttributes } : announced)
}

/** RFC 7643 §5: `patch.supported`, `filter.supported` and `maxResults`, `bulk`. */
export function readServiceProviderConfig(body: Record<string, unknown>): Discovered {
  const patch = section(body, 'patch')
  const filter = section(body, 'filter')
  const bulk = section(body, 'bulk')
  const patchSupported = flag(patch, 'supported')
  const filterSupported = flag(filter, 'supported')
  const bulkSupported = flag(bulk, 'supported')
  const maxResults = count(filter, 'maxResults')
  const maxOperations = count(bulk, 'maxOperations')
  return {
    ...(patchSupported === undefined ? {} : { patch: patchSupported }),
    ...(filterSupported === undefined
      ? {}
      : {
          filter: {
            supported: filterSupported,
            ...(maxResults === undefined ? {} : { maxResults }),
          },
        }),
    ...(bulkSupported === undefined
      ? {}
      : {
          bulk: {
            supported: bulkSupported,
            ...(maxOperations === undefined ? {} : { maxOperations }),
          },
        }),
  }
}

/**
 * The top-level attribute names of the User schema, lower-cased, from a /Schemas answer: a
 * ListResponse (RFC 7644 §4), or the bare array some servers send.
 */
export function readUserAttributes(body: unknown): ReadonlySet<string> | undefined {
  const resources = isRecord(body) ? fieldOf(body, 'Resources') : body
  if (!Array.isArray(resources)) return undefined
  const user = resources.find(
    (schema) =>
      isRecord(schema) && String(fieldOf(schema, 'id')).toLowerCase() === USER_SCHEMA.toLowerCase(),
  )
  const attributes = isRecord(user) ? fieldOf(user, 'attributes') : undefined
  if (!Array.isArray(attributes)) return undefined
  const names = attributes
    .map((attribute) => (isRecord(attribute) ? fieldOf(attribute, 'name') : undefined))
    .filter((name): name is string => typeof name === 'string')
    .map((name) => name.toLowerCase())
  return names.length > 0 ? new Set(names) : undefined
}

function fieldOf(record: Record<string, unknown>, name: string): unknown {
  const key = findKey(record, name)
  return key === undefined ? undefined : record[key]
}

function section(body: Record<string, unknown>, name: string): Record<string, unknown> {
  const value = fieldOf(body, name)
  return isRecord(value) ? value : {}
}

function flag(record: Record<string, unknown>, name: string): boolean | undefined {
  const value = fieldOf(record, name)
  if (typeof value === 'boolean') return value
  // Some servers send "true"/"false" strings (Entra does the same on its side).
  if (typeof value === 'string' && /^(true|false)$/i.test(value))
    return value.toLowerCase() === 'true'
  return undefined
}

function count(record: Record<string, unknown>, name: string): number | undefined {
  const value = fieldOf(record, name)
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined
}
