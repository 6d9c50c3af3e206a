import { etagFor } from '../../../protocol/scim/etag.js'
import { URN } from '../../../protocol/scim/schemas/index.js'
import { ScimError, scimErrors } from '../../../protocol/scim/scim-errors.js'
import { toScimResource } from '../../../protocol/scim/serialize.js'
import { isRecord } from '../../../shared/json.js'
import type { ResourceService, ScimRequestContext } from '../resources/resource-service.js'
import type { StoredResource } from '../resources/types.js'

type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE'
type BulkOperation = {
  method: Method
  bulkId?: string
  version?: string
  path: string
  data?: unknown
}
type BulkResult = {
  method: Method
  bulkId?: string
  version?: string
  location?: string
  status: string
  response?: unknown
}

export type BulkDeps = {
  readonly users: ResourceService
  readonly groups: ResourceService
  readonly baseUrl: string
  readonly maxOperations: number
}

/**
 * RFC 7644 §3.7 Bulk: each operation runs on its own (bulk is not atomic), `bulkId:<id>` references
 * are replaced by the ids that earlier operations created (operations whose references are not yet
 * known wait for a later pass, so order in the request does not matter), and processing stops once
 * `failOnErrors` errors have occurred.
 */
export async function runBulk(body: unknown, context: ScimRequestContext, deps: BulkDeps) {
  const request = parseBulkRequest(body, deps.maxOperations)
  const created = new Map<string, string>()
  const results = new Map<number, BulkResult>()
  let pending = request.operations.map((operation, index) => ({ operation, index }))
  let errors = 0
  while (pending.length > 0 && errors < request.failOnErrors) {
    const ready = pending.filter(({ operation }) => unresolvedIds(operation, created).length === 0)
    if (ready.length === 0) break
    for (const { operation, index } of ready) {
      if (errors >= request.failOnErrors) break
      const result = await runOne(resolveIds(operation, created), context, deps)
      if (operation.method === 'POST' && operation.bulkId && result.location)
        created.set(operation.bulkId, result.location.split('/').pop() as string)
      if (Number(result.status) >= 400) errors++
      results.set(index, result)
    }
    pending = pending.filter(({ index }) => !results.has(index))
  }
  for (const { operation, index } of pending) {
    if (errors >= request.failOnErrors) break
    const missing = unresolvedIds(operation, created).join(', ')
    results.set(
      index,
      failure(
        operation,
        scimErrors.invalidValue(`Unresolvable or circular bulkId reference(s): ${missing}.`),
      ),
    )
    errors++
  }
  const operations = [...results.entries()].sort(([a], [b]) => a - b).map(([, result]) => result)
  return { schemas: [URN.bulkResponse], Operations: operations }
}

function parseBulkRequest(
  body: unknown,
  maxOperations: number,
): { operations: BulkOperation[]; failOnErrors: number } {
  if (!isRecord(body)) throw scimErrors.invalidSyntax('The bulk request must be a JSON object.')
  const schemas = body.schemas
  if (
    !Array.isArray(schemas) ||
    !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === URN.bulkRequest.toLowerCase())
  ) {
    throw scimErrors.invalidSyntax(`A bulk request must declare the schema ${URN.bulkRequest}.`)
  }
  const operations = body.Operations ?? body.operations
  if (!Array.isArray(operations) || operations.length === 0)
    throw scimErrors.invalidSyntax("'Operations' must be a non-empty array.")
  if (operations.length > maxOperations) {
    // RFC 7644 §3.7.4: 413, naming the limit the request broke.
    throw scimErrors.payloadTooLarge(
      `The number of operations (${operations.length}) exceeds maxOperations (${maxOperations}).`,
    )
  }
  const failOnErrors = body.failOnErrors
  if (
    failOnErrors !== undefined &&
    (!Number.isInteger(failOnErrors) || (failOnErrors as number) < 1)
  ) {
    throw scimErrors.invalidValue("'failOnErrors' must be a positive integer.")
  }
  return {
    operations: operations.map(parseOperation),
    failOnErrors: (failOnErrors as number | undefined) ?? Number.POSITIVE_INFINITY,
  }
}

function parseOperation(raw: unknown, index: number): BulkOperation {
  if (!isRecord(raw)) throw scimErrors.invalidSyntax(`Operation ${index} must be a JSON object.`)
  const method = typeof raw.method === 'string' ? raw.method.toUpperCase() : ''
  if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(method))
    throw scimErrors.invalidSyntax(`Operation ${index}: unknown method '${String(raw.method)}'.`)
  if (typeof raw.path !== 'string')
    throw scimErrors.invalidSyntax(`Operation ${index}: 'path' is required.`)
  if (method === 'POST' && typeof raw.bulkId !== 'string')
    throw scimErrors.invalidSyntax(`Operation ${index}: POST needs a 'bulkId'.`)
  return {
    method: method as Method,
    path: raw.path,
    ...(typeof raw.bulkId === 'string' ? { bulkId: raw.bulkId } : {}),
    ...(typeof raw.version === 'string' ? { version: raw.version } : {}),
    ...(raw.data !== undefined ? { data: raw.data } : {}),
  }
}

async function runOne(
  operation: BulkOperation,
  context: ScimRequestContext,
  deps: BulkDeps,
): Promise<BulkResult> {
  try {
    const target = parsePath(operation, deps)
    const { service, id } = target
    const done = (status: number, stored?: StoredResource): BulkResult => ({
      method: operation.method,
      ...(operation.bulkId ? { bulkId: operation.bulkId } : {}),
      ...(stored
        ? {
            version: etagFor(stored.version),
            location: `${deps.baseUrl}${service.schema.resourceType.endpoint}/${stored.id}`,
          }
        : {}),
      status: String(status),
    })
    switch (operation.method) {
      case 'POST':
        return done(201, await service.create(context, operation.data))
      case 'PUT':
        return done(
          200,
          await service.replace(context, id as string, operation.data, operation.version),
        )
      case 'PATCH': {
        const { record } = await service.patch(
          context,
          id as string,
          operation.data,
          operation.version,
        )
        return {
          ...done(200, record),
          response: toScimResource(record.resource, record, service.schema, {
            baseUrl: deps.baseUrl,
          }),
        }
      }
      case 'DELETE':
        await service.remove(context, id as string, operation.version)
        return {
          ...done(204),
          location: `${deps.baseUrl}${service.schema.resourceType.endpoint}/${id}`,
        }
    }
  } catch (error) {
    if (error instanceof ScimError) return failure(operation, error)
    throw error
  }
}

function parsePath(
  operation: BulkOperation,
  deps: BulkDeps,
): { service: ResourceService; id?: string } {
  const match = /^\/(Users|Groups)(?:\/([^/?#]+))?$/i.exec(operation.path)
  if (!match) throw scimErrors.invalidPath(`Unsupported bulk path '${operation.path}'.`)
  const service = match[1]?.toLowerCase() === 'users' ? deps.users : deps.groups
  const id = match[2] ? decodeURIComponent(match[2]) : undefined
  if ((operation.method === 'POST') === (id !== undefined)) {
    throw scimErrors.invalidPath(
      `${operation.method} ${operation.path}: ${id ? 'POST targets the collection' : 'a resource id is required'}.`,
    )
  }
  return { service, ...(id ? { id } : {}) }
}

const BULK_REFERENCE = /bulkId:([^"\s/]+)/g

function unresolvedIds(operation: BulkOperation, created: ReadonlyMap<string, string>): string[] {
  const text = `${operation.path} ${JSON.stringify(operation.data ?? null)}`
  return [...text.matchAll(BULK_REFERENCE)]
    .map((m) => m[1] as string)
    .filter((id) => !created.has(id))
}

function resolveIds(operation: BulkOperation, created: ReadonlyMap<string, string>): BulkOperation {
  const replace = (text: string) =>
    text.replace(BULK_REFERENCE, (whole, id: string) => created.get(id) ?? whole)
  const data =
    operation.data === undefined ? undefined : JSON.parse(replace(JSON.stringify(operation.data)))
  return { ...operation, path: replace(operation.path), ...(data !== undefined ? { data } : {}) }
}

function failure(operation: BulkOperation, error: ScimError): BulkResult {
  return {
    method: operation.method,
    ...(operation.bulkId ? { bulkId: operation.bulkId } : {}),
    status: String(error.status),
    response: error.toJSON(),
  }
}
