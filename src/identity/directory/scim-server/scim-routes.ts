import type { FastifyInstance, FastifyRequest } from 'fastify'
import { allSchemas, resourceSchemas } from '../../../protocol/scim/schemas/index.js'
import { scimErrors } from '../../../protocol/scim/scim-errors.js'
import { toListResponse } from '../../../protocol/scim/serialize.js'
import type { Logger } from '../../../shared/logger.js'
import type { DirectoryContext, DirectoryService } from '../directories.js'
import type { ScimRequestContext } from '../resources/resource-service.js'
import type { ScimService } from '../scim-service.js'
import { runBulk } from './bulk.js'
import {
  type DiscoveryOptions,
  findResourceType,
  findSchema,
  resourceTypeDocument,
  schemaDocument,
  serviceProviderConfig,
} from './discovery.js'
import { registerResourceEndpoints } from './resource-endpoints.js'
import { rootSearch } from './root-search.js'
import { authenticateScim } from './scim-auth.js'
import { type BodyLimit, sendScim, toScimError } from './scim-reply.js'

export type ScimRoutesDeps = {
  readonly directories: Pick<DirectoryService, 'authenticate'>
  readonly scim: ScimService
  readonly log: Logger
  readonly options: DiscoveryOptions & { readonly defaultCount: number }
}

declare module 'fastify' {
  interface FastifyRequest {
    scimDirectory?: DirectoryContext
  }
}

/**
 * The SCIM 2.0 service provider (RFC 7644) mounted at /scim/v2: bearer-token auth per directory,
 * discovery, Users, Groups, Bulk. Everything under the prefix answers errors in SCIM form.
 */
export async function scimRoutes(app: FastifyInstance, deps: ScimRoutesDeps): Promise<void> {
  const { options } = deps
  const baseUrl = options.baseUrl
  const limits = { defaultCount: options.defaultCount, maxCount: options.maxResults }

  // RFC 7644 §3.1: requests may be application/scim+json; parse it as JSON.
  app.addContentTypeParser(
    /^application\/scim\+json/i,
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  )
  // Only JSON is SCIM (RFC 7644 §3.8); anything else is 415, not a string body.
  app.removeContentTypeParser('text/plain')
  app.decorateRequest('scimDirectory', undefined)
  app.addHook('preHandler', async (request) => {
    request.scimDirectory = await authenticateScim(request, deps.directories)
  })
  app.setErrorHandler((error, request, reply) => {
    const { error: scimError, isServerFault } = toScimError(error, bodyLimitOf(request))
    if (isServerFault) request.log.error({ err: error }, 'SCIM request failed')
    return sendScim(reply, scimError.status, scimError.toJSON())
  })
  app.setNotFoundHandler(async (request, reply) => {
    // Unauthenticated callers learn nothing about which paths exist.
    await authenticateScim(request, deps.directories)
    return sendScim(
      reply,
      404,
      scimErrors.notFound(`No SCIM endpoint ${request.method} ${request.url}.`).toJSON(),
    )
  })

  const contextOf = (request: FastifyRequest): ScimRequestContext => {
    const directory = request.scimDirectory
    if (!directory) throw scimErrors.unauthorized('Not authenticated.')
    return {
      directory,
      actor: { type: 'scim_directory', id: directory.directoryId },
      requestId: request.id,
    }
  }

  registerDiscovery(app, options)
  registerResourceEndpoints(app, { service: deps.scim.users, baseUrl, limits, contextOf })
  registerResourceEndpoints(app, { service: deps.scim.groups, baseUrl, limits, contextOf })

  app.post('/Bulk', { bodyLimit: options.bulkMaxPayloadBytes }, async (request, reply) => {
    const response = await runBulk(request.body, contextOf(request), {
      users: deps.scim.users,
      groups: deps.scim.groups,
      baseUrl,
      maxOperations: options.bulkMaxOperations,
    })
    return sendScim(reply, 200, response)
  })

  // RFC 7644 §3.11: /Me needs a subject behind the token; directory tokens have none.
  app.all('/Me', async () => {
    throw scimErrors.notImplemented(
      '/Me is not supported: SCIM tokens belong to a directory, not to a user.',
    )
  })
  app.post('/.search', async (request, reply) =>
    rootSearch(request, reply, {
      services: [deps.scim.users, deps.scim.groups],
      baseUrl,
      limits,
      contextOf,
    }),
  )
}

/** The limit a body broke: `maxPayloadSize` on /Bulk (RFC 7644 §3.7.4), the server's elsewhere. */
function bodyLimitOf(request: FastifyRequest): BodyLimit {
  const bytes = request.routeOptions.bodyLimit
  const isBulk = request.routeOptions.url?.endsWith('/Bulk') === true
  return {
    ...(bytes !== undefined ? { bytes } : {}),
    ...(isBulk ? { name: 'maxPayloadSize' } : {}),
  }
}

function registerDiscovery(app: FastifyInstance, options: DiscoveryOptions): void {
  const spc = () => serviceProviderConfig(options)
  app.get('/ServiceProviderConfig', async (_request, reply) => sendScim(reply, 200, spc()))
  // Entra ID's published test collection asks for /serviceConfiguration.
  app.get('/serviceConfiguration', async (_request, reply) => sendScim(reply, 200, spc()))

  app.get('/ResourceTypes', async (_request, reply) => {
    const types = resourceSchemas.map((s) => resourceTypeDocument(s, options.baseUrl))
    return sendScim(
      reply,
      200,
      toListResponse(types, { totalResults: types.length, startIndex: 1 }),
    )
  })
  app.get<{ Params: { id: string } }>('/ResourceTypes/:id', async (request, reply) => {
    const found = findResourceType(request.params.id)
    if (!found) throw scimErrors.notFound(`No resource type '${request.params.id}'.`)
    return sendScim(reply, 200, resourceTypeDocument(found, options.baseUrl))
  })
  app.get('/Schemas', async (_request, reply) => {
    const schemas = allSchemas.map((s) => schemaDocument(s, options.baseUrl))
    return sendScim(
      reply,
      200,
      toListResponse(schemas, { totalResults: schemas.length, startIndex: 1 }),
    )
  })
  app.get<{ Params: { id: string } }>('/Schemas/:id', async (request, reply) => {
    const found = findSchema(request.params.id)
    if (!found) throw scimErrors.notFound(`No schema '${request.params.id}'.`)
    return sendScim(reply, 200, schemaDocument(found, options.baseUrl))
  })
}
