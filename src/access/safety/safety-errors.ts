import { defineErrorCodes } from '../../shared/api-error.js'

/** Error codes of the departure safety gate (`/api/departure-bursts`). */
export const safetyErrors = defineErrorCodes({
  DEPARTURE_BURST_NOT_FOUND: {
    status: 404,
    message: 'No departure burst with that id in this workspace.',
  },
  DEPARTURE_BURST_DECIDED: {
    status: 409,
    message: 'This departure burst was already decided.',
  },
  DEPARTURE_DECISION_INVALID: {
    status: 400,
    message: 'A decision on a departure burst needs a reason (text, up to 2000 characters).',
  },
})
