import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import type { Clock } from '../../shared/clock.js'
import type { SecretBox } from '../../shared/crypto/secret-box.js'
import type { IdGenerator } from '../../shared/ids.js'
import { parseOrThrow } from '../../shared/validation.js'
import type { Actor, AuditLog } from '../audit/index.js'
import { latestSeq, parseCursor, parseTypes } from '../events/index.js'
import type { Db, Transact } from '../store/index.js'
import { webhookErrors } from './webhooks-errors.js'
import {
  type Delivery,
  deleteWebhook,
  insertWebhook,
  toDelivery,
  toWebhook,
  updateWebhook,
  type Webhook,
  webhookStore,
} from './webhooks-store.js'

export type WebhooksDeps = {
  readonly db: Db
  readonly transact: Transact
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly audit: AuditLog
  readonly secretBox: SecretBox
}

const url = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .refine((text) => !new URL(text).username && !new URL(text).password, 'no credentials in URL')

const eventTypes = z
  .array(z.string().max(200))
  .max(100)
  .refine(
    (types) => parseTypes(types.join(',')) !== undefined,
    'names such as task.opened or task.*',
  )

const createBody = z
  .object({
    url,
    description: z.string().trim().max(500).optional(),
    eventTypes: eventTypes.default([]),
    /** Where deliveries start: `now` (default: only new events) or a cursor. */
    after: z.string().max(40).optional(),
  })
  .strict()

const updateBody = z
  .object({
    url: url.optional(),
    description: z.string().trim().max(500).nullable().optional(),
    eventTypes: eventTypes.optional(),
    enabled: z.boolean().optional(),
  })
  .strict()

/** The secret's form: a prefix saying what it is, then 32 random bytes. */
const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`

/** The sealed secret is bound to its subscription: a sealed value moved to another row fails. */
const secretContext = (id: string) => `webhook:${id}`

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  return parseOrThrow(schema, value ?? {}, (problems) =>
    webhookErrors.error('WEBHOOK_INVALID', `Invalid webhook: ${problems.join('; ')}`, { problems }),
  )
}

/**
 * Webhook subscriptions of a workspace: create (the secret is returned once, then kept sealed by
 * the secret box), list, get, update, delete, replay from a cursor, and the delivery log. Every
 * change is audited, never with the secret.
 */
export function createWebhookService(deps: WebhooksDeps) {
  const { db, transact, clock, ids, audit } = deps
  const store = webhookStore(db)

  async function get(workspaceId: string, id: string): Promise<Webhook> {
    const row = await store.find(workspaceId, id)
    if (!row) throw webhookErrors.error('WEBHOOK_NOT_FOUND', `No webhook '${id}'.`)
    return toWebhook(row)
  }

  async function change(
    workspaceId: string,
    id: string,
    actor: Actor,
    action: string,
    set: Record<string, unknown>,
  ): Promise<Webhook> {
    const before = await get(workspaceId, id)
    const now = clock.now().toISOString()
    await transact(async (trx) => {
      await updateWebhook(trx, id, { ...set, updated_at: now })
      await audit.record(trx, {
        workspaceId,
        actor,
        action,
        target: { type: 'webhook', id },
        before: { url: before.url, eventTypes: before.eventTypes, enabled: before.enabled },
        after: set,
      })
    })
    return get(workspaceId, id)
  }

  return {
    async create(workspaceId: string, body: unknown, actor: Actor) {
      const input = parse(createBody, body)
      const cursor =
        input.after === undefined ? await latestSeq(db) : await parseCursor(db, input.after)
      const id = ids.next()
      const secret = newSecret()
      const now = clock.now().toISOString()
      const row = {
        id,
        workspace_id: workspaceId,
        url: input.url,
        description: input.description ?? null,
        event_types: JSON.stringify(input.eventTypes),
        secret_sealed: deps.secretBox.seal(secret, secretContext(id)),
        secret_hint: `${secret.slice(0, 10)}…`,
        enabled: 1,
        cursor,
        attempts: 0,
        next_attempt_at: null,
        lease_holder: null,
        lease_until: null,
        created_at: now,
        updated_at: now,
      }
      await transact(async (trx) => {
        await insertWebhook(trx, row)
        await audit.record(trx, {
          workspaceId,
          actor,
          action: 'webhook.created',
          target: { type: 'webhook', id },
          after: { url: input.url, eventTypes: input.eventTypes, cursor },
        })
      })
      return { ...(await get(workspaceId, id)), secret }
    },

    list: async (workspaceId: string): Promise<Webhook[]> =>
      (await store.list(workspaceId)).map(toWebhook),

    get,

    async update(workspaceId: string, id: string, body: unknown, actor: Actor): Promise<Webhook> {
      const input = parse(updateBody, body)
      const set: Record<string, unknown> = {}
      if (input.url !== undefined) set.url = input.url
      if (input.description !== undefined) set.description = input.description
      if (input.eventTypes !== undefined) set.event_types = JSON.stringify(input.eventTypes)
      // Enabling again retries the event it stopped at right away.
      if (input.enabled !== undefined)
        Object.assign(set, { enabled: input.enabled ? 1 : 0, next_attempt_at: null, attempts: 0 })
      return change(workspaceId, id, actor, 'webhook.updated', set)
    },

    async remove(workspaceId: string, id: string, actor: Actor): Promise<void> {
      const before = await get(workspaceId, id)
      await transact(async (trx) => {
        await deleteWebhook(trx, id)
        await audit.record(trx, {
          workspaceId,
          actor,
          action: 'webhook.deleted',
          target: { type: 'webhook', id },
          before: { url: before.url, eventTypes: before.eventTypes },
        })
      })
    },

    /** Deliveries start again after `after`: events already sent are sent again, in order. */
    async replay(workspaceId: string, id: string, body: unknown, actor: Actor): Promise<Webhook> {
      const input = parse(z.object({ after: z.string().max(40) }).strict(), body)
      const cursor = await parseCursor(db, input.after)
      return change(workspaceId, id, actor, 'webhook.replayed', {
        cursor,
        attempts: 0,
        next_attempt_at: null,
      })
    },

    async deliveries(
      workspaceId: string,
      id: string,
      query: { limit?: number },
    ): Promise<Delivery[]> {
      await get(workspaceId, id)
      const limit = Math.max(1, Math.min(query.limit ?? 100, 1000))
      return (await store.deliveries(id, { limit })).map(toDelivery)
    },
  }
}

export type WebhookService = ReturnType<typeof createWebhookService>
