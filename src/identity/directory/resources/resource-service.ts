import type { Actor } from '../../../platform/audit/index.js'
import {
  type Db,
  type Dialect,
  isUniqueViolation,
  type Transact,
} from '../../../platform/store/index.js'
import { etagMatches } from '../../../protocol/scim/etag.js'
import { applyPatch, parsePatchRequest } from '../../../protocol/scim/patch/index.js'
import {
  ENTRA_SCHEMA_ALIASES,
  normalizeResource,
  type SchemaAliases,
  type ScimResource,
} from '../../../protocol/scim/schemas/index.js'
import { type ScimError, scimErrors } from '../../../protocol/scim/scim-errors.js'
import type { Clock } from '../../../shared/clock.js'
import type { IdGenerator } from '../../../shared/ids.js'
import { jsonEqual } from '../../../shared/json.js'
import type { Result } from '../../../shared/result.js'
import type { DirectoryContext } from '../directories.js'
import { membersOf } from './group-repository.js'
import { resolveMembers } from './members.js'
import type { ChangeRecorder } from './record-change.js'
import { adjustRoster, readRoster } from './roster-store.js'
import type { ListQuery, ListResult, ResourceRepository, StoredResource } from './types.js'

/** One SCIM request's caller: the directory its token selected, who that is, and the request id. */
export type ScimRequestContext = {
  readonly directory: DirectoryContext
  readonly actor: Actor
  readonly requestId?: string
}

export type ResourceServiceDeps = {
  db: Db
  /** Write transactions; group-committed on SQLite (store/group-commit.ts). */
  transact: Transact
  dialect: Dialect
  clock: Clock
  ids: IdGenerator
  changes: ChangeRecorder
  /** Removes a deleted resource from every group it belonged to (see membership-cleanup.ts). */
  onDeleted: (db: Db, context: ScimRequestContext, id: string) => Promise<void>
}

/**
 * The SCIM use cases of one resource type (RFC 7644 §3.3–3.6): each write validates with the pure
 * protocol core, then changes the rows, the audit trail and the events in one transaction. Client
 * mistakes are thrown as ScimErrors and become RFC 7644 §3.12 responses at the edge.
 */
export function createResourceService(repository: ResourceRepository, deps: ResourceServiceDeps) {
  const { db, transact, clock, ids, changes } = deps
  const { schema, kind } = repository
  const label = kind === 'user' ? 'User' : 'Group'

  const changeContext = (context: ScimRequestContext) => ({
    workspaceId: context.directory.workspaceId,
    directoryId: context.directory.directoryId,
    actor: context.actor,
    ...(context.requestId ? { requestId: context.requestId } : {}),
  })

  function normalize(context: ScimRequestContext, body: unknown): ScimResource {
    const { unknownSchemas } = context.directory.settings
    return unwrapScim(
      normalizeResource(body, schema, {
        tolerateUnknownSchemas: unknownSchemas === 'ignore',
        schemaAliases: aliasesOf(context),
      }),
    )
  }

  async function prepare(
    trx: Db,
    context: ScimRequestContext,
    id: string,
    resource: ScimResource,
    known: ReadonlySet<string>,
  ) {
    if (kind !== 'group') return resource
    const resolved = await resolveMembers(trx, {
      directoryId: context.directory.directoryId,
      groupId: id,
      resource,
      known,
      unknownMembers: context.directory.settings.unknownGroupMembers,
    })
    return resolved.resource
  }

  async function loadForWrite(trx: Db, context: ScimRequestContext, id: string, ifMatch?: string) {
    const current = await repository.load(trx, context.directory.directoryId, id, {
      // Groups need their members to apply changes; users carry their groups into the response.
      withRelated: true,
      forUpdate: true,
    })
    if (!current) throw scimErrors.notFound(`${label} ${id} not found.`)
    if (ifMatch !== undefined && !etagMatches(ifMatch, current.version)) {
      throw scimErrors.preconditionFailed(`${label} ${id} has changed (If-Match failed).`)
    }
    return current
  }

  /** Writes `next` over `current` unless nothing changed; returns what is stored. */
  async function commitUpdate(
    trx: Db,
    context: ScimRequestContext,
    current: StoredResource,
    resource: ScimResource,
  ) {
    if (jsonEqual(current.resource, resource)) return { record: current, changed: false }
    // Built field by field: the current record's `json` describes the old resource.
    const record: StoredResource = {
      id: current.id,
      resource,
      version: current.version + 1,
      created: current.created,
      lastModified: clock.now().toISOString(),
      ...(current.groups ? { groups: current.groups } : {}),
    }
    await guardUnique(
      () => repository.update(trx, context.directory.directoryId, record, current),
      label,
    )
    await changes.record(trx, changeContext(context), {
      kind,
      action: 'updated',
      before: current,
      after: record,
    })
    return { record, changed: true }
  }

  return {
    schema,
    async get(
      context: ScimRequestContext,
      id: string,
      options: { withRelated: boolean },
    ): Promise<StoredResource> {
      const found = await repository.load(db, context.directory.directoryId, id, options)
      if (!found) throw scimErrors.notFound(`${label} ${id} not found.`)
      return found
    },

    async list(context: ScimRequestContext, query: ListQuery): Promise<ListResult> {
      const whole = query.filter === undefined && query.sortBy === undefined
      if (!whole) return repository.list(db, context.directory.directoryId, query)
      // The whole directory in id order: its exact size instead of COUNT(*), and page anchors.
      const roster = await readRoster(db, context.directory.directoryId, kind)
      return repository.list(db, context.directory.directoryId, { ...query, roster })
    },

    async create(context: ScimRequestContext, body: unknown): Promise<StoredResource> {
      const normalized = normalize(context, body)
      // A new user is active unless told otherwise (RFC 7643 §4.1.1 leaves the default to us).
      if (kind === 'user' && normalized.active === undefined) normalized.active = true
      const now = clock.now().toISOString()
      const id = ids.next()
      return transact(async (trx) => {
        const resource = await prepare(trx, context, id, normalized, new Set())
        const record: StoredResource = {
          id,
          resource,
          version: 1,
          created: now,
          lastModified: now,
          ...(kind === 'user' ? { groups: [] } : {}),
        }
        await guardUnique(
          () => repository.insert(trx, context.directory.directoryId, record),
          label,
        )
        await adjustRoster(trx, context.directory.directoryId, kind, 1)
        await changes.record(trx, changeContext(context), {
          kind,
          action: 'created',
          after: record,
        })
        return record
      })
    },

    /** PUT (RFC 7644 §3.5.1): replaces every writable attribute. */
    async replace(
      context: ScimRequestContext,
      id: string,
      body: unknown,
      ifMatch?: string,
    ): Promise<StoredResource> {
      const normalized = normalize(context, body)
      return transact(async (trx) => {
        const current = await loadForWrite(trx, context, id, ifMatch)
        // A PUT without `active` keeps the current state: never silently (re|de)activate someone.
        if (kind === 'user' && normalized.active === undefined)
          normalized.active = current.resource.active ?? true
        const known = new Set(membersOf(current.resource).map((m) => m.value))
        const resource = await prepare(trx, context, id, normalized, known)
        return (await commitUpdate(trx, context, current, resource)).record
      })
    },

    /** PATCH (RFC 7644 §3.5.2): all operations or none; a change-free PATCH keeps meta.version. */
    async patch(context: ScimRequestContext, id: string, body: unknown, ifMatch?: string) {
      const operations = unwrapScim(parsePatchRequest(body))
      return transact(async (trx) => {
        const current = await loadForWrite(trx, context, id, ifMatch)
        const { replaceWithoutMatch } = context.directory.settings
        const schemaAliases = aliasesOf(context)
        const options = { id, replaceWithoutMatch, schemaAliases }
        const patched = unwrapScim(applyPatch(current.resource, operations, schema, options))
        const known = new Set(membersOf(current.resource).map((m) => m.value))
        const resource = await prepare(trx, context, id, patched, known)
        return commitUpdate(trx, context, current, resource)
      })
    },

    async remove(context: ScimRequestContext, id: string, ifMatch?: string): Promise<void> {
      await transact(async (trx) => {
        const current = await loadForWrite(trx, context, id, ifMatch)
        await deps.onDeleted(trx, context, id)
        await repository.remove(trx, context.directory.directoryId, id)
        await adjustRoster(trx, context.directory.directoryId, kind, -1)
        await changes.record(trx, changeContext(context), {
          kind,
          action: 'deleted',
          before: current,
        })
      })
    },
  }
}

export type ResourceService = ReturnType<typeof createResourceService>

function aliasesOf(context: ScimRequestContext): SchemaAliases {
  return context.directory.settings.schemaAliases === 'entra' ? ENTRA_SCHEMA_ALIASES : {}
}

function unwrapScim<T>(result: Result<T, ScimError>): T {
  if (!result.ok) throw result.error
  return result.value
}

/** Uniqueness is the database's job (a unique index), so concurrent creates cannot both win. */
async function guardUnique(write: () => Promise<void>, label: string): Promise<void> {
  try {
    await write()
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    const attribute = label === 'User' ? 'userName' : 'displayName'
    throw scimErrors.uniqueness(
      `A ${label} with this ${attribute} already exists in this directory.`,
    )
  }
}
