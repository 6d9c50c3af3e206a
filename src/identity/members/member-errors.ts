import { defineErrorCodes } from '../../shared/api-error.js'

/** Error codes of the members domain (people who sign in to the hub, console sessions). */
export const memberErrors = defineErrorCodes({
  MEMBER_INVALID: { status: 422, message: 'The member is invalid.' },
  MEMBER_EMAIL_TAKEN: {
    status: 409,
    message: 'A member with this email already exists in the workspace.',
  },
  LOGIN_INVALID: { status: 400, message: 'Send email, password and workspace.' },
  INVALID_CREDENTIALS: { status: 401, message: 'The email, password or workspace is wrong.' },
  PASSWORD_SIGN_IN_DISABLED: {
    status: 403,
    message: 'This workspace requires single sign-on for this email domain; sign in with SSO.',
  },
  SESSION_REQUIRED: { status: 401, message: 'Sign in first.' },
  CSRF_TOKEN_INVALID: {
    status: 403,
    message:
      'This request needs the CSRF token of the session (x-csrf-token header); GET /auth/session returns it.',
  },
})
