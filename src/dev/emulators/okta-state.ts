import { randomBytes } from 'node:crypto'

/** What an Okta org holds: users with lifecycle states, groups with members. */
export type OktaUserRecord = {
  id: string
  status: string
  created: string
  activated: string | null
  statusChanged: string | null
  lastUpdated: string
  profile: Record<string, string>
}

export type OktaGroupRecord = {
  id: string
  type: 'OKTA_GROUP' | 'BUILT_IN'
  created: string
  lastUpdated: string
  lastMembershipUpdated: string
  profile: { name: string; description?: string }
  members: Set<string>
}

export type OktaFailure = { errorCode: string; errorSummary: string; status: number }

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

function oktaId(prefix: string): string {
  const bytes = randomBytes(17)
  return prefix + [...bytes].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('')
}

/**
 * The org's data, ordered by id as Okta pages it. Transitions follow Okta's lifecycle
 * (developer.okta.com/docs/reference/api/users/#lifecycle-operations); a transition the status
 * does not allow fails like Okta's E0000038 (403).
 */
export class OktaState {
  readonly users = new Map<string, OktaUserRecord>()
  readonly groups = new Map<string, OktaGroupRecord>()
  /** Every create (a duplicate login is refused, as Okta does). */
  creations = 0
  /** Every membership a PUT or DELETE of /groups/{id}/users/{userId} changed, in order. */
  readonly memberChanges: Array<{ groupId: string; userId: string; change: 'add' | 'remove' }> = []

  constructor(private readonly now: () => number) {
    const at = this.stamp()
    const everyone = oktaId('00g')
    this.groups.set(everyone, {
      id: everyone,
      type: 'BUILT_IN',
      created: at,
      lastUpdated: at,
      lastMembershipUpdated: at,
      profile: { name: 'Everyone', description: 'All users in your organization' },
      members: new Set(),
    })
  }

  stamp(): string {
    return new Date(this.now()).toISOString()
  }

  createUser(profile: Record<string, string>, activate: boolean): OktaUserRecord | OktaFailure {
    const login = (profile.login ?? '').toLowerCase()
    if ([...this.users.values()].some((u) => u.profile.login?.toLowerCase() === login)) {
      return {
        status: 400,
        errorCode: 'E0000001',
        errorSummary:
          'Api validation failed: login: An object with this field already exists in the current organization',
      }
    }
    const at = this.stamp()
    const user: OktaUserRecord = {
      id: oktaId('00u'),
      status: activate ? 'PROVISIONED' : 'STAGED',
      created: at,
      activated: activate ? at : null,
      statusChanged: activate ? at : null,
      lastUpdated: at,
      profile: { ...profile },
    }
    this.users.set(user.id, user)
    this.everyone().members.add(user.id)
    this.creations += 1
    return user
  }

  /** Looks a user up by id or login, as GET /api/v1/users/{idOrLogin} does. */
  findUser(idOrLogin: string): OktaUserRecord | undefined {
    const byId = this.users.get(idOrLogin)
    if (byId) return byId
    const login = idOrLogin.toLowerCase()
    return [...this.users.values()].find((u) => u.profile.login?.toLowerCase() === login)
  }

  updateProfile(user: OktaUserRecord, changes: Record<string, string>): void {
    user.profile = { ...user.profile, ...changes }
    user.lastUpdated = this.stamp()
  }

  /** One lifecycle operation; undefined when done, a failure when the status forbids it. */
  transition(user: OktaUserRecord, operation: string): OktaFailure | undefined {
    const allowed: Record<string, [string[], string]> = {
      activate: [['STAGED', 'DEPROVISIONED'], 'PROVISIONED'],
      deactivate: [
        [
          'STAGED',
          'PROVISIONED',
          'ACTIVE',
          'RECOVERY',
          'LOCKED_OUT',
          'PASSWORD_EXPIRED',
          'SUSPENDED',
        ],
        'DEPROVISIONED',
      ],
      suspend: [['ACTIVE'], 'SUSPENDED'],
      unsuspend: [['SUSPENDED'], 'ACTIVE'],
    }
    const rule = allowed[operation]
    if (!rule)
      return {
        status: 404,
        errorCode: 'E0000022',
        errorSummary: 'The endpoint does not support the provided HTTP method',
      }
    const [from, to] = rule
    if (!from.includes(user.status)) {
      return {
        status: 403,
        errorCode: 'E0000038',
        errorSummary: "This operation is not allowed in the user's current status.",
      }
    }
    this.setStatus(user, to)
    return undefined
  }

  setStatus(user: OktaUserRecord, status: string): void {
    const at = this.stamp()
    user.status = status
    user.statusChanged = at
    user.lastUpdated = at
    if (status === 'PROVISIONED' || status === 'ACTIVE') user.activated = at
  }

  deleteUser(user: OktaUserRecord): void {
    this.users.delete(user.id)
    for (const group of this.groups.values()) {
      if (group.members.delete(user.id)) group.lastMembershipUpdated = this.stamp()
    }
  }

  createGroup(profile: { name: string; description?: string }): OktaGroupRecord | OktaFailure {
    if ([...this.groups.values()].some((g) => g.profile.name === profile.name)) {
      return {
        status: 400,
        errorCode: 'E0000001',
        errorSummary: 'Api validation failed: name: already exists',
      }
    }
    const at = this.stamp()
    const group: OktaGroupRecord = {
      id: oktaId('00g'),
      type: 'OKTA_GROUP',
      created: at,
      lastUpdated: at,
      lastMembershipUpdated: at,
      profile,
      members: new Set(),
    }
    this.groups.set(group.id, group)
    return group
  }

  setMember(group: OktaGroupRecord, userId: string, member: boolean): void {
    const changed = member ? !group.members.has(userId) : group.members.has(userId)
    if (member) group.members.add(userId)
    else group.members.delete(userId)
    if (!changed) return
    group.lastMembershipUpdated = this.stamp()
    this.memberChanges.push({ groupId: group.id, userId, change: member ? 'add' : 'remove' })
  }

  private everyone(): OktaGroupRecord {
    const found = [...this.groups.values()].find((g) => g.type === 'BUILT_IN')
    if (!found) throw new Error('the Everyone group is missing')
    return found
  }
}

export function isFailure(value: unknown): value is OktaFailure {
  return typeof value === 'object' && value !== null && 'errorCode' in value
}

/** Okta's JSON for a user (developer.okta.com/docs/reference/api/users/#user-object). */
export function userJson(user: OktaUserRecord, base: string) {
  return {
    id: user.id,
    status: user.status,
    created: user.created,
    activated: user.activated,
    statusChanged: user.statusChanged,
    lastLogin: null,
    lastUpdated: user.lastUpdated,
    passwordChanged: null,
    type: { id: 'oty000000000000000' },
    profile: user.profile,
    credentials: { provider: { type: 'OKTA', name: 'OKTA' } },
    _links: { self: { href: `${base}/api/v1/users/${user.id}` } },
  }
}

export function groupJson(group: OktaGroupRecord, base: string) {
  return {
    id: group.id,
    created: group.created,
    lastUpdated: group.lastUpdated,
    lastMembershipUpdated: group.lastMembershipUpdated,
    objectClass: ['okta:user_group'],
    type: group.type,
    profile: group.profile,
    _links: { self: { href: `${base}/api/v1/groups/${group.id}` } },
  }
}
