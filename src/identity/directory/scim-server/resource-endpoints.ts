import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { etagFor, etagMatches } from '../../../protocol/scim/etag.js'
import {
  type ListRequest,
  type PagingLimits,
  parseListQuery,
  parseSearchRequest,
} from '../../../protocol/scim/list-request.js'
import { type Projection, parseProjection } from '../../../protocol/scim/projection.js'
import type { ResourceSchema } from '../../../protocol/scim/schemas/index.js'
import { scimErrors } from '../../../protocol/scim/scim-errors.js'
import { toListResponseJson, toScimJson, toScimResource } from '../../../protocol/scim/serialize.js'
import type { ResourceService, ScimRequestContext } from '../resources/resource-service.js'
import type { StoredResource } from '../resources/types.js'
import { sendScim, sendScimText } from './scim-reply.js'

export type EndpointDeps = {
  readonly service: ResourceService
  readonly baseUrl: string
  readonly limits: PagingLimits
  readonly contextOf: (request: FastifyRequest) => ScimRequestContext
}

type IdParams = { Params: { id: string } }

/**
 * The HTTP endpoints of one resource type (RFC 7644 §3.2–3.6): list, search, create, read,
 * replace, patch, delete. Each handler reads as its steps: parse, call the service, serialize.
 */
export function registerResourceEndpoints(app: FastifyInstance, deps: EndpointDeps): void {
  const schema = deps.service.schema
  const path = schema.resourceType.endpoint
  const render = (stored: StoredResource, projection?: Projection) =>
    toScimResource(stored.resource, stored, schema, {
      baseUrl: deps.baseUrl,
      ...(projection ? { projection } : {}),
    })
  // Without a projection, a user read from the database is spliced as text (serialize.ts).
  const renderJson = (stored: StoredResource, projection: Projection): string =>
    stored.json !== undefined && !projection.include && !projection.exclude
      ? toScimJson(stored.json, stored, schema, { baseUrl: deps.baseUrl })
      : JSON.stringify(render(stored, projection))

  const list = async (request: FastifyRequest, reply: FastifyReply, listRequest: ListRequest) => {
    const result = await deps.service.list(deps.contextOf(request), {
      ...(listRequest.filter ? { filter: listRequest.filter } : {}),
      ...(listRequest.sortBy ? { sortBy: listRequest.sortBy } : {}),
      sortOrder: listRequest.sortOrder,
      offset: listRequest.startIndex - 1,
      limit: listRequest.count,
      withRelated: wantsRelated(schema, listRequest.projection),
    })
    const resources = result.items.map((item) => renderJson(item, listRequest.projection))
    const page = { totalResults: result.total, startIndex: listRequest.startIndex }
    return sendScimText(reply, 200, toListResponseJson(resources, page))
  }

  const paths = endpointPaths(path)
  for (const collection of paths.collection) {
    app.get(collection, async (request, reply) => {
      return list(
        request,
        reply,
        unwrap(parseListQuery(request.query as Record<string, unknown>, schema, deps.limits)),
      )
    })
  }

  for (const base of paths.base) {
    app.post(`${base}/.search`, async (request, reply) => {
      return list(request, reply, unwrap(parseSearchRequest(request.body, schema, deps.limits)))
    })
  }

  const create = async (request: FastifyRequest, reply: FastifyReply) => {
    const created = await deps.service.create(deps.contextOf(request), request.body)
    const body = render(created, projectionOf(request, schema))
    return sendScim(
      reply
        .header('location', locationOf(deps.baseUrl, path, created.id))
        .header('etag', etagFor(created.version)),
      201,
      body,
    )
  }
  for (const collection of paths.collection) app.post(collection, create)

  // Read, replace, patch and delete one resource: /Users/:id
  for (const base of paths.base) {
    app.get<IdParams>(`${base}/:id`, async (request, reply) => {
      const projection = projectionOf(request, schema)
      const found = await deps.service.get(deps.contextOf(request), request.params.id, {
        withRelated: wantsRelated(schema, projection),
      })
      // RFC 7232 §3.1 (RFC 7644 §3.14): If-Match holds for every method; a GET whose tag is
      // stale must fail with 412 rather than hand back a version the client did not ask for.
      const ifMatch = ifMatchOf(request)
      if (ifMatch !== undefined && !etagMatches(ifMatch, found.version)) {
        throw scimErrors.preconditionFailed(
          `${schema.resourceType.name} ${found.id} has changed (If-Match failed).`,
        )
      }
      const ifNoneMatch = request.headers['if-none-match']
      // RFC 7644 §3.14: If-None-Match with the current version → 304 Not Modified.
      if (typeof ifNoneMatch === 'string' && etagMatches(ifNoneMatch, found.version)) {
        return reply.code(304).header('etag', etagFor(found.version)).send()
      }
      return sendScimText(
        reply.header('etag', etagFor(found.version)),
        200,
        renderJson(found, projection),
      )
    })

    app.put<IdParams>(`${base}/:id`, async (request, reply) => {
      const context = deps.contextOf(request)
      const replaced = await deps.service.replace(
        context,
        request.params.id,
        request.body,
        ifMatchOf(request),
      )
      return sendScim(
        reply.header('etag', etagFor(replaced.version)),
        200,
        render(replaced, projectionOf(request, schema)),
      )
    })

    app.patch<IdParams>(`${base}/:id`, async (request, reply) => {
      const context = deps.contextOf(request)
      const { record } = await deps.service.patch(
        context,
        request.params.id,
        request.body,
        ifMatchOf(request),
      )
      reply.header('etag', etagFor(record.version))
      if (context.directory.settings.patchResponse === 'no_content') return reply.code(204).send()
      // The record carries the user's groups (read in the write transaction): no second read.
      return sendScim(reply, 200, render(record, projectionOf(request, schema)))
    })

    app.delete<IdParams>(`${base}/:id`, async (request, reply) => {
      await deps.service.remove(deps.contextOf(request), request.params.id, ifMatchOf(request))
      return reply.code(204).send()
    })
  }
}

/**
 * The URLs one resource type answers on. RFC 7644 §3.2 names the endpoint `/Users`; Entra ID's
 * published test collection also sends `/users` and `/Users/?filter=…`. The endpoint name is not
 * data, so answering its lower-case spelling and a trailing slash on the collection cannot change
 * what a request means (the router is otherwise case- and slash-sensitive).
 */
function endpointPaths(path: string): { base: string[]; collection: string[] } {
  const base = [...new Set([path, path.toLowerCase()])]
  return { base, collection: base.flatMap((p) => [p, `${p}/`]) }
}

function projectionOf(request: FastifyRequest, schema: ResourceSchema): Projection {
  const query = request.query as Record<string, unknown>
  const read = (name: string) => {
    const value = Object.entries(query).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1]
    return typeof value === 'string' ? value : undefined
  }
  return unwrap(parseProjection(schema, read('attributes'), read('excludedAttributes')))
}

/** Whether the response will show `groups` (users) or `members` (groups), which cost a query. */
export function wantsRelated(schema: ResourceSchema, projection: Projection): boolean {
  const related = schema.resourceType.id === 'User' ? 'groups' : 'members'
  if (projection.include && !projection.include.some((s) => s.name === related && !s.container))
    return false
  return !projection.exclude?.some((s) => s.name === related && !s.sub && !s.container)
}

function ifMatchOf(request: FastifyRequest): string | undefined {
  const value = request.headers['if-match']
  return typeof value === 'string' ? value : undefined
}

function locationOf(baseUrl: string, path: string, id: string): string {
  return `${baseUrl}${path}/${id}`
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: Error }): T {
  if (!result.ok) throw result.error
  return result.value
}
