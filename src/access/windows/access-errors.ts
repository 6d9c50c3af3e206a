import { defineErrorCodes } from '../../shared/api-error.js'

/** Error codes of residual-access reporting (`/api/residual-windows`). */
export const accessErrors = defineErrorCodes({
  RESIDUAL_QUERY_INVALID: { status: 400, message: 'The query is invalid.' },
})
