import { etagFor } from './etag.js'
import { applyProjection, type Projection } from './projection.js'
import type { ResourceSchema, ScimResource } from './schemas/index.js'
import { URN } from './schemas/urns.js'

/** What the server adds to a stored resource on the way out. */
export type ResourceEnvelope = {
  readonly id: string
  readonly version: number
  readonly created: string
  readonly lastModified: string
  /**
   * Users: group memberships (readOnly `groups`), when loaded; `type` "indirect" for a group
   * reached through nested groups (RFC 7643 §4.1.2), "direct" when absent.
   */
  readonly groups?: readonly {
    readonly value: string
    readonly display: string
    readonly type?: 'direct' | 'indirect'
  }[]
}

/**
 * The wire form of a resource (RFC 7643 §3): schemas, id, the attributes, references completed
 * with `$ref` URIs, and `meta` with the location and version (the ETag), then the projection.
 */
export function toScimResource(
  stored: ScimResource,
  envelope: ResourceEnvelope,
  schema: ResourceSchema,
  options: { baseUrl: string; projection?: Projection },
): ScimResource {
  const { schemas, ...attributes } = stored
  const endpoint = schema.resourceType.endpoint
  const output: ScimResource = {
    schemas: schemas ?? [schema.core.id],
    id: envelope.id,
    ...attributes,
  }
  if (Array.isArray(output.members))
    output.members = output.members.map((m) => withRef(m, options.baseUrl))
  if (envelope.groups) {
    output.groups = envelope.groups.map((g) => ({
      value: g.value,
      display: g.display,
      $ref: `${options.baseUrl}/Groups/${g.value}`,
      type: g.type ?? 'direct',
    }))
  }
  output.meta = {
    resourceType: schema.resourceType.name,
    created: envelope.created,
    lastModified: envelope.lastModified,
    location: `${options.baseUrl}${endpoint}/${envelope.id}`,
    version: etagFor(envelope.version),
  }
  return options.projection ? applyProjection(output, schema, options.projection) : output
}

function withRef(member: unknown, baseUrl: string): unknown {
  if (typeof member !== 'object' || member === null) return member
  const { value, type } = member as { value?: unknown; type?: unknown }
  if (typeof value !== 'string') return member
  return { ...member, $ref: `${baseUrl}/${type === 'Group' ? 'Groups' : 'Users'}/${value}` }
}

/** RFC 7644 §3.4.2: the ListResponse message. */
export function toListResponse(
  resources: readonly ScimResource[],
  page: { totalResults: number; startIndex: number },
): ScimResource {
  return {
    schemas: [URN.listResponse],
    totalResults: page.totalResults,
    startIndex: page.startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  }
}

/**
 * The same wire form as `toScimResource` without a projection, written as text: the stored
 * resource's JSON (always produced by JSON.stringify of a canonical object, so its outer braces
 * can be dropped safely) is spliced between the server's attributes. A read then costs no
 * parse/stringify of the user: what dominates a page of 100 users.
 */
export function toScimJson(
  storedJson: string,
  envelope: ResourceEnvelope,
  schema: ResourceSchema,
  options: { baseUrl: string },
): string {
  const inner = storedJson.trim().slice(1, -1).trim()
  const groups = envelope.groups
    ? `,"groups":${JSON.stringify(
        envelope.groups.map((g) => ({
          value: g.value,
          display: g.display,
          $ref: `${options.baseUrl}/Groups/${g.value}`,
          type: g.type ?? 'direct',
        })),
      )}`
    : ''
  const meta = JSON.stringify({
    resourceType: schema.resourceType.name,
    created: envelope.created,
    lastModified: envelope.lastModified,
    location: `${options.baseUrl}${schema.resourceType.endpoint}/${envelope.id}`,
    version: etagFor(envelope.version),
  })
  return `{"id":${JSON.stringify(envelope.id)}${inner ? `,${inner}` : ''}${groups},"meta":${meta}}`
}

/** A ListResponse whose resources are already JSON text. */
export function toListResponseJson(
  resources: readonly string[],
  page: { totalResults: number; startIndex: number },
): string {
  const head = `{"schemas":["${URN.listResponse}"],"totalResults":${page.totalResults},"startIndex":${page.startIndex},"itemsPerPage":${resources.length}`
  return `${head},"Resources":[${resources.join(',')}]}`
}
