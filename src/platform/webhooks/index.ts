/**
 * Webhooks: subscriptions per workspace to the event log, each delivery signed with HMAC-SHA256
 * over `timestamp.body` (a secret shown once, sealed at rest), retried with jittered backoff,
 * resumable from a durable cursor after a restart, replayable from any cursor, and logged.
 */

/**
 * The server's delivery loop: `deliverDue()` sends what is due for every subscription.
 * @example const dispatcher = createWebhookDispatcher({ db, clock, ids, secretBox, fetch, random: Math.random, log, holder, settings })
 */
export {
  backoffMs,
  createWebhookDispatcher,
  type DispatcherDeps,
  type DispatchSettings,
  type WebhookDispatcher,
} from './webhook-dispatcher.js'
/**
 * What a receiver runs to check a delivery (and what the hub signs with).
 * @example verifySignature(secret, request.headers['rollcall-signature'], rawBody)
 */
export {
  SIGNATURE_HEADER,
  signatureHeader,
  signPayload,
  TIMESTAMP_HEADER,
  type VerifyOptions,
  verifySignature,
} from './webhook-signature.js'
/** The error catalog of webhooks (docs/errors.md). */
export { webhookErrors } from './webhooks-errors.js'
/** `/api/webhooks…`. */
export { type WebhooksRoutesDeps, webhooksRoutes } from './webhooks-routes.js'
/**
 * Subscriptions: create (the secret once), list, get, update, remove, replay, deliveries.
 * @example const { id, secret } = await webhooks.create(workspaceId, { url, eventTypes: ['task.*'] }, actor)
 */
export { createWebhookService, type WebhookService, type WebhooksDeps } from './webhooks-service.js'
export type { Delivery, Webhook } from './webhooks-store.js'
