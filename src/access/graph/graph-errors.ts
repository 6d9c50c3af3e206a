import { defineErrorCodes } from '../../shared/api-error.js'

/** Error codes of the identity graph (`sync`, `graph link`, `/api/accounts`, `/api/apps/:id/entitlements`). */
export const graphErrors = defineErrorCodes({
  ACCOUNT_NOT_FOUND: { status: 404, message: 'No such account.' },
  GRAPH_REFRESH_RUNNING: {
    status: 409,
    message: 'A refresh of this app’s accounts is already running.',
  },
  GRAPH_REQUEST_INVALID: { status: 400, message: 'The request is invalid.' },
  GRAPH_PERSON_NOT_FOUND: { status: 404, message: 'No such person.' },
  GRAPH_SNAPSHOT_NOT_FOUND: { status: 404, message: 'No such refresh snapshot of this app.' },
  GRAPH_PERSON_AMBIGUOUS: {
    status: 409,
    message: 'Several people have this email; give the person id.',
  },
  GRAPH_PERSON_HAS_ACCOUNT: {
    status: 409,
    message: 'The person already has an account linked in this app; unlink it first.',
  },
  GRAPH_ENTITLEMENT_NOT_FOUND: {
    status: 404,
    message: 'No such entitlement (group, role, license or permission) in this app.',
  },
})
