import { defineErrorCodes } from '../../shared/api-error.js'

/** Error codes of a person's trace and on-demand runs (`/api/people/:id/trace|provision-on-demand`). */
export const traceErrors = defineErrorCodes({
  TRACE_QUERY_INVALID: {
    status: 400,
    message: 'The trace query is invalid (app, since, cursor or limit).',
  },
  TRACE_APP_NOT_FOUND: { status: 404, message: 'No app with that id or name in this workspace.' },
  ON_DEMAND_REQUEST_INVALID: { status: 400, message: 'The on-demand request is invalid.' },
  ON_DEMAND_RUN_NOT_FOUND: {
    status: 404,
    message: 'No on-demand run with that id for this person in this workspace.',
  },
})
