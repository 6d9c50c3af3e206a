import { isRecord } from '../../shared/json.js'
import { err, ok, type Result } from '../../shared/result.js'
import type { AttrPath, Filter } from './filter/ast.js'
import { checkFilterOperators, parseFilter, parsePatchPath } from './filter/index.js'
import { type Projection, parseProjection } from './projection.js'
import type { ResourceSchema } from './schemas/index.js'
import { URN } from './schemas/urns.js'
import { type ScimError, scimErrors } from './scim-errors.js'

/** A list or search request (RFC 7644 §3.4.2 query parameters, §3.4.3 POST /.search body). */
export type ListRequest = {
  readonly filter?: Filter
  readonly sortBy?: AttrPath
  readonly sortOrder: 'ascending' | 'descending'
  /** 1-based (RFC 7644 §3.4.2.4). */
  readonly startIndex: number
  readonly count: number
  readonly projection: Projection
}

export type PagingLimits = { readonly defaultCount: number; readonly maxCount: number }

type RawParameters = Readonly<Record<string, unknown>>

/** The largest startIndex honoured as given: 2^31 - 1, a 32-bit SQL integer on every dialect. */
const MAX_START_INDEX = 2_147_483_647

/** From query-string parameters (names are case-insensitive, as Entra and Okta vary them). */
export function parseListQuery(
  query: RawParameters,
  schema: ResourceSchema,
  limits: PagingLimits,
): Result<ListRequest, ScimError> {
  const get = (name: string) => {
    const key = Object.keys(query).find((k) => k.toLowerCase() === name.toLowerCase())
    const value = key === undefined ? undefined : query[key]
    return Array.isArray(value) ? value[value.length - 1] : value
  }
  return build(get, schema, limits, 'query')
}

/** From a POST /.search body (RFC 7644 §3.4.3); `attributes` may be arrays there. */
export function parseSearchRequest(
  body: unknown,
  schema: ResourceSchema,
  limits: PagingLimits,
): Result<ListRequest, ScimError> {
  if (!isRecord(body))
    return err(scimErrors.invalidSyntax('The search request must be a JSON object.'))
  const schemas = body.schemas
  if (
    Array.isArray(schemas) &&
    !schemas.some(
      (s) => typeof s === 'string' && s.toLowerCase() === URN.searchRequest.toLowerCase(),
    )
  ) {
    return err(
      scimErrors.invalidSyntax(`A search request must declare the schema ${URN.searchRequest}.`),
    )
  }
  const get = (name: string) => {
    const value = body[name]
    return Array.isArray(value) ? value.map(String).join(',') : value
  }
  return build(get, schema, limits, 'body')
}

function build(
  get: (name: string) => unknown,
  schema: ResourceSchema,
  limits: PagingLimits,
  where: 'query' | 'body',
): Result<ListRequest, ScimError> {
  const filter = parseFilterParameter(get('filter'), schema)
  if (!filter.ok) return filter
  const sortBy = parseSortBy(get('sortBy'))
  if (!sortBy.ok) return sortBy
  const sortOrder = parseSortOrder(get('sortOrder'))
  if (!sortOrder.ok) return sortOrder
  const startIndex = parseInteger(get('startIndex'), 'startIndex', where)
  if (!startIndex.ok) return startIndex
  const count = parseInteger(get('count'), 'count', where)
  if (!count.ok) return count
  const projection = parseProjection(
    schema,
    optionalString(get('attributes')),
    optionalString(get('excludedAttributes')),
  )
  if (!projection.ok) return projection
  return ok({
    ...(filter.value ? { filter: filter.value } : {}),
    ...(sortBy.value ? { sortBy: sortBy.value } : {}),
    sortOrder: sortOrder.value,
    // RFC 7644 §3.4.2.4: a startIndex below 1 is 1; a negative count is 0; the server may cap it.
    // Past MAX_START_INDEX no page holds anything; larger numbers would not fit an SQL OFFSET.
    startIndex: Math.min(MAX_START_INDEX, Math.max(1, startIndex.value ?? 1)),
    count: Math.min(limits.maxCount, Math.max(0, count.value ?? limits.defaultCount)),
    projection: projection.value,
  })
}

function parseFilterParameter(
  value: unknown,
  schema: ResourceSchema,
): Result<Filter | undefined, ScimError> {
  if (value === undefined || value === null || value === '') return ok(undefined)
  if (typeof value !== 'string')
    return err(scimErrors.invalidFilter('The filter must be a string.'))
  const parsed = parseFilter(value)
  if (!parsed.ok) return parsed
  const checked = checkFilterOperators(parsed.value, schema)
  return checked.ok ? ok(parsed.value) : checked
}

function parseSortBy(value: unknown): Result<AttrPath | undefined, ScimError> {
  if (value === undefined || value === null || value === '') return ok(undefined)
  const parsed = typeof value === 'string' ? parsePatchPath(value) : undefined
  if (!parsed?.ok || parsed.value.valueFilter) {
    return err(scimErrors.invalidValue(`sortBy must be an attribute path, got '${String(value)}'.`))
  }
  return ok(parsed.value.attrPath)
}

function parseSortOrder(value: unknown): Result<'ascending' | 'descending', ScimError> {
  if (value === undefined || value === null || value === '') return ok('ascending')
  const text = String(value).toLowerCase()
  if (text === 'ascending' || text === 'descending') return ok(text)
  return err(
    scimErrors.invalidValue(
      `sortOrder must be 'ascending' or 'descending', got '${String(value)}'.`,
    ),
  )
}

function parseInteger(
  value: unknown,
  name: string,
  where: 'query' | 'body',
): Result<number | undefined, ScimError> {
  if (value === undefined || value === null || value === '') return ok(undefined)
  const number =
    typeof value === 'number'
      ? value
      : where === 'query' && /^[-+]?\d+$/.test(String(value).trim())
        ? Number(value)
        : Number.NaN
  if (!Number.isInteger(number))
    return err(scimErrors.invalidValue(`${name} must be an integer, got '${String(value)}'.`))
  return ok(number)
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}
