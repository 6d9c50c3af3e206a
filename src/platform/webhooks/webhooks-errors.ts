import { defineErrorCodes } from '../../shared/api-error.js'

/** Error codes of webhook subscriptions (`/api/webhooks`). */
export const webhookErrors = defineErrorCodes({
  WEBHOOK_NOT_FOUND: { status: 404, message: 'No such webhook.' },
  WEBHOOK_INVALID: { status: 422, message: 'The webhook is invalid.' },
})
