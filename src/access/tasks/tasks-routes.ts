import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { ManagementAuth } from '../../platform/auth/index.js'
import type { Clock } from '../../shared/clock.js'
import { parseOrThrow } from '../../shared/validation.js'
import { taskErrors } from './tasks-errors.js'
import type { TaskService } from './tasks-service.js'

export type TasksRoutesDeps = {
  readonly tasks: Pick<TaskService, 'list' | 'get' | 'complete'>
  readonly auth: ManagementAuth
  readonly clock: Clock
}

const listQuery = z
  .object({
    status: z.enum(['open', 'done', 'verified']).optional(),
    appId: z.string().min(1).max(64).optional(),
    personEmail: z.string().min(1).max(254).optional(),
    /** `true`: open tasks whose due date has passed. */
    overdue: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(5000).optional(),
  })
  .strict()

const completeBody = z.object({ evidence: z.string().trim().max(10_000).optional() }).strict()

type Params = { Params: { id: string } }

/**
 * Tasks of the caller's workspace (the same shapes as `rollcall tasks list|complete`):
 * `GET /api/tasks?status=&appId=&personEmail=&overdue=true`, `GET /api/tasks/:id` (`integrations:read`), and
 * `POST /api/tasks/:id/complete` with `{"evidence"}` (`integrations:manage`).
 */
export async function tasksRoutes(app: FastifyInstance, deps: TasksRoutesDeps): Promise<void> {
  const read = { scope: 'integrations:read' } as const
  const manage = { scope: 'integrations:manage' } as const

  app.get('/api/tasks', async (request) => {
    const { workspace } = await deps.auth.authorize(request, read)
    const query = parse(listQuery, request.query)
    const overdue = query.overdue === 'true'
    const tasks = await deps.tasks.list({
      workspaceId: workspace.id,
      ...(overdue ? { status: 'open', dueBefore: deps.clock.now().toISOString() } : {}),
      ...(query.status && !overdue ? { status: query.status } : {}),
      ...(query.appId ? { appId: query.appId } : {}),
      ...(query.personEmail ? { personEmail: query.personEmail } : {}),
      ...(query.limit ? { limit: query.limit } : {}),
    })
    return { tasks }
  })

  app.get<Params>('/api/tasks/:id', async (request) => {
    const { workspace } = await deps.auth.authorize(request, read)
    return deps.tasks.get(request.params.id, workspace.id)
  })

  app.post<Params>('/api/tasks/:id/complete', async (request) => {
    const { principal, workspace } = await deps.auth.authorize(request, manage)
    const body = parse(completeBody, request.body)
    return deps.tasks.complete(
      {
        id: request.params.id,
        workspaceId: workspace.id,
        ...(body.evidence ? { evidence: body.evidence } : {}),
      },
      principal.actor,
    )
  })
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  return parseOrThrow(schema, value ?? {}, (problems) =>
    taskErrors.error('TASK_INVALID', `Invalid request: ${problems.join('; ')}`, { problems }),
  )
}
