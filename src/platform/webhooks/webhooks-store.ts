import { type Db, decodeJson, type Row } from '../store/index.js'

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
