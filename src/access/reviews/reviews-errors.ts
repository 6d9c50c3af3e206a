import { defineErrorCodes } from '../../shared/api-error.js'

/** Error codes of access reviews (`/api/reviews`, `rollcall review`). */
export const reviewErrors = defineErrorCodes({
  REVIEW_INVALID: {
    status: 400,
    message: 'A campaign needs a name, a scope, reviewers, a future due date and a default.',
  },
  REVIEW_NOT_FOUND: { status: 404, message: 'No such access review in this workspace.' },
  REVIEW_ITEM_NOT_FOUND: { status: 404, message: 'No such item in this access review.' },
  REVIEW_DECISION_INVALID: {
    status: 400,
    message: 'A decision is keep, revoke or modify (grants only), with a reason.',
  },
  REVIEW_CLOSED: {
    status: 409,
    message: 'The access review is closed: its decisions can no longer change.',
  },
  REVIEW_NOT_DUE: {
    status: 409,
    message: 'A review cannot close early: before its due date every item must be decided.',
  },
  REVIEW_DECISION_FORBIDDEN: {
    status: 403,
    message: 'Only the item’s reviewers, or workspace admins, may decide it.',
  },
  REVIEW_OWN_ACCESS: {
    status: 403,
    message: 'A reviewer cannot decide on their own access.',
  },
  REVIEW_EMPTY: {
    status: 422,
    message: 'Nothing in this scope: no active account or grant of a person matches it.',
  },
})
