import { defineErrorCodes } from '../../shared/api-error.js'

/** Error codes of the directory management API (the SCIM protocol itself answers ScimErrors). */
export const directoryErrors = defineErrorCodes({
  DIRECTORY_NOT_FOUND: { status: 404, message: 'No such SCIM directory.' },
  DIRECTORY_INVALID: { status: 422, message: 'The directory settings are invalid.' },
})
