import type { PatchOperation } from '../../../protocol/scim/patch/index.js'
import type { ResourceSchema, ScimResource } from '../../../protocol/scim/schemas/index.js'
import type { Logger } from '../../../shared/logger.js'
import { err, ok, type Result } from '../../../shared/result.js'
import type { Page } from '../connector.js'
import type { ConnectorError } from '../connector-errors.js'
import { discover } from './scim-discovery.js'
import { resourcePath, type ScimHttp, type ScimReply } from './scim-http.js'
import { checkPage, pageRequest, readListResponse } from './scim-paging.js'
import { adaptProfile, type ScimConnectorProfile } from './scim-profile.js'
import { patchBody, putBody } from './scim-requests.js'

/** What the user and group operations share: the HTTP session and the (discovered) profile. */
export type ScimContext = {
  readonly http: ScimHttp
  readonly log: Logger
  profile(signal?: AbortSignal): Promise<ScimConnectorProfile>
}

/**
 * The profile, adapted once to what the app announces. Discovery runs on first use, one request
 * for all concurrent callers; a transient failure falls back to the catalog profile for that
 * call and is tried again next time, while "not offered" is remembered.
 */
export function createScimContext(
  http: ScimHttp,
  base: ScimConnectorProfile,
  log: Logger,
): ScimContext {
  let settled: ScimConnectorProfile | undefined = base.discovery ? undefined : base
  let pending: Promise<ScimConnectorProfile> | undefined
  const run = async (signal?: AbortSignal) => {
    const found = await discover(http, signal)
    if (!found.ok) {
      log.warn({ errorCode: found.error.code }, 'SCIM discovery failed; using the catalog profile')
      return base
    }
    settled = found.value ? adaptProfile(base, found.value) : base
    log.debug({ discovered: found.value !== undefined }, 'SCIM profile settled')
    return settled
  }
  return {
    http,
    log,
    async profile(signal) {
      if (settled) return settled
      pending ??= run(signal).finally(() => {
        pending = undefined
      })
      return pending
    },
  }
}

/** Short pages are re-fetched this many times before the listing reports an error. */
const SHORT_PAGE_REFETCHES = 2

/** One page of `/Users` or `/Groups`, checked by the defensive paging rules. */
export async function listPage<T>(
  context: ScimContext,
  endpoint: '/Users' | '/Groups',
  options: { cursor?: string; pageSize?: number; signal?: AbortSignal; filter?: string },
  read: (resource: unknown) => Result<T, ConnectorError>,
): Promise<Result<Page<T>, ConnectorError>> {
  const profile = await context.profile(options.signal)
  const request = pageRequest(options.cursor, options.pageSize ?? profile.pageSize)
  if (!request.ok) return request
  const { startIndex, count } = request.value
  const query = {
    startIndex: String(startIndex),
    count: String(count),
    ...(options.filter === undefined ? {} : { filter: options.filter }),
  }
  for (let attempt = 0; ; attempt++) {
    const reply = await context.http.send({
      method: 'GET',
      path: endpoint,
      query,
      signal: options.signal,
    })
    if (!reply.ok) return reply
    const list = readListResponse(reply.value.body)
    if (!list.ok) return list
    const checked = checkPage(request.value, list.value)
    if (!checked.ok) {
      context.log.warn({ endpoint, startIndex, attempt }, 'short page in a SCIM listing')
      if (attempt < SHORT_PAGE_REFETCHES) continue
      return checked
    }
    const items: T[] = []
    for (const resource of list.value.resources) {
      const item = read(resource)
      if (!item.ok) return item
      items.push(item.value)
    }
    const next = checked.value.nextCursor
    return ok(next === undefined ? { items } : { items, nextCursor: next })
  }
}

/** GET one resource. */
export async function readResource(
  context: ScimContext,
  endpoint: '/Users' | '/Groups',
  id: string,
  signal?: AbortSignal,
  query?: Record<string, string>,
): Promise<Result<ScimReply, ConnectorError>> {
  return context.http.send({
    method: 'GET',
    path: resourcePath(endpoint, id),
    ...(query ? { query } : {}),
    ...(signal ? { signal } : {}),
  })
}

export type WriteRequest = {
  readonly endpoint: '/Users' | '/Groups'
  readonly schema: ResourceSchema
  readonly id: string
  /** The canonical resource as read just before; PUT sends it with the operations applied. */
  readonly current: ScimResource
  readonly operations: readonly PatchOperation[]
  readonly method: 'patch' | 'put'
  readonly idempotencyKey: string
  readonly signal?: AbortSignal
}

/**
 * Writes operations with PATCH, or with PUT of the whole resource (applied by the PATCH engine).
 * Both repeat safely (replace, add of a member, remove by filter), so the HTTP client may retry
 * them after a reset. A 204 (RFC 7644 §3.5.2 allows it; Entra-style servers send it) is followed
 * by a GET so the caller always gets the resource.
 */
export async function writeResource(
  context: ScimContext,
  write: WriteRequest,
): Promise<Result<unknown, ConnectorError>> {
  const profile = await context.profile(write.signal)
  const body =
    write.method === 'put'
      ? putBody(write.id, write.current, write.operations, write.schema)
      : ok(patchBody(write.operations, profile))
  if (!body.ok) return body
  const reply = await context.http.send({
    method: write.method === 'put' ? 'PUT' : 'PATCH',
    path: resourcePath(write.endpoint, write.id),
    json: body.value,
    idempotencyKey: write.idempotencyKey,
    ...(write.signal ? { signal: write.signal } : {}),
  })
  if (!reply.ok) return reply
  if (reply.value.body !== undefined) return ok(reply.value.body)
  const reread = await readResource(context, write.endpoint, write.id, write.signal)
  return reread.ok ? ok(reread.value.body) : err(reread.error)
}
