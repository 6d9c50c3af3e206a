import { defineErrorCodes } from '../../shared/api-error.js'

/** Error codes of reconciliation and plans (`reconcile`, `plan`, `/api/plans`, `/api/findings`). */
export const reconcileErrors = defineErrorCodes({
  PLAN_NOT_FOUND: { status: 404, message: 'No such plan.' },
  PLAN_OPERATION_NOT_FOUND: { status: 404, message: 'No such operation in this plan.' },
  PLAN_OPERATION_NOT_HELD: {
    status: 409,
    message: 'The operation is not waiting for approval.',
  },
  PLAN_SCOPE_INVALID: { status: 422, message: 'The plan’s scope is invalid.' },
  PLAN_APPROVAL_FORBIDDEN: {
    status: 403,
    message: 'Only workspace admins and owners, or the app’s owner, may decide.',
  },
  PLAN_DECISION_INVALID: {
    status: 422,
    message: 'A decision needs a reason (1 to 2,000 characters).',
  },
  RECONCILE_QUERY_INVALID: { status: 400, message: 'The query is invalid.' },
})
