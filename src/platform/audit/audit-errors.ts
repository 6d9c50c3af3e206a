import { defineErrorCodes } from '../../shared/api-error.js'

/** Error codes of the audit trail's read API. */
export const auditErrors = defineErrorCodes({
  AUDIT_QUERY_INVALID: {
    status: 400,
    message: 'The audit query is invalid.',
  },
})
