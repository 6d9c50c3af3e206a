import type { Db, NewRow, Row, RowUpdate } from '../../platform/store/index.js'

/**
 * Queries of `access_requests` and `access_request_approvals` (this domain's own). Writes take
 * the caller's transaction; a state change is a compare-and-set on the status, so two deciders
 * racing leave one winner (the other answers "not pending").
 */

export type RequestRow = Row<'access_requests'>
export type ApprovalRow = Row<'access_request_approvals'>

export async function insertRequest(trx: Db, row: NewRow<'access_requests'>): Promise<void> {
  await trx.insertInto('access_requests').values(row).execute()
}

export async function findRequest(
  db: Db,
  workspaceId: string,
  id: string,
): Promise<RequestRow | undefined> {
  return db
    .selectFrom('access_requests')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export type RequestFilter = {
  readonly statuses?: readonly RequestRow['status'][]
  readonly requesterKey?: string
  readonly appId?: string
  readonly personId?: string
  readonly limit: number
}

/** A workspace's requests, newest first. */
export async function listRequests(
  db: Db,
  workspaceId: string,
  filter: RequestFilter,
): Promise<RequestRow[]> {
  const { statuses, requesterKey, appId, personId } = filter
  return db
    .selectFrom('access_requests')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .$if(statuses !== undefined, (q) => q.where('status', 'in', [...(statuses ?? [])]))
    .$if(requesterKey !== undefined, (q) => q.where('requester_key', '=', requesterKey ?? ''))
    .$if(appId !== undefined, (q) => q.where('app_id', '=', appId ?? ''))
    .$if(personId !== undefined, (q) => q.where('person_id', '=', personId ?? ''))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .execute()
}

/** A pending, or approved and not yet ended, request for the same access. */
export async function openRequestFor(
  db: Db,
  workspaceId: string,
  access: { appId: string; personId: string; entitlementId: string | null },
  now: string,
): Promise<RequestRow | undefined> {
  return db
    .selectFrom('access_requests')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('app_id', '=', access.appId)
    .where('person_id', '=', access.personId)
    .where((eb) =>
      access.entitlementId === null
        ? eb('entitlement_id', 'is', null)
        : eb('entitlement_id', '=', access.entitlementId),
    )
    .where((eb) =>
      eb.or([
        eb('status', '=', 'pending'),
        eb.and([eb('status', '=', 'approved'), eb('until', '>', now)]),
      ]),
    )
    .executeTakeFirst()
}

/** Moves a request on from `from`; false when another caller moved it first. */
export async function moveRequest(
  trx: Db,
  id: string,
  from: RequestRow['status'],
  set: RowUpdate<'access_requests'>,
): Promise<boolean> {
  const result = await trx
    .updateTable('access_requests')
    .set(set)
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

export async function insertApproval(
  trx: Db,
  row: NewRow<'access_request_approvals'>,
): Promise<void> {
  await trx.insertInto('access_request_approvals').values(row).execute()
}

/** Approvals of some requests, oldest first. */
export async function approvalsOf(db: Db, requestIds: readonly string[]): Promise<ApprovalRow[]> {
  if (requestIds.length === 0) return []
  return db
    .selectFrom('access_request_approvals')
    .selectAll()
    .where('request_id', 'in', [...requestIds])
    .orderBy('created_at')
    .execute()
}

/** Approved requests whose access ended by time and are not marked so yet. */
export async function approvedPastUntil(db: Db, now: string, limit: number): Promise<RequestRow[]> {
  return db
    .selectFrom('access_requests')
    .selectAll()
    .where('status', '=', 'approved')
    .where('until', '<=', now)
    .orderBy('until')
    .limit(limit)
    .execute()
}
