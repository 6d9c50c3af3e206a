import { defineErrorCodes } from '../../shared/api-error.js'

/** Error codes of sources of people and sync runs (`source add`, `sync`, `/api/sources`). */
export const peopleErrors = defineErrorCodes({
  SOURCE_INVALID: { status: 422, message: 'The source configuration is invalid.' },
  SOURCE_NOT_FOUND: { status: 404, message: 'No such source.' },
  SOURCE_NAME_TAKEN: { status: 409, message: 'A source with this name already exists.' },
  SYNC_RUNNING: { status: 409, message: 'A sync of this source is already running.' },
  PERSON_NOT_FOUND: { status: 404, message: 'No such person.' },
  PEOPLE_FILTER_INVALID: { status: 400, message: 'The filter is not a valid SCIM filter.' },
})
