import type { FastifyRequest } from 'fastify'
import { editionIncludes } from '../../../platform/auth/index.js'
import { scimErrors } from '../../../protocol/scim/scim-errors.js'
import type { DirectoryContext, DirectoryService } from '../directories.js'

/**
 * Resolves the directory a SCIM request acts on from its bearer token (seed 002: "SCIM
 * provisioning routes use bearer token auth tied to the SCIM directory"). Any unknown token is the
 * same 401, so a token of one directory can never reach another's data.
 */
export async function authenticateScim(
  request: FastifyRequest,
  directories: Pick<DirectoryService, 'authenticate'>,
): Promise<DirectoryContext> {
  const header = request.headers.authorization
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null
  if (!match?.[1])
    throw scimErrors.unauthorized(
      'A SCIM bearer token is required (Authorization: Bearer <token>).',
    )
  const context = await directories.authenticate(match[1])
  if (!context)
    throw scimErrors.unauthorized('The bearer token is not valid for any SCIM directory.')
  if (!editionIncludes(context.workspaceEdition, 'scim')) {
    throw scimErrors.forbidden(
      'SCIM provisioning is an enterprise feature; upgrade the workspace plan to use it.',
    )
  }
  return context
}
