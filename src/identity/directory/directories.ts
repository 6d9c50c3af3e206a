import type { Actor, AuditLog } from '../../platform/audit/index.js'
import type { EventLog } from '../../platform/events/index.js'
import { type Db, decodeJson, type Row, type Transact } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import { digestsEqual, hashToken, issueToken } from '../../shared/crypto/tokens.js'
import type { IdGenerator } from '../../shared/ids.js'
import { directoryErrors } from './directory-errors.js'
import {
  type DirectorySettings,
  type DirectorySettingsInput,
  directorySettingsSchema,
  resolveSettings,
  type StoredDirectorySettings,
} from './directory-settings.js'
import { directoryStore } from './directory-store.js'

/** An inbound SCIM directory as the management API shows it (never with its token). */
export type Directory = {
  id: string
  workspaceId: string
  name: string
  settings: StoredDirectorySettings
  tokenHint: string
  createdAt: string
  updatedAt: string
  tokenRotatedAt: string
}

/** What a SCIM request runs as, once its bearer token selected a directory. */
export type DirectoryContext = {
  readonly directoryId: string
  readonly workspaceId: string
  readonly workspaceEdition: string
  readonly settings: DirectorySettings
}

export type DirectoriesDeps = {
  db: Db
  transact: Transact
  clock: Clock
  ids: IdGenerator
  audit: AuditLog
  events: EventLog
}

const TOKEN_PREFIX = 'rc_scim'

/**
 * Inbound SCIM directories (seed 002, "Directory management"): an IdP pushes into one directory,
 * selected by its bearer token. The token is shown once and stored only as a SHA-256 hash.
 */
export function createDirectoryService(deps: DirectoriesDeps) {
  const { clock, ids, audit, events, transact } = deps
  const store = directoryStore(deps.db)

  async function requireRow(workspaceId: string, id: string): Promise<Row<'scim_directories'>> {
    const row = await store.findInWorkspace(workspaceId, id)
    if (!row) throw directoryErrors.error('DIRECTORY_NOT_FOUND')
    return row
  }

  return {
    async create(
      input: { workspaceId: string; name?: string; settings?: DirectorySettingsInput },
      actor: Actor,
    ): Promise<{ directory: Directory; token: string }> {
      const settings = parseSettings(input.settings ?? {})
      const issued = issueToken(TOKEN_PREFIX)
      const now = clock.now().toISOString()
      const row = {
        id: ids.next(),
        workspace_id: input.workspaceId,
        name: input.name ?? 'SCIM directory',
        token_hash: issued.hash,
        token_hint: issued.hint,
        settings: JSON.stringify(settings),
        created_at: now,
        updated_at: now,
        token_rotated_at: now,
      }
      await transact(async (trx) => {
        await directoryStore(trx).insert(row)
        await audit.record(trx, {
          workspaceId: input.workspaceId,
          actor,
          action: 'directory.created',
          target: { type: 'scim_directory', id: row.id },
          after: { name: row.name, settings },
        })
      })
      return { directory: toDirectory({ ...row, settings }), token: issued.token }
    },

    async list(workspaceId: string): Promise<Directory[]> {
      const rows = await store.listOldestFirst(workspaceId)
      return rows.map(toDirectory)
    },

    async get(workspaceId: string, id: string): Promise<Directory> {
      return toDirectory(await requireRow(workspaceId, id))
    },

    async update(
      input: { workspaceId: string; id: string; name?: string; settings?: DirectorySettingsInput },
      actor: Actor,
    ): Promise<Directory> {
      const before = toDirectory(await requireRow(input.workspaceId, input.id))
      const settings = input.settings
        ? parseSettings({ ...before.settings, ...input.settings })
        : before.settings
      const name = input.name ?? before.name
      const now = clock.now().toISOString()
      await transact(async (trx) => {
        await directoryStore(trx).updateNameAndSettings(input.id, {
          name,
          settings: JSON.stringify(settings),
          updatedAt: now,
        })
        await audit.record(trx, {
          workspaceId: input.workspaceId,
          actor,
          action: 'directory.updated',
          target: { type: 'scim_directory', id: input.id },
          before: { name: before.name, settings: before.settings },
          after: { name, settings },
        })
      })
      return { ...before, name, settings, updatedAt: now }
    },

    /** Deletes the directory with every user and group in it. */
    async remove(input: { workspaceId: string; id: string }, actor: Actor): Promise<void> {
      const before = toDirectory(await requireRow(input.workspaceId, input.id))
      await transact(async (trx) => {
        await directoryStore(trx).delete(input.id)
        await audit.record(trx, {
          workspaceId: input.workspaceId,
          actor,
          action: 'directory.deleted',
          target: { type: 'scim_directory', id: input.id },
          before: { name: before.name, settings: before.settings },
        })
        await events.append(trx, {
          workspaceId: input.workspaceId,
          sourceId: input.id,
          type: 'scim.directory.deleted',
          subject: { type: 'scim_directory', id: input.id },
          data: { id: input.id, name: before.name },
        })
      })
    },

    /** Issues a new token; the old one stops working at once. */
    async rotateToken(
      input: { workspaceId?: string; id: string },
      actor: Actor,
    ): Promise<{ id: string; token: string }> {
      const row = await store.findOwner(input.id, input.workspaceId)
      if (!row) throw directoryErrors.error('DIRECTORY_NOT_FOUND')
      const issued = issueToken(TOKEN_PREFIX)
      const now = clock.now().toISOString()
      await transact(async (trx) => {
        await directoryStore(trx).replaceToken(row.id, issued, now)
        await audit.record(trx, {
          workspaceId: row.workspace_id,
          actor,
          action: 'directory.token_rotated',
          target: { type: 'scim_directory', id: row.id },
          after: { tokenHint: issued.hint },
        })
      })
      return { id: row.id, token: issued.token }
    },

    /** The directory a SCIM bearer token selects, or undefined for any unknown token. */
    async authenticate(token: string): Promise<DirectoryContext | undefined> {
      if (!token.startsWith(`${TOKEN_PREFIX}_`)) return undefined
      const hash = hashToken(token)
      const row = await store.findByTokenHash(hash)
      if (!row || !digestsEqual(row.token_hash, hash)) return undefined
      return {
        directoryId: row.id,
        workspaceId: row.workspace_id,
        workspaceEdition: row.plan,
        settings: settingsOf(row.settings),
      }
    },
  }
}

const settingsCache = new Map<string, DirectorySettings>()

/** Settings change rarely and are read on every request: validate each distinct value once. */
function settingsOf(raw: unknown): DirectorySettings {
  const key = typeof raw === 'string' ? raw : JSON.stringify(raw)
  let settings = settingsCache.get(key)
  if (!settings) {
    settings = resolveSettings(directorySettingsSchema.parse(decodeJson(raw)))
    if (settingsCache.size > 1000) settingsCache.clear()
    settingsCache.set(key, settings)
  }
  return settings
}

export type DirectoryService = ReturnType<typeof createDirectoryService>

function parseSettings(input: unknown): StoredDirectorySettings {
  const parsed = directorySettingsSchema.safeParse(input)
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join('.') || 'settings'}: ${i.message}`,
    )
    throw directoryErrors.error(
      'DIRECTORY_INVALID',
      `Invalid directory settings: ${problems.join('; ')}`,
    )
  }
  return parsed.data
}

function toDirectory(
  row: Omit<
    Row<'scim_directories'>,
    'settings' | 'user_count' | 'group_count' | 'roster_version'
  > & {
    settings: unknown
  },
): Directory {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    settings: directorySettingsSchema.parse(decodeJson(row.settings)),
    tokenHint: row.token_hint,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    tokenRotatedAt: row.token_rotated_at,
  }
}
