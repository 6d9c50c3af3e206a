import { defineErrorCodes } from '../../shared/api-error.js'

/** Error codes of connected apps (`app connect`, `/api/apps`). */
export const appErrors = defineErrorCodes({
  APP_INVALID: { status: 422, message: 'The app configuration is invalid.' },
  APP_NOT_FOUND: { status: 404, message: 'No such app.' },
  APP_NAME_TAKEN: { status: 409, message: 'An app with this name is already connected.' },
  APP_GRANT_RULE_INVALID: {
    status: 400,
    message: 'A grant rule names an unknown, removed or read-only entitlement, or is invalid.',
  },
  APP_GRANT_RULES_BEFORE_REFRESH: {
    status: 400,
    message: 'Grant rules are set with `app update` once the app has been read.',
  },
  CATALOG_ENTRY_NOT_FOUND: { status: 404, message: 'No such app in the catalog.' },
  ACCOUNT_IMPORT_INVALID: { status: 422, message: 'The account export has invalid lines.' },
})
