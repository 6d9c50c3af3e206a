import type { Filter } from '../../protocol/scim/filter/index.js'
import { matchesFilter } from '../../protocol/scim/filter/index.js'
import { applyPatch, parsePatchRequest } from '../../protocol/scim/patch/index.js'
import {
  normalizeResource,
  type ResourceSchema,
  type ScimResource,
} from '../../protocol/scim/schemas/index.js'
import { type ScimError, scimErrors } from '../../protocol/scim/scim-errors.js'
import { toScimResource } from '../../protocol/scim/serialize.js'
import { jsonEqual } from '../../shared/json.js'
import { err, ok, type Result } from '../../shared/result.js'

/**
 * The in-memory data of an emulated SCIM app, with real SCIM semantics from src/protocol/scim: bodies are
 * normalized, filters evaluated and PATCHes applied by the same code as Rollcall's own server.
 * `creations` records every resource ever created, so tests can prove "exactly once".
 */
export type StoredResource = {
  readonly id: string
  resource: ScimResource
  version: number
  readonly created: string
  lastModified: string
  deleted: boolean
}

export type StateOptions = {
  readonly schema: ResourceSchema
  readonly baseUrl: string
  /** RFC 7643 §4.1.1 userName uniqueness; off, a retried POST can make a duplicate. */
  readonly uniqueUserNames: boolean
  /** Soft DELETE hides the resource; a POST with the same email brings it back (Stensul). */
  readonly deletes: 'none' | 'soft' | 'hard'
  readonly idPrefix: string
}

/** One member added to or removed from a group. */
export type MemberChange = {
  readonly groupId: string
  readonly userId: string
  readonly change: 'add' | 'remove'
}

export class ScimState {
  readonly users = new Map<string, StoredResource>()
  /** userName (lower case) of every user resource created, in order; restores are not creations. */
  readonly creations: string[] = []
  restorations = 0
  /**
   * Every membership a Groups PATCH actually changed, in order: a test proves "each grant
   * exactly once" by finding one `add` per (group, user), and no add undone by a remove.
   */
  readonly memberChanges: MemberChange[] = []
  private sequence = 0

  constructor(readonly options: StateOptions) {}

  wire(stored: StoredResource): ScimResource {
    return toScimResource(stored.resource, stored, this.options.schema, {
      baseUrl: this.options.baseUrl,
    })
  }

  /** How many people the app holds more than one account for (exactly-once means 0). */
  duplicates(): number {
    const seen = new Map<string, number>()
    for (const name of this.creations) seen.set(name, (seen.get(name) ?? 0) + 1)
    return [...seen.values()].filter((n) => n > 1).length
  }

  visible(): StoredResource[] {
    return [...this.users.values()].filter((user) => !user.deleted)
  }

  find(id: string): StoredResource | undefined {
    const user = this.users.get(id)
    return user && !user.deleted ? user : undefined
  }

  list(filter: Filter | undefined): StoredResource[] {
    const schema = this.options.schema
    return this.visible().filter(
      (user) => !filter || matchesFilter(filter, this.wire(user), schema),
    )
  }

  create(body: unknown): Result<StoredResource, ScimError> {
    const resource = normalizeResource(body, this.options.schema, { tolerateUnknownSchemas: true })
    if (!resource.ok) return resource
    const deleted =
      this.options.deletes === 'soft' ? this.softDeletedMatch(resource.value) : undefined
    if (deleted) return ok(this.restore(deleted, resource.value))
    const clash = this.clash(resource.value)
    if (clash) return err(clash)
    const now = new Date().toISOString()
    this.sequence += 1
    const id = `${this.options.idPrefix}${String(this.sequence).padStart(6, '0')}`
    const stored = {
      id,
      resource: resource.value,
      version: 1,
      created: now,
      lastModified: now,
      deleted: false,
    }
    this.users.set(id, stored)
    this.creations.push(String(resource.value.userName).toLowerCase())
    return ok(stored)
  }

  replace(id: string, body: unknown): Result<StoredResource, ScimError> {
    const stored = this.find(id)
    if (!stored) return err(scimErrors.notFound(`No resource ${id}.`))
    const resource = normalizeResource(body, this.options.schema, { tolerateUnknownSchemas: true })
    if (!resource.ok) return resource
    return this.write(stored, resource.value)
  }

  patch(id: string, body: unknown): Result<StoredResource, ScimError> {
    const stored = this.find(id)
    if (!stored) return err(scimErrors.notFound(`No resource ${id}.`))
    const operations = parsePatchRequest(body)
    if (!operations.ok) return operations
    const next = applyPatch(stored.resource, operations.value, this.options.schema, { id })
    return next.ok ? this.write(stored, next.value) : next
  }

  remove(id: string): Result<true, ScimError> {
    const stored = this.find(id)
    if (!stored) return err(scimErrors.notFound(`No resource ${id}.`))
    if (this.options.deletes === 'soft') stored.deleted = true
    else this.users.delete(id)
    return ok(true)
  }

  private write(stored: StoredResource, resource: ScimResource): Result<StoredResource, ScimError> {
    const clash = this.clash(resource, stored.id)
    if (clash) return err(clash)
    if (jsonEqual(resource, stored.resource)) return ok(stored)
    stored.resource = resource
    stored.version += 1
    stored.lastModified = new Date().toISOString()
    return ok(stored)
  }

  private clash(resource: ScimResource, self?: string): ScimError | undefined {
    if (!this.options.uniqueUserNames) return undefined
    const key = String(resource.userName).toLowerCase()
    const taken = this.visible().some(
      (user) => user.id !== self && String(user.resource.userName).toLowerCase() === key,
    )
    return taken
      ? scimErrors.uniqueness(`userName '${String(resource.userName)}' is taken.`)
      : undefined
  }

  private softDeletedMatch(resource: ScimResource): StoredResource | undefined {
    const email = primaryEmail(resource)
    if (!email) return undefined
    return [...this.users.values()].find(
      (user) => user.deleted && primaryEmail(user.resource) === email,
    )
  }

  private restore(stored: StoredResource, resource: ScimResource): StoredResource {
    stored.deleted = false
    stored.resource = { ...resource, active: resource.active ?? true }
    stored.version += 1
    stored.lastModified = new Date().toISOString()
    this.restorations += 1
    return stored
  }
}

function primaryEmail(resource: ScimResource): string | undefined {
  const emails = Array.isArray(resource.emails) ? resource.emails : []
  const chosen =
    emails.find(
      (e) => typeof e === 'object' && e !== null && (e as { primary?: unknown }).primary === true,
    ) ?? emails[0]
  const value =
    typeof chosen === 'object' && chosen !== null
      ? (chosen as { value?: unknown }).value
      : undefined
  return typeof value === 'string' ? value.toLowerCase() : undefined
}
