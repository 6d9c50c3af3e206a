import { defineErrorCodes } from '../../shared/api-error.js'

/** Error codes of onboarding and offboarding (`/api/people/:id/onboard|offboard`, `/api/lifecycle`). */
export const lifecycleErrors = defineErrorCodes({
  LIFECYCLE_REQUEST_INVALID: { status: 400, message: 'The request is invalid.' },
  LIFECYCLE_PERSON_OFFBOARDED: {
    status: 409,
    message: 'An admin offboarded this person; reverse the offboarding before giving access back.',
  },
  LIFECYCLE_NOT_OFFBOARDED: {
    status: 409,
    message: 'This person has no standing offboarding to reverse.',
  },
  LIFECYCLE_PLAN_NOT_FOUND: {
    status: 404,
    message: 'No onboarding or offboarding plan with that id in this workspace.',
  },
})
