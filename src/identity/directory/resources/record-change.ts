import type { Actor, AuditLog } from '../../../platform/audit/index.js'
import type { EventLog } from '../../../platform/events/index.js'
import type { Db } from '../../../platform/store/index.js'
import type { ResourceKind } from '../../../protocol/scim-sql/index.js'
import { membersOf } from './group-repository.js'
import type { StoredResource } from './types.js'

export type ChangeContext = {
  readonly workspaceId: string
  readonly directoryId: string
  readonly actor: Actor
  readonly requestId?: string
}

export type ChangeRecorder = {
  /** Writes the audit entry and raises the events of one change, inside the change's transaction. */
  record(
    db: Db,
    context: ChangeContext,
    change: {
      kind: ResourceKind
      action: 'created' | 'updated' | 'deleted'
      before?: StoredResource
      after?: StoredResource
    },
  ): Promise<void>
}

/**
 * The trail of a SCIM change: one audit entry with before/after, and the events the hub consumes
 * (`scim.user.created|updated|deactivated|reactivated|deleted`, `scim.group.created|updated|deleted`,
 * `scim.group.members_changed`). Group members are summarised as added/removed ids so a change to
 * a 50k-member group does not write the whole membership twice.
 */
export function createChangeRecorder(deps: { audit: AuditLog; events: EventLog }): ChangeRecorder {
  return {
    async record(db, context, change) {
      const subject = change.after ?? change.before
      if (!subject) return
      const memberDiff =
        change.kind === 'group' ? diffMembers(change.before, change.after) : undefined
      await deps.audit.record(db, {
        workspaceId: context.workspaceId,
        actor: context.actor,
        action: `scim.${change.kind}.${change.action}`,
        target: { type: `scim_${change.kind}`, id: subject.id },
        ...(change.before ? { before: snapshot(change.kind, change.before) } : {}),
        ...(change.after
          ? {
              after: {
                ...snapshot(change.kind, change.after),
                ...(memberDiff ? { members: memberDiff } : {}),
              },
            }
          : {}),
        requestId: context.requestId ?? null,
      })
      for (const type of eventTypes(change)) {
        await deps.events.append(db, {
          workspaceId: context.workspaceId,
          sourceId: context.directoryId,
          type: `scim.${change.kind}.${type}`,
          subject: { type: `scim_${change.kind}`, id: subject.id },
          data: {
            directoryId: context.directoryId,
            id: subject.id,
            version: subject.version,
            resource: snapshot(change.kind, subject),
            ...renameFlag(change),
          },
        })
      }
      if (memberDiff && (memberDiff.added.length > 0 || memberDiff.removed.length > 0)) {
        await deps.events.append(db, {
          workspaceId: context.workspaceId,
          sourceId: context.directoryId,
          type: 'scim.group.members_changed',
          subject: { type: 'scim_group', id: subject.id },
          data: { directoryId: context.directoryId, id: subject.id, ...memberDiff },
        })
      }
    },
  }
}

function eventTypes(change: {
  kind: ResourceKind
  action: string
  before?: StoredResource
  after?: StoredResource
}): string[] {
  const types = [change.action]
  if (change.kind !== 'user' || change.action !== 'updated') return types
  const wasActive = change.before?.resource.active !== false
  const isActive = change.after?.resource.active !== false
  if (wasActive && !isActive) types.push('deactivated')
  if (!wasActive && isActive) types.push('reactivated')
  return types
}

/**
 * A group update says whether its name changed: only then do the `groups` of every user under it
 * change (a change of members alone is in members_changed), so followers re-read those users only
 * when needed instead of a whole large group for each member added.
 */
function renameFlag(change: {
  kind: ResourceKind
  action: string
  before?: StoredResource
  after?: StoredResource
}): { displayNameChanged?: boolean } {
  if (change.kind !== 'group' || change.action !== 'updated') return {}
  return {
    displayNameChanged: change.before?.resource.displayName !== change.after?.resource.displayName,
  }
}

/** The resource without its (possibly huge) member list. */
function snapshot(kind: ResourceKind, stored: StoredResource): Record<string, unknown> {
  if (kind !== 'group') return { id: stored.id, ...stored.resource }
  const { members: _members, ...rest } = stored.resource
  return { id: stored.id, ...rest }
}

function diffMembers(
  before?: StoredResource,
  after?: StoredResource,
): { added: string[]; removed: string[] } {
  const old = new Set(before ? membersOf(before.resource).map((m) => m.value) : [])
  const now = new Set(after ? membersOf(after.resource).map((m) => m.value) : [])
  return {
    added: [...now].filter((id) => !old.has(id)),
    removed: [...old].filter((id) => !now.has(id)),
  }
}
