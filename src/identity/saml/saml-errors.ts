import { defineErrorCodes } from '../../shared/api-error.js'

/**
 * Error codes of SAML single sign-on: the connection management API and the browser endpoints.
 * A refused SAML response says only that it was refused; the reason goes to the log, never to
 * the sender (who may be probing which check fails).
 */
export const samlErrors = defineErrorCodes({
  SAML_CONNECTION_INVALID: { status: 422, message: 'The SAML connection settings are invalid.' },
  SAML_CONNECTION_NOT_FOUND: { status: 404, message: 'No such SAML connection.' },
  SAML_CONNECTION_EXISTS: {
    status: 409,
    message: 'This workspace already has a SAML connection; update or delete it.',
  },
  SAML_DOMAIN_TAKEN: {
    status: 409,
    message: 'An allowed domain already belongs to another SAML connection.',
  },
  SAML_ENFORCE_INVALID: {
    status: 422,
    message: 'Enforcing SSO needs a SAML connection with at least one allowed corporate domain.',
  },
  SAML_NOT_CONFIGURED: { status: 404, message: 'This workspace has no SAML connection.' },
  SAML_REQUEST_INVALID: { status: 400, message: 'The SAML request is malformed.' },
  SAML_RESPONSE_INVALID: { status: 401, message: 'The SAML response was refused.' },
  // Says why, unlike the other refusals: the person followed an IdP's app tile and must learn
  // where to start instead; it tells a prober nothing a second try would not.
  SAML_IDP_INITIATED_DISABLED: {
    status: 403,
    message:
      'This workspace accepts SAML sign-in only when it starts at Rollcall: IdP-initiated sign-in is off for its connection. Sign in from the Rollcall sign-in page, or ask an admin to allow IdP-initiated sign-in.',
  },
  SAML_LOGIN_REFUSED: {
    status: 403,
    message: 'The IdP vouched for a person who may not sign in to this workspace.',
  },
  SAML_EMAIL_INVALID: { status: 422, message: 'Send an email address as ?email=.' },
})
