import type { FastifyInstance, FastifyReply } from 'fastify'
import { sendScim } from '../../identity/directory/index.js'
import { parseListQuery } from '../../protocol/scim/list-request.js'
import { applyPatch, parsePatchRequest } from '../../protocol/scim/patch/index.js'
import {
  groupResourceSchema,
  type ResourceSchema,
  type ScimResource,
  URN,
  userResourceSchema,
} from '../../protocol/scim/schemas/index.js'
import { type ScimError, scimErrors } from '../../protocol/scim/scim-errors.js'
import { toListResponse } from '../../protocol/scim/serialize.js'
import { isRecord } from '../../shared/json.js'
import { err, ok, type Result } from '../../shared/result.js'
import type { Faults } from './faults.js'
import type { MemberChange, ScimState } from './scim-state.js'

/** What an emulated app's SCIM surface offers. */
export type ScimFeatures = {
  readonly deletes: 'none' | 'soft' | 'hard'
  /**
   * `read_only`: GET only, writes answer 501 ("coming soon", seed 003). `members_only`: as
   * read-only, except that a PATCH touching nothing but `members` works (RFC 7644 §3.5.2), the
   * way Rollcall assumes Stensul grants a role.
   */
  readonly groups: 'none' | 'read_only' | 'members_only'
  /** Discovery endpoints, or none at all (Sana). */
  readonly discovery?: {
    readonly maxResults: number
    /** The User schema the app announces (an app may support fewer attributes than RFC 7643). */
    readonly schema: ResourceSchema
    /** Non-standard resources announced in /ResourceTypes (Stensul's Libraries). */
    readonly extraResourceTypes?: readonly { id: string; endpoint: string; schema: string }[]
  }
  /** Larger `count`s are capped silently, as apps with undocumented page sizes do. */
  readonly maxPageSize: number
}

export type ReadOnlyGroup = { id: string; displayName: string; memberIds: string[] }

export type ScimRouteDeps = {
  readonly state: ScimState
  readonly features: ScimFeatures
  readonly faults: Faults
  readonly groups: readonly ReadOnlyGroup[]
  readonly baseUrl: string
}

type IdParams = { Params: { id: string } }

/** Users (RFC 7644 §3.3–3.6), read-only Groups and discovery, as one emulated app serves them. */
export async function scimRoutes(app: FastifyInstance, deps: ScimRouteDeps): Promise<void> {
  const { state, features } = deps
  const send = (reply: FastifyReply, status: number, body: unknown) => sendScim(reply, status, body)
  const fail = (reply: FastifyReply, error: ScimError) => send(reply, error.status, error.toJSON())
  const limits = { defaultCount: features.maxPageSize, maxCount: features.maxPageSize }

  app.get('/Users', async (request, reply) => {
    const query = parseListQuery(
      request.query as Record<string, unknown>,
      userResourceSchema,
      limits,
    )
    if (!query.ok) return fail(reply, query.error)
    const all = state.list(query.value.filter)
    const start = query.value.startIndex - 1
    let page = all.slice(start, start + query.value.count)
    const isLast = start + page.length >= all.length
    if (!isLast && page.length > 0 && deps.faults.shortPage()) {
      page = page.slice(0, Math.floor(page.length / 2))
    }
    const resources = page.map((user) => state.wire(user))
    return send(
      reply,
      200,
      toListResponse(resources, { totalResults: all.length, startIndex: start + 1 }),
    )
  })

  app.post('/Users', async (request, reply) => {
    const created = state.create(request.body)
    return created.ok ? send(reply, 201, state.wire(created.value)) : fail(reply, created.error)
  })

  app.get<IdParams>('/Users/:id', async (request, reply) => {
    const user = state.find(request.params.id)
    return user ? send(reply, 200, state.wire(user)) : fail(reply, notFound(request.params.id))
  })

  app.put<IdParams>('/Users/:id', async (request, reply) => {
    const replaced = state.replace(request.params.id, request.body)
    return replaced.ok ? send(reply, 200, state.wire(replaced.value)) : fail(reply, replaced.error)
  })

  app.patch<IdParams>('/Users/:id', async (request, reply) => {
    const patched = state.patch(request.params.id, request.body)
    return patched.ok ? send(reply, 200, state.wire(patched.value)) : fail(reply, patched.error)
  })

  if (features.deletes !== 'none') {
    app.delete<IdParams>('/Users/:id', async (request, reply) => {
      const removed = state.remove(request.params.id)
      return removed.ok ? reply.code(204).send() : fail(reply, removed.error)
    })
  }
  if (features.groups !== 'none') registerGroups(app, deps, send, fail)
  if (features.discovery) registerDiscovery(app, deps.baseUrl, features.discovery)
}

function registerGroups(
  app: FastifyInstance,
  deps: ScimRouteDeps,
  send: (reply: FastifyReply, status: number, body: unknown) => FastifyReply,
  fail: (reply: FastifyReply, error: ScimError) => FastifyReply,
): void {
  const wire = (group: ReadOnlyGroup): ScimResource => ({
    schemas: [URN.group],
    id: group.id,
    displayName: group.displayName,
    members: group.memberIds.map((value) => ({ value, $ref: `${deps.baseUrl}/Users/${value}` })),
    meta: { resourceType: 'Group', location: `${deps.baseUrl}/Groups/${group.id}` },
  })
  app.get('/Groups', async (request, reply) => {
    const query = parseListQuery(
      request.query as Record<string, unknown>,
      groupResourceSchema,
      limits(deps),
    )
    if (!query.ok) return fail(reply, query.error)
    const start = query.value.startIndex - 1
    const page = deps.groups.slice(start, start + query.value.count).map(wire)
    return send(
      reply,
      200,
      toListResponse(page, { totalResults: deps.groups.length, startIndex: start + 1 }),
    )
  })
  app.get<IdParams>('/Groups/:id', async (request, reply) => {
    const group = deps.groups.find((g) => g.id === request.params.id)
    return group ? send(reply, 200, wire(group)) : fail(reply, notFound(request.params.id))
  })
  if (deps.features.groups === 'members_only') {
    app.patch<IdParams>('/Groups/:id', async (request, reply) => {
      const group = deps.groups.find((g) => g.id === request.params.id)
      if (!group) return fail(reply, notFound(request.params.id))
      const patched = patchMembers(group, request.body, deps.state.memberChanges)
      return patched.ok ? send(reply, 200, wire(group)) : fail(reply, patched.error)
    })
  }
  const comingSoon = async (_request: unknown, reply: FastifyReply) =>
    fail(
      reply,
      scimErrors.notImplemented('Group provisioning is coming soon; groups are read-only.'),
    )
  app.post('/Groups', comingSoon)
  app.put('/Groups/:id', comingSoon)
  if (deps.features.groups === 'read_only') app.patch('/Groups/:id', comingSoon)
  app.delete('/Groups/:id', comingSoon)
}

function limits(deps: ScimRouteDeps) {
  return { defaultCount: deps.features.maxPageSize, maxCount: deps.features.maxPageSize }
}

/**
 * A PATCH of a read-only group that may change its members only: parsed and applied by the
 * same PATCH engine as Rollcall's server (RFC 7644 §3.5.2, the Entra value-array remove too);
 * any other attribute is the "coming soon" refusal.
 */
function patchMembers(
  group: ReadOnlyGroup,
  body: unknown,
  log: MemberChange[],
): Result<true, ScimError> {
  const operations = parsePatchRequest(body)
  if (!operations.ok) return operations
  const other = operations.value.find((o) => o.path?.attrPath.name.toLowerCase() !== 'members')
  if (other) {
    return err(
      scimErrors.notImplemented('Only role membership can be changed; roles are read-only.'),
    )
  }
  const current: ScimResource = {
    schemas: [URN.group],
    displayName: group.displayName,
    members: group.memberIds.map((value) => ({ value })),
  }
  const next = applyPatch(current, operations.value, groupResourceSchema, { id: group.id })
  if (!next.ok) return next
  const members = Array.isArray(next.value.members) ? next.value.members : []
  const before = new Set(group.memberIds)
  group.memberIds = members.flatMap((m) =>
    isRecord(m) && typeof m.value === 'string' ? [m.value] : [],
  )
  const after = new Set(group.memberIds)
  for (const userId of after)
    if (!before.has(userId)) log.push({ groupId: group.id, userId, change: 'add' })
  for (const userId of before)
    if (!after.has(userId)) log.push({ groupId: group.id, userId, change: 'remove' })
  return ok(true)
}

function registerDiscovery(
  app: FastifyInstance,
  baseUrl: string,
  discovery: NonNullable<ScimFeatures['discovery']>,
): void {
  app.get('/ServiceProviderConfig', async () => ({
    schemas: [URN.serviceProviderConfig],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: discovery.maxResults },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [{ type: 'oauthbearertoken', name: 'OAuth 2.0 client credentials' }],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  }))
  app.get('/Schemas', async () => {
    const schemas = [discovery.schema.core, groupResourceSchema.core].map((schema) => ({
      schemas: [URN.schema],
      ...schema,
      meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${schema.id}` },
    }))
    return toListResponse(schemas, { totalResults: schemas.length, startIndex: 1 })
  })
  app.get('/ResourceTypes', async () => {
    const types = [
      { id: 'User', endpoint: '/Users', schema: URN.user },
      { id: 'Group', endpoint: '/Groups', schema: URN.group },
      ...(discovery.extraResourceTypes ?? []),
    ].map((type) => ({ schemas: [URN.resourceType], name: type.id, ...type, schemaExtensions: [] }))
    return toListResponse(types, { totalResults: types.length, startIndex: 1 })
  })
}

function notFound(id: string): ScimError {
  return scimErrors.notFound(`Resource ${id} not found.`)
}
