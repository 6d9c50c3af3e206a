import { defineErrorCodes } from '../../shared/api-error.js'

/** Error codes of grant exceptions (`/api/apps/:id/grant-exceptions`, `rollcall exceptions`). */
export const grantExceptionErrors = defineErrorCodes({
  GRANT_EXCEPTION_INVALID: {
    status: 400,
    message: 'An exception needs an entitlement, an account, a reason and a future expiry.',
  },
  GRANT_NOT_FOUND: {
    status: 404,
    message: 'The account does not hold this entitlement in the app now.',
  },
  GRANT_EXCEPTION_EXISTS: {
    status: 409,
    message: 'An active exception already keeps this grant.',
  },
  GRANT_EXCEPTION_NOT_FOUND: { status: 404, message: 'No such grant exception in this app.' },
})
