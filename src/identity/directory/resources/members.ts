import type { Db } from '../../../platform/store/index.js'
import type { ScimResource } from '../../../protocol/scim/schemas/index.js'
import { scimErrors } from '../../../protocol/scim/scim-errors.js'
import { isRecord } from '../../../shared/json.js'
import { membershipStore } from './membership-store.js'

/**
 * Checks and completes a group's members before they are stored: every member must be a user or a
 * group of the same directory (its `type` is taken from where it was found and its `display`
 * filled in when the client sent none); a group may not contain itself; duplicates collapse into
 * one. Members not found are refused (400 invalidValue) or, when the directory's profile says so,
 * dropped. Only ids not already members are looked up, so a PATCH to a large group stays cheap.
 */
export async function resolveMembers(
  db: Db,
  input: {
    directoryId: string
    groupId: string
    resource: ScimResource
    known: ReadonlySet<string>
    unknownMembers: 'reject' | 'ignore'
  },
): Promise<{ resource: ScimResource; dropped: string[] }> {
  const raw = Array.isArray(input.resource.members) ? input.resource.members.filter(isRecord) : []
  const unique = new Map<string, Record<string, unknown>>()
  for (const member of raw) if (typeof member.value === 'string') unique.set(member.value, member)
  if (unique.has(input.groupId))
    throw scimErrors.invalidValue('A group cannot be a member of itself.')
  const toCheck = [...unique.keys()].filter((id) => !input.known.has(id))
  const found = await findMembers(db, input.directoryId, toCheck)
  const dropped = toCheck.filter((id) => !found.has(id))
  if (dropped.length > 0 && input.unknownMembers === 'reject') {
    throw scimErrors.invalidValue(
      `Unknown member(s) in this directory: ${dropped.slice(0, 10).join(', ')}.`,
    )
  }
  const members = [...unique.values()].flatMap((member) => {
    const value = member.value as string
    if (dropped.includes(value)) return []
    const lookedUp = found.get(value)
    if (!lookedUp) return [member] // already a member: keep as stored
    const display = member.display ?? lookedUp.display
    return [{ ...member, type: lookedUp.type, ...(display ? { display } : {}) }]
  })
  const { members: _old, ...rest } = input.resource
  return { resource: members.length > 0 ? { ...rest, members } : rest, dropped }
}

async function findMembers(
  db: Db,
  directoryId: string,
  ids: readonly string[],
): Promise<Map<string, { type: 'User' | 'Group'; display: string | null }>> {
  const found = new Map<string, { type: 'User' | 'Group'; display: string | null }>()
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500)
    const users = await membershipStore(db).usersAmong(directoryId, chunk)
    for (const u of users) found.set(u.id, { type: 'User', display: u.display_name ?? u.user_name })
    const groups = await membershipStore(db).groupsAmong(directoryId, chunk)
    for (const g of groups) found.set(g.id, { type: 'Group', display: g.display_name })
  }
  return found
}
