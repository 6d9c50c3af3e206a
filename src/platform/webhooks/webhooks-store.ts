import { type Db, decodeJson, type NewRow, type Row, type RowUpdate } from '../store/index.js'

/** A subscription as the API shows it; the secret never appears after creation. */
export type Webhook = {
  id: string
  url: string
  description: string | null
  eventTypes: string[]
  enabled: boolean
  secretHint: string
  /** The last event handled: deliveries continue after it. */
  cursor: string
  /** Failed attempts at the next event, and when it is tried again. */
  attempts: number
  nextAttemptAt: string | null
  createdAt: string
  updatedAt: string
}

export type Delivery = {
  id: string
  eventId: string
  eventType: string
  cursor: string
  attempt: number
  status: 'succeeded' | 'failed' | 'abandoned'
  httpStatus: number | null
  error: string | null
  durationMs: number
  at: string
}

export function toWebhook(row: Row<'webhooks'>): Webhook {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: decodeJson<string[]>(row.event_types),
    enabled: row.enabled === 1,
    secretHint: row.secret_hint,
    cursor: String(Number(row.cursor)),
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

export function toDelivery(row: Row<'webhook_deliveries'>): Delivery {
  return {
    id: row.id,
    eventId: row.event_id,
    eventType: row.event_type,
    cursor: String(Number(row.event_seq)),
    attempt: row.attempt,
    status: row.status,
    httpStatus: row.http_status,
    error: row.error,
    durationMs: row.duration_ms,
    at: row.at,
  }
}

/** Kysely queries of subscriptions and their delivery log; every one scoped to a workspace. */
export function webhookStore(db: Db) {
  return {
    async find(workspaceId: string, id: string): Promise<Row<'webhooks'> | undefined> {
      return db
        .selectFrom('webhooks')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .executeTakeFirst()
    },

    async list(workspaceId: string): Promise<Row<'webhooks'>[]> {
      return db
        .selectFrom('webhooks')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('created_at')
        .orderBy('id')
        .execute()
    },

    /** The newest deliveries first, keyset-paged by `before` (a delivery id's time and id). */
    async deliveries(
      webhookId: string,
      page: { limit: number; before?: { at: string; id: string } },
    ): Promise<Row<'webhook_deliveries'>[]> {
      const before = page.before
      return db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('webhook_id', '=', webhookId)
        .$if(before !== undefined, (q) =>
          q.where((eb) =>
            eb.or([
              eb('at', '<', before?.at ?? ''),
              eb.and([eb('at', '=', before?.at ?? ''), eb('id', '<', before?.id ?? '')]),
            ]),
          ),
        )
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(page.limit)
        .execute()
    },
  }
}

/** Writes of subscriptions, inside the caller's transaction (the service audits beside them). */
export async function insertWebhook(trx: Db, row: NewRow<'webhooks'>): Promise<void> {
  await trx.insertInto('webhooks').values(row).execute()
}

export async function updateWebhook(
  trx: Db,
  id: string,
  set: RowUpdate<'webhooks'>,
): Promise<void> {
  await trx.updateTable('webhooks').set(set).where('id', '=', id).execute()
}

export async function deleteWebhook(trx: Db, id: string): Promise<void> {
  await trx.deleteFrom('webhooks').where('id', '=', id).execute()
}

/** Enabled subscriptions behind the log's head whose next attempt is due, by id. */
export async function dueWebhookIds(db: Db, head: number, now: string): Promise<{ id: string }[]> {
  return db
    .selectFrom('webhooks')
    .select('id')
    .where('enabled', '=', 1)
    .where('cursor', '<', head)
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
    .orderBy('id')
    .execute()
}

/** Takes a subscription's lease unless another holder has a live one; the row when taken. */
export async function claimWebhook(
  db: Db,
  id: string,
  lease: { holder: string; until: string; now: string },
): Promise<Row<'webhooks'> | undefined> {
  const claimed = await db
    .updateTable('webhooks')
    .set({ lease_holder: lease.holder, lease_until: lease.until })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', lease.now)]))
    .executeTakeFirst()
  if (Number(claimed.numUpdatedRows) === 0) return undefined
  return db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function releaseWebhook(db: Db, id: string, holder: string): Promise<void> {
  await db
    .updateTable('webhooks')
    .set({ lease_holder: null, lease_until: null })
    .where('id', '=', id)
    .where('lease_holder', '=', holder)
    .execute()
}

/**
 * Moves a subscription's cursor (or schedules its retry) and renews the lease, only while this
 * holder has it; false when the lease was lost.
 */
export async function advanceWebhook(
  trx: Db,
  id: string,
  holder: string,
  set: RowUpdate<'webhooks'>,
  leaseUntil: string,
): Promise<boolean> {
  const updated = await trx
    .updateTable('webhooks')
    .set(set)
    .set({ lease_until: leaseUntil })
    .where('id', '=', id)
    .where('lease_holder', '=', holder)
    .executeTakeFirst()
  return Number(updated.numUpdatedRows) > 0
}

export async function insertDelivery(trx: Db, row: NewRow<'webhook_deliveries'>): Promise<void> {
  await trx.insertInto('webhook_deliveries').values(row).execute()
}
