import { defineErrorCodes } from '../../shared/api-error.js'

/** Error codes of applying plans (`apply`, `/api/plans/:id/apply`, `/api/apps/:id/quarantine`). */
export const applyErrors = defineErrorCodes({
  APPLY_PLAN_NOT_FOUND: { status: 404, message: 'No such plan.' },
  APP_NOT_QUARANTINED: { status: 409, message: 'The app is not quarantined.' },
})
