import { defineErrorCodes } from '../../shared/api-error.js'

/** Error codes of the events API (`GET /api/events`). */
export const eventErrors = defineErrorCodes({
  EVENTS_CURSOR_INVALID: {
    status: 400,
    message: 'The cursor is not one this hub issued.',
  },
  EVENTS_QUERY_INVALID: { status: 400, message: 'The query is invalid.' },
})
