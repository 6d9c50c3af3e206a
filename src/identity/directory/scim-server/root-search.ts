import type { FastifyReply, FastifyRequest } from 'fastify'
import {
  type ListRequest,
  type PagingLimits,
  parseSearchRequest,
} from '../../../protocol/scim/list-request.js'
import { toListResponseJson, toScimResource } from '../../../protocol/scim/serialize.js'
import { unwrap } from '../../../shared/result.js'
import type { ResourceService, ScimRequestContext } from '../resources/resource-service.js'
import type { ListResult, StoredResource } from '../resources/types.js'
import { wantsRelated } from './resource-endpoints.js'
import { sendScimText } from './scim-reply.js'

export type RootSearchDeps = {
  /** In the order their resources are listed: Users, then Groups. */
  readonly services: readonly ResourceService[]
  readonly baseUrl: string
  readonly limits: PagingLimits
  readonly contextOf: (request: FastifyRequest) => ScimRequestContext
}

/** One resource type's share of the request: its parsed request and the service that runs it. */
type Part = { readonly service: ResourceService; readonly request: ListRequest }

/**
 * `POST /.search` at the service provider's root (RFC 7644 §3.4.3): one search across every
 * resource type, with the filter, sorting, paging and `attributes` of the per-type searches.
 * The body is read against each type's schema (an attribute one type lacks matches nothing
 * there, as any unknown attribute does). Results list the Users, then the Groups, each sorted
 * as asked; startIndex and count page through that one sequence, and totalResults adds up.
 */
export async function rootSearch(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: RootSearchDeps,
): Promise<FastifyReply> {
  const parts = deps.services.map((service) => ({
    service,
    request: unwrap(parseSearchRequest(request.body, service.schema, deps.limits)),
  }))
  const first = parts[0]?.request
  if (!first) throw new Error('root search needs at least one resource type')
  const context = deps.contextOf(request)
  let skip = first.startIndex - 1
  let room = first.count
  let total = 0
  const resources: string[] = []
  for (const part of parts) {
    const result = await listPart(context, part, skip, room)
    total += result.total
    resources.push(...result.items.map((item) => render(item, part, deps.baseUrl)))
    skip = Math.max(0, skip - result.total)
    room -= result.items.length
  }
  const page = { totalResults: total, startIndex: first.startIndex }
  return sendScimText(reply, 200, toListResponseJson(resources, page))
}

/** One type's page of the whole sequence; with no room left it still counts its matches. */
function listPart(
  context: ScimRequestContext,
  { service, request }: Part,
  offset: number,
  limit: number,
): Promise<ListResult> {
  return service.list(context, {
    ...(request.filter ? { filter: request.filter } : {}),
    ...(request.sortBy ? { sortBy: request.sortBy } : {}),
    sortOrder: request.sortOrder,
    offset,
    limit,
    withRelated: wantsRelated(service.schema, request.projection),
  })
}

function render(stored: StoredResource, { service, request }: Part, baseUrl: string): string {
  const resource = toScimResource(stored.resource, stored, service.schema, {
    baseUrl,
    projection: request.projection,
  })
  return JSON.stringify(resource)
}
