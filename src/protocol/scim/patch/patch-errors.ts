import { ScimError } from '../scim-errors.js'

/**
 * Prefixes an error with the index of the operation that caused it, so a client sending fifty
 * operations learns which one failed; status and scimType are kept.
 */
export function atOperation(index: number, error: ScimError): ScimError {
  return new ScimError(error.status, error.scimType, `Operations[${index}]: ${error.detail}`)
}
