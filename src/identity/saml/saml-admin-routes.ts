import { X509Certificate } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { ManagementAuth } from '../../platform/auth/index.js'
import { parseOrThrow } from '../../shared/validation.js'
import { connectionBody, resolveConnectionInput } from './connection-input.js'
import type { MetadataFetchOptions } from './metadata-fetch.js'
import type { SamlConnection } from './saml-connections.js'
import { samlErrors } from './saml-errors.js'
import type { SamlService } from './saml-service.js'

export type SamlAdminRoutesDeps = {
  readonly saml: SamlService
  readonly auth: ManagementAuth
  readonly fetchMetadata: MetadataFetchOptions
}

type Params = { Params: { id: string } }
const enforceBody = z.object({ enforced: z.boolean() }).strict()

/**
 * Connection management (seed 002): `GET/POST /saml/connections`, `PATCH/DELETE
 * /saml/connections/:id`, `PATCH /saml/enforce`. Enterprise plan and `saml:manage` (workspace
 * admins and owners, or a management token with that scope); 403 otherwise.
 */
export async function samlAdminRoutes(
  app: FastifyInstance,
  deps: SamlAdminRoutesDeps,
): Promise<void> {
  const manage = { scope: 'saml:manage', feature: 'saml' } as const
  const { connections } = deps.saml
  const view = (connection: SamlConnection) => toView(connection, deps.saml)

  app.get('/saml/connections', async (request) => {
    const { workspace } = await deps.auth.authorize(request, manage)
    const connection = await connections.findByWorkspace(workspace.id)
    return { connections: connection ? [view(connection)] : [] }
  })

  app.post('/saml/connections', async (request, reply) => {
    const { principal, workspace } = await deps.auth.authorize(request, manage)
    const body = parseBody(connectionBody, request.body)
    if (await connections.findByWorkspace(workspace.id)) {
      throw samlErrors.error('SAML_CONNECTION_EXISTS')
    }
    const input = await resolveConnectionInput(body, undefined, deps.fetchMetadata)
    const created = await connections.create(workspace.id, input, principal.actor)
    return reply.code(201).send(view(created))
  })

  app.patch<Params>('/saml/connections/:id', async (request) => {
    const { principal, workspace } = await deps.auth.authorize(request, manage)
    const body = parseBody(connectionBody, request.body)
    const current = await connections.require(workspace.id, request.params.id)
    const input = await resolveConnectionInput(body, current, deps.fetchMetadata)
    return view(await connections.update({ ...current, ...input }, principal.actor))
  })

  app.delete<Params>('/saml/connections/:id', async (request, reply) => {
    const { principal, workspace } = await deps.auth.authorize(request, manage)
    const current = await connections.require(workspace.id, request.params.id)
    await connections.remove(current, principal.actor)
    return reply.code(204).send()
  })

  app.patch('/saml/enforce', async (request) => {
    const { principal, workspace } = await deps.auth.authorize(request, manage)
    const { enforced } = parseBody(enforceBody, request.body)
    const current = await connections.findByWorkspace(workspace.id)
    // Enforce mode needs somewhere to send people: a connection and a corporate domain.
    if (!current || (enforced && current.allowedDomains.length === 0)) {
      throw samlErrors.error('SAML_ENFORCE_INVALID')
    }
    const updated = await connections.update({ ...current, enforced }, principal.actor)
    return { enforced: updated.enforced, allowedDomains: updated.allowedDomains }
  })
}

function toView(connection: SamlConnection, saml: Pick<SamlService, 'endpoints'>) {
  const sp = saml.endpoints(connection.workspaceId)
  return {
    id: connection.id,
    spEntityId: sp.entityId,
    acsUrl: sp.acsUrl,
    metadataUrl: sp.metadataUrl,
    sloUrl: sp.sloUrl,
    idp: {
      entityId: connection.idp.entityId,
      ssoUrl: connection.idp.ssoUrl,
      ssoBinding: connection.idp.ssoBinding,
      sloUrl: connection.idp.sloUrl,
      metadataUrl: connection.metadataUrl,
      certificates: connection.idp.certificates.map(describeCertificate),
    },
    allowedDomains: connection.allowedDomains,
    enforced: connection.enforced,
    ...connection.settings,
    createdAt: connection.createdAt,
    updatedAt: connection.updatedAt,
  }
}

function describeCertificate(pem: string) {
  const certificate = new X509Certificate(pem)
  return {
    subject: certificate.subject,
    fingerprint256: certificate.fingerprint256,
    validFrom: new Date(certificate.validFrom).toISOString(),
    validTo: new Date(certificate.validTo).toISOString(),
  }
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  return parseOrThrow(schema, body ?? {}, (problems) =>
    samlErrors.error('SAML_CONNECTION_INVALID', `Invalid request: ${problems.join('; ')}`, {
      problems,
    }),
  )
}
