import { defineErrorCodes } from '../../shared/api-error.js'

/** Error codes of the workspace domain (workspaces, plans, management tokens). */
export const workspaceErrors = defineErrorCodes({
  WORKSPACE_NOT_FOUND: { status: 404, message: 'No such workspace.' },
  WORKSPACE_SLUG_TAKEN: { status: 409, message: 'A workspace with this slug already exists.' },
  WORKSPACE_SLUG_INVALID: {
    status: 422,
    message:
      'A slug is 2-63 characters of lowercase letters, digits and hyphens, starting with a letter or digit.',
  },
  WORKSPACE_PLAN_INVALID: {
    status: 422,
    message: 'The plan must be one of free, pro, enterprise.',
  },
  PLAN_REQUIRED: { status: 403, message: 'This feature is not included in the workspace plan.' },
  TOKEN_SCOPES_INVALID: { status: 422, message: 'Unknown scope.' },
  TOKEN_NOT_FOUND: { status: 404, message: 'No such API token.' },
  UNAUTHENTICATED: {
    status: 401,
    message: 'A valid bearer token or console session is required.',
  },
  PERMISSION_DENIED: {
    status: 403,
    message: 'The credential lacks the permission this action needs.',
  },
})
