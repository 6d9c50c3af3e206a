import { z } from 'zod'
import type { Actor, AuditLog } from '../../platform/audit/index.js'
import type { EventLog } from '../../platform/events/index.js'
import { type Db, decodeJson, type Transact } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import { describeZodIssues } from '../../shared/validation.js'
import type { LiveGrant } from '../graph/index.js'
import { grantExceptionErrors } from './grant-exceptions-errors.js'
import {
  activeExceptionFor,
  findGrantException,
  type GrantExceptionRow,
  insertGrantException,
  listGrantExceptions,
  revokeGrantException,
} from './grant-exceptions-store.js'

/** An exception lasts at most a year: keeping an excess grant is reviewed at least yearly. */
export const MAX_EXCEPTION_DAYS = 365

export const grantExceptionInputSchema = z
  .object({
    entitlementId: z.string().trim().min(1).max(200),
    accountId: z.string().trim().min(1).max(200),
    reason: z.string().trim().min(1).max(500),
    expiresAt: z.iso.datetime({ offset: true }),
  })
  .strict()

export type GrantExceptionStatus = 'active' | 'expired' | 'revoked'

/** An admin keeps one excess grant (an account holding an entitlement) with a reason, until it ends. */
export type GrantException = {
  readonly id: string
  readonly appId: string
  readonly entitlementId: string
  readonly accountId: string
  readonly reason: string
  readonly expiresAt: string
  readonly status: GrantExceptionStatus
  readonly createdBy: Actor
  readonly createdAt: string
  readonly revokedAt: string | null
  readonly revokedBy: Actor | null
}

export type GrantExceptionsDeps = {
  readonly db: Db
  readonly transact: Transact
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly audit: AuditLog
  readonly events: EventLog
  /** Throws the apps domain's APP_NOT_FOUND for an app outside the workspace. */
  readonly requireApp: (workspaceId: string, appId: string) => Promise<unknown>
  /** The graph's read of one live grant (grant, entitlement and account all live). */
  readonly liveGrant: (
    workspaceId: string,
    appId: string,
    grant: { entitlementId: string; accountId: string },
  ) => Promise<LiveGrant | undefined>
}

/**
 * Grant exceptions (issue 15): an admin keeps an excess grant with a reason until an expiry
 * (at most a year), audited; reconciliation plans no removal of a grant an active one keeps.
 * Ended exceptions stay as the record of what was allowed and by whom.
 */
export function createGrantExceptions(deps: GrantExceptionsDeps) {
  const { db, transact, clock, ids, audit, events } = deps

  async function requireException(workspaceId: string, appId: string, id: string) {
    await deps.requireApp(workspaceId, appId)
    const row = await findGrantException(db, workspaceId, id, appId)
    if (row) return row
    throw grantExceptionErrors.error(
      'GRANT_EXCEPTION_NOT_FOUND',
      `No grant exception '${id}' in this app.`,
    )
  }

  return {
    /** Keeps a live grant; 404 for an unknown app or a grant not held now, 409 if already kept. */
    async create(
      workspaceId: string,
      appId: string,
      input: unknown,
      actor: Actor,
    ): Promise<GrantException> {
      await deps.requireApp(workspaceId, appId)
      const now = clock.now()
      const parsed = parseInput(input, now)
      const grant = await deps.liveGrant(workspaceId, appId, parsed)
      if (!grant) throw grantNotFound(parsed)
      const row = {
        id: ids.next(),
        workspace_id: workspaceId,
        app_id: appId,
        entitlement_id: grant.entitlementId,
        account_id: grant.accountId,
        reason: parsed.reason,
        expires_at: parsed.expiresAt,
        created_by: JSON.stringify(actor),
        created_at: now.toISOString(),
        revoked_at: null,
        revoked_by: null,
      }
      const exception = toException(row, now)
      await transact(async (trx) => {
        const kept = await activeExceptionFor(
          trx,
          workspaceId,
          { appId, ...parsed },
          row.created_at,
        )
        if (kept) throw alreadyKept(kept)
        await insertGrantException(trx, row)
        await record(trx, { workspaceId, actor, grant, exception }, 'created')
      })
      return exception
    },

    /** The app's active exceptions, newest first; `all` adds the expired and revoked ones. */
    async list(
      workspaceId: string,
      appId: string,
      options: { all?: boolean } = {},
    ): Promise<GrantException[]> {
      await deps.requireApp(workspaceId, appId)
      const now = clock.now()
      const rows = await listGrantExceptions(db, workspaceId, appId, {
        now: now.toISOString(),
        all: options.all === true,
      })
      return rows.map((row) => toException(row, now))
    },

    /** The app of an exception of the workspace (the CLI revokes by the exception's id alone). */
    async appOf(workspaceId: string, id: string): Promise<string> {
      const row = await findGrantException(db, workspaceId, id)
      if (row) return row.app_id
      throw grantExceptionErrors.error(
        'GRANT_EXCEPTION_NOT_FOUND',
        `No grant exception '${id}' in this workspace.`,
      )
    },

    /** Ends it now; revoking a revoked one changes nothing and answers it as it is. */
    async revoke(
      workspaceId: string,
      appId: string,
      id: string,
      actor: Actor,
    ): Promise<GrantException> {
      const row = await requireException(workspaceId, appId, id)
      if (row.revoked_at !== null) return toException(row, clock.now())
      const now = clock.now()
      const revoked = { ...row, revoked_at: now.toISOString(), revoked_by: JSON.stringify(actor) }
      const exception = toException(revoked, now)
      await transact(async (trx) => {
        const changed = await revokeGrantException(trx, id, {
          at: revoked.revoked_at,
          by: revoked.revoked_by,
        })
        if (!changed) return
        const grant = { accountId: row.account_id, entitlementId: row.entitlement_id }
        await record(trx, { workspaceId, actor, grant, exception }, 'revoked')
      })
      return exception
    },
  }

  /** The audit entry and the event of a change, in the change's transaction. */
  async function record(
    trx: Db,
    change: {
      workspaceId: string
      actor: Actor
      grant: { accountId: string; entitlementId: string }
      exception: GrantException
    },
    verb: 'created' | 'revoked',
  ): Promise<void> {
    const { workspaceId, actor, exception } = change
    await audit.record(trx, {
      workspaceId,
      actor,
      action: `grant_exception.${verb}`,
      target: { type: 'grant_exception', id: exception.id },
      ...(verb === 'created'
        ? { after: exception }
        : { after: { revokedAt: exception.revokedAt } }),
    })
    await events.append(trx, {
      workspaceId,
      sourceId: exception.appId,
      type: `grant_exception.${verb}`,
      subject: { type: 'account', id: change.grant.accountId },
      data: exception,
    })
  }
}

export type GrantExceptions = ReturnType<typeof createGrantExceptions>

/** The body, with `expiresAt` in the future and within a year of `now`, as an ISO instant. */
function parseInput(input: unknown, now: Date) {
  const parsed = grantExceptionInputSchema.safeParse(input)
  if (!parsed.success) throw invalid(describeZodIssues(parsed.error))
  const expires = new Date(parsed.data.expiresAt)
  const latest = now.getTime() + MAX_EXCEPTION_DAYS * 24 * 3600 * 1000
  if (expires.getTime() <= now.getTime())
    throw invalid([`expiresAt: ${parsed.data.expiresAt} is not in the future`])
  if (expires.getTime() > latest)
    throw invalid([
      `expiresAt: ${parsed.data.expiresAt} is more than ${MAX_EXCEPTION_DAYS} days away; renew the exception instead`,
    ])
  return { ...parsed.data, expiresAt: expires.toISOString() }
}

function invalid(problems: string[]) {
  return grantExceptionErrors.error(
    'GRANT_EXCEPTION_INVALID',
    `Invalid grant exception: ${problems.join('; ')}`,
    { problems },
  )
}

function grantNotFound(grant: { entitlementId: string; accountId: string }) {
  return grantExceptionErrors.error(
    'GRANT_NOT_FOUND',
    `Account '${grant.accountId}' does not hold entitlement '${grant.entitlementId}' in this app now (unknown, removed, or not granted): only a live grant can be kept.`,
  )
}

function alreadyKept(row: GrantExceptionRow) {
  return grantExceptionErrors.error(
    'GRANT_EXCEPTION_EXISTS',
    `Exception '${row.id}' already keeps this grant until ${row.expires_at}; revoke it first to change it.`,
    { exceptionId: row.id },
  )
}

function toException(
  row: Omit<GrantExceptionRow, 'created_by' | 'revoked_by'> & {
    created_by: unknown
    revoked_by: unknown
  },
  now: Date,
): GrantException {
  const status: GrantExceptionStatus =
    row.revoked_at !== null
      ? 'revoked'
      : Date.parse(row.expires_at) <= now.getTime()
        ? 'expired'
        : 'active'
  return {
    id: row.id,
    appId: row.app_id,
    entitlementId: row.entitlement_id,
    accountId: row.account_id,
    reason: row.reason,
    expiresAt: row.expires_at,
    status,
    createdBy: decodeJson<Actor>(row.created_by),
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by === null ? null : decodeJson<Actor>(row.revoked_by),
  }
}
