import { type Db, decodeJson } from '../../../platform/store/index.js'
import type { ScimResource } from '../../../protocol/scim/schemas/index.js'
import type { Clock } from '../../../shared/clock.js'
import { membershipStore } from './membership-store.js'
import type { ChangeRecorder } from './record-change.js'
import type { ScimRequestContext } from './resource-service.js'

/**
 * When a user or group is deleted, it leaves every group it was a member of. Those groups changed
 * (RFC 7643 §4.2: members), so their version moves on and a members_changed event is raised.
 */
export function createMembershipCleanup(deps: { clock: Clock; changes: ChangeRecorder }) {
  return async (db: Db, context: ScimRequestContext, memberId: string): Promise<void> => {
    const directoryId = context.directory.directoryId
    const memberships = membershipStore(db)
    const groups = await memberships.groupsContaining(directoryId, memberId)
    if (groups.length === 0) return
    await memberships.removeFromAllGroups(directoryId, memberId)
    const now = deps.clock.now().toISOString()
    for (const group of groups) {
      await memberships.setGroupVersion(group.id, group.version + 1, now)
      const resource = decodeJson<ScimResource>(group.resource)
      const base = { id: group.id, created: group.created_at }
      await deps.changes.record(
        db,
        {
          workspaceId: context.directory.workspaceId,
          directoryId,
          actor: context.actor,
          ...(context.requestId ? { requestId: context.requestId } : {}),
        },
        {
          kind: 'group',
          action: 'updated',
          before: {
            ...base,
            resource: { ...resource, members: [{ value: memberId }] },
            version: group.version,
            lastModified: group.updated_at,
          },
          after: { ...base, resource, version: group.version + 1, lastModified: now },
        },
      )
    }
  }
}
