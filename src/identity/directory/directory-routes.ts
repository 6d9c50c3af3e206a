import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { ManagementAuth } from '../../platform/auth/index.js'
import { parseOrThrow } from '../../shared/validation.js'
import type { Directory, DirectoryService } from './directories.js'
import { directoryErrors } from './directory-errors.js'
import { directorySettingsSchema } from './directory-settings.js'

export type DirectoryRoutesDeps = {
  readonly directories: DirectoryService
  readonly auth: ManagementAuth
  readonly scimBaseUrl: string
}

const createBody = z
  .object({
    name: z.string().min(1).max(200).optional(),
    settings: directorySettingsSchema.partial().optional(),
  })
  .strict()
const updateBody = createBody

/**
 * Directory management (seed 002): `POST/GET /scim/directories`, `PATCH/DELETE
 * /scim/directories/:id`, `POST /scim/directories/:id/regenerate-token`. Workspace admins only
 * (the `scim:manage` permission) on the enterprise plan.
 */
export async function directoryRoutes(
  app: FastifyInstance,
  deps: DirectoryRoutesDeps,
): Promise<void> {
  const needs = { scope: 'scim:manage', feature: 'scim' } as const
  const view = (directory: Directory) => ({ ...directory, scimBaseUrl: deps.scimBaseUrl })

  app.post('/scim/directories', async (request, reply) => {
    const { principal, workspace } = await deps.auth.authorize(request, needs)
    const body = parseBody(createBody, request.body ?? {})
    const { directory, token } = await deps.directories.create(
      { workspaceId: workspace.id, ...body },
      principal.actor,
    )
    return reply.code(201).send({ ...view(directory), token })
  })

  app.get('/scim/directories', async (request) => {
    const { workspace } = await deps.auth.authorize(request, needs)
    return { directories: (await deps.directories.list(workspace.id)).map(view) }
  })

  app.get<{ Params: { id: string } }>('/scim/directories/:id', async (request) => {
    const { workspace } = await deps.auth.authorize(request, needs)
    return view(await deps.directories.get(workspace.id, request.params.id))
  })

  app.patch<{ Params: { id: string } }>('/scim/directories/:id', async (request) => {
    const { principal, workspace } = await deps.auth.authorize(request, needs)
    const body = parseBody(updateBody, request.body ?? {})
    const updated = await deps.directories.update(
      { workspaceId: workspace.id, id: request.params.id, ...body },
      principal.actor,
    )
    return view(updated)
  })

  app.delete<{ Params: { id: string } }>('/scim/directories/:id', async (request, reply) => {
    const { principal, workspace } = await deps.auth.authorize(request, needs)
    await deps.directories.remove(
      { workspaceId: workspace.id, id: request.params.id },
      principal.actor,
    )
    return reply.code(204).send()
  })

  app.post<{ Params: { id: string } }>(
    '/scim/directories/:id/regenerate-token',
    async (request) => {
      const { principal, workspace } = await deps.auth.authorize(request, needs)
      return deps.directories.rotateToken(
        { workspaceId: workspace.id, id: request.params.id },
        principal.actor,
      )
    },
  )
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  return parseOrThrow(schema, body, (problems) =>
    directoryErrors.error('DIRECTORY_INVALID', `Invalid request: ${problems.join('; ')}`, {
      problems,
    }),
  )
}
