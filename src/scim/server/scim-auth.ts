import type { FastifyRequest } from 'fastify'
import type { DirectoryContext, DirectoryService } from '../../directory/index.js'
import { planIncludes } from '../../workspace/index.js'
import { scimErrors } from '../scim-errors.js'

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
  if (!planIncludes(context.workspacePlan, 'scim')) {
    throw scimErrors.forbidden(
      'SCIM provisioning is an enterprise feature; upgrade the workspace plan to use it.',
    )
  }
  return context
}
