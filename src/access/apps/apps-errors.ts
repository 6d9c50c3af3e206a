import { defineErrorCodes } from '../../shared/api-error.js'

/** Error codes of connected apps (`app connect`, `/api/apps`). */
export const appErrors = defineErrorCodes({
  APP_INVALID: { status: 422, message: 'The app configuration is invalid.' },
  APP_NOT_FOUND: { status: 404, message: 'No such app.' },
  APP_NAME_TAKEN: { status: 409, message: 'An app with this name is already connected.' },
  CATALOG_ENTRY_NOT_FOUND: { status: 404, message: 'No such app in the catalog.' },
  ACCOUNT_IMPORT_INVALID: { status: 422, message: 'The account export has invalid lines.' },
})
