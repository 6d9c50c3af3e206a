import type { Actor, AuditLog } from '../../platform/audit/index.js'
import { isEdition, type Workspace } from '../../platform/auth/index.js'
import { type Db, isUniqueViolation, type Row, type Transact } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import { workspaceErrors } from './workspace-errors.js'
import { workspaceStore } from './workspace-store.js'

export type { Workspace }

export type WorkspaceDeps = {
  db: Db
  transact: Transact
  clock: Clock
  ids: IdGenerator
  audit: AuditLog
}

const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/

/** Workspaces are the tenants: everything else belongs to exactly one of them. */
export function createWorkspaceService(deps: WorkspaceDeps) {
  const { clock, ids, audit, transact } = deps
  const store = workspaceStore(deps.db)

  return {
    async create(
      input: { slug: string; name?: string; plan?: string },
      actor: Actor,
    ): Promise<Workspace> {
      if (!SLUG.test(input.slug)) throw workspaceErrors.error('WORKSPACE_SLUG_INVALID')
      // Self-hosted default is enterprise (DESIGN.md): the operator owns the whole instance.
      const plan = input.plan ?? 'enterprise'
      if (!isEdition(plan)) throw workspaceErrors.error('WORKSPACE_PLAN_INVALID')
      const now = clock.now().toISOString()
      const row = {
        id: ids.next(),
        slug: input.slug,
        name: input.name ?? input.slug,
        plan,
        created_at: now,
        updated_at: now,
      }
      try {
        await transact(async (trx) => {
          await workspaceStore(trx).insert(row)
          await audit.record(trx, {
            workspaceId: row.id,
            actor,
            action: 'workspace.created',
            target: { type: 'workspace', id: row.id },
            after: toWorkspace(row),
          })
        })
      } catch (error) {
        if (isUniqueViolation(error)) throw workspaceErrors.error('WORKSPACE_SLUG_TAKEN')
        throw error
      }
      return toWorkspace(row)
    },

    async findBySlug(slug: string): Promise<Workspace | undefined> {
      const row = await store.findBySlug(slug)
      return row ? toWorkspace(row) : undefined
    },

    async findById(id: string): Promise<Workspace | undefined> {
      const row = await store.findById(id)
      return row ? toWorkspace(row) : undefined
    },

    /** The workspace for a slug or id, or WORKSPACE_NOT_FOUND. */
    async require(slugOrId: string): Promise<Workspace> {
      const found = (await this.findBySlug(slugOrId)) ?? (await this.findById(slugOrId))
      if (!found) throw workspaceErrors.error('WORKSPACE_NOT_FOUND', `No workspace '${slugOrId}'.`)
      return found
    },

    async list(): Promise<Workspace[]> {
      const rows = await store.listBySlug()
      return rows.map(toWorkspace)
    },
  }
}

export type WorkspaceService = ReturnType<typeof createWorkspaceService>

function toWorkspace(row: Row<'workspaces'>): Workspace {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    edition: row.plan as Workspace['edition'],
    createdAt: row.created_at,
  }
}
