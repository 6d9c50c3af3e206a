import type { Actor, AuditLog } from '../../platform/audit/index.js'
import { type Db, isUniqueViolation, type Row, type Transact } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import { isRole, ROLES, type Role } from '../workspace/index.js'
import { memberErrors } from './member-errors.js'
import { memberStore } from './member-store.js'
import {
  DECOY_HASH,
  DEFAULT_SCRYPT,
  hashPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  type ScryptParams,
  verifyPassword,
} from './passwords.js'

/** A person who signs in to the hub, with a role in one workspace. */
export type Member = {
  id: string
  workspaceId: string
  email: string
  role: Role
  /** From the IdP's attributes when SAML provisioned the member; null otherwise. */
  displayName: string | null
  hasPassword: boolean
  createdAt: string
}

export type MembersDeps = {
  db: Db
  transact: Transact
  clock: Clock
  ids: IdGenerator
  audit: AuditLog
  /** scrypt cost; tests may lower it, production keeps the default. */
  scrypt?: ScryptParams
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** Members of a workspace: owners, admins and members who use the console and authorise apps. */
export function createMemberService(deps: MembersDeps) {
  const { clock, ids, audit, transact } = deps
  const store = memberStore(deps.db)
  const cost = deps.scrypt ?? DEFAULT_SCRYPT

  return {
    async create(
      input: {
        workspaceId: string
        email: string
        role: string
        password?: string
        displayName?: string
      },
      actor: Actor,
    ): Promise<Member> {
      const { email, role } = validate(input)
      const now = clock.now().toISOString()
      const row = {
        id: ids.next(),
        workspace_id: input.workspaceId,
        email,
        email_key: email.toLowerCase(),
        role,
        password_hash:
          input.password === undefined ? null : await hashPassword(input.password, cost),
        display_name: input.displayName ?? null,
        created_at: now,
        updated_at: now,
      }
      try {
        await transact(async (trx) => {
          await memberStore(trx).insert(row)
          await audit.record(trx, {
            workspaceId: input.workspaceId,
            actor,
            action: 'member.created',
            target: { type: 'member', id: row.id },
            after: { email, role, hasPassword: row.password_hash !== null },
          })
        })
      } catch (error) {
        if (isUniqueViolation(error)) throw memberErrors.error('MEMBER_EMAIL_TAKEN')
        throw error
      }
      return toMember(row)
    },

    async findById(id: string): Promise<Member | undefined> {
      const row = await store.findById(id)
      return row ? toMember(row) : undefined
    },

    /** The member with this email (case-insensitive) in a workspace, or undefined. */
    async findByEmail(workspaceId: string, email: string): Promise<Member | undefined> {
      const row = await store.findByEmailKey(workspaceId, email.trim().toLowerCase())
      return row ? toMember(row) : undefined
    },

    /** Removes a member's password (offboarding: no local sign-in); true when there was one. */
    async removePassword(id: string): Promise<boolean> {
      return store.clearPassword(id, clock.now().toISOString())
    },

    async list(workspaceId: string): Promise<Member[]> {
      const rows = await store.listByEmail(workspaceId)
      return rows.map(toMember)
    },

    /**
     * The member whose email and password match in a workspace, or undefined. Unknown emails and
     * members without a password cost one scrypt too, so timing tells nothing about who exists.
     */
    async verifyCredentials(input: {
      workspaceId: string
      email: string
      password: string
    }): Promise<Member | undefined> {
      const row = await store.findByEmailKey(input.workspaceId, input.email.trim().toLowerCase())
      const matches = await verifyPassword(input.password, row?.password_hash ?? DECOY_HASH)
      return row && row.password_hash !== null && matches ? toMember(row) : undefined
    },
  }
}

export type MemberService = ReturnType<typeof createMemberService>

function validate(input: { email: string; role: string; password?: string }): {
  email: string
  role: Role
} {
  const email = input.email.trim()
  const problems: string[] = []
  if (email.length > 254 || !EMAIL.test(email)) problems.push('email: not an email address')
  if (!isRole(input.role)) problems.push(`role: must be one of ${ROLES.join(', ')}`)
  const password = input.password
  if (
    password !== undefined &&
    (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH)
  ) {
    problems.push(
      `password: must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`,
    )
  }
  if (problems.length > 0 || !isRole(input.role)) {
    throw memberErrors.error('MEMBER_INVALID', `Invalid member: ${problems.join('; ')}`, {
      problems,
    })
  }
  return { email, role: input.role }
}

function toMember(row: Row<'members'>): Member {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    email: row.email,
    role: row.role as Role,
    displayName: row.display_name,
    hasPassword: row.password_hash !== null,
    createdAt: row.created_at,
  }
}
