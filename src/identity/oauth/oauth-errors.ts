import { defineErrorCodes } from '../../shared/api-error.js'

/**
 * Error codes of the OAuth management API (apps, API connections) and of the management API's
 * OAuth credentials. The protocol endpoints answer RFC 6749 §5.2 errors instead
 * (`{"error","error_description"}`), produced by oidc-provider's error classes.
 */
export const oauthErrors = defineErrorCodes({
  OAUTH_APP_NOT_FOUND: { status: 404, message: 'No such OAuth app.' },
  OAUTH_APP_INVALID: { status: 422, message: 'The OAuth app settings are invalid.' },
  OAUTH_APP_NAME_TAKEN: {
    status: 409,
    message: 'An OAuth app with this name already exists in the workspace.',
  },
  CONNECTION_NOT_FOUND: { status: 404, message: 'No such API connection.' },
  CONNECTION_INVALID: { status: 422, message: 'The API connection settings are invalid.' },
  ADDRESS_NOT_ALLOWED: {
    status: 403,
    message: "This API connection's token is not accepted from this address (egress IP allowlist).",
  },
  INTERACTION_INVALID: {
    status: 400,
    message: 'This authorization request has expired or is not in this step; start again.',
  },
  INTERACTION_FORBIDDEN: {
    status: 403,
    message: 'The signed-in member is not the one this authorization request belongs to.',
  },
})
