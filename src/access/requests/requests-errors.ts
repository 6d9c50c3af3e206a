import { defineErrorCodes } from '../../shared/api-error.js'

/** Error codes of access requests (`/api/access-requests`, `rollcall request`; issue 18). */
export const requestErrors = defineErrorCodes({
  ACCESS_REQUEST_INVALID: {
    status: 400,
    message: 'A request needs an app, a reason and a duration (e.g. "7d", "12h").',
  },
  ACCESS_REQUEST_NOT_FOUND: { status: 404, message: 'No such access request in this workspace.' },
  ACCESS_REQUEST_ENTITLEMENT_NOT_FOUND: {
    status: 404,
    message: "No such entitlement in the app's last listing.",
  },
  ACCESS_REQUEST_ENTITLEMENT_READ_ONLY: {
    status: 422,
    message: 'Grants of this entitlement cannot be changed in the app: it cannot be requested.',
  },
  ACCESS_REQUEST_DURATION_TOO_LONG: {
    status: 422,
    message: "The duration is longer than the policy's maximum.",
  },
  ACCESS_REQUEST_NOT_ALLOWED: {
    status: 403,
    message: "The app's request policy does not let you request this.",
  },
  ACCESS_REQUEST_EXISTS: {
    status: 409,
    message: 'A pending or active request already asks for this access.',
  },
  ACCESS_REQUEST_SELF_APPROVAL: {
    status: 403,
    message: 'Nobody may approve a request of their own, or for their own access.',
  },
  ACCESS_REQUEST_APPROVAL_FORBIDDEN: {
    status: 403,
    message: "The request's policy does not name you as an approver.",
  },
  ACCESS_REQUEST_ALREADY_APPROVED: {
    status: 409,
    message: 'You already approved this request: a second approval must come from someone else.',
  },
  ACCESS_REQUEST_NOT_PENDING: {
    status: 409,
    message: 'The request was already decided, cancelled or ended.',
  },
  ACCESS_REQUEST_NOT_ACTIVE: {
    status: 409,
    message: 'Only an approved request whose access has not ended can be revoked.',
  },
  ACCESS_REQUEST_CANCEL_FORBIDDEN: {
    status: 403,
    message: 'Only the requester (or an admin) may cancel a request.',
  },
  ACCESS_REQUEST_REVOKE_FORBIDDEN: {
    status: 403,
    message: 'Only workspace admins and owners may end granted access early.',
  },
  REQUEST_POLICY_INVALID: {
    status: 400,
    message: 'Invalid request policies.',
  },
})
