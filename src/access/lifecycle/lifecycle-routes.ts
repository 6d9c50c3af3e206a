import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { ManagementAuth } from '../../platform/auth/index.js'
import { parseOrThrow } from '../../shared/validation.js'
import { lifecycleErrors } from './lifecycle-errors.js'
import type { PersonLifecycle } from './lifecycle-service.js'

export type LifecycleRoutesDeps = {
  readonly lifecycle: Pick<PersonLifecycle, 'onboard' | 'offboard' | 'status' | 'reinstate'>
  readonly auth: ManagementAuth
}

const body = z
  .object({
    apply: z.boolean().default(false),
    /** Why: an offboarding is remembered with who, when and why (issue 19). */
    reason: z.string().trim().min(1).max(2000).optional(),
  })
  .strict()
const reinstateBody = z.object({ reason: z.string().trim().min(1).max(2000) }).strict()

/**
 * `POST /api/people/:idOrEmail/onboard|offboard` with `{"apply"?: boolean}`
 * (`integrations:manage`): the person's plan across every app; a dry run answers 200, an applied
 * one 202 (its jobs are queued for the server's worker). `GET /api/lifecycle/:planId`
 * (`integrations:read`): where it stands, until every step is applied and every task verified.
 */
export async function lifecycleRoutes(
  app: FastifyInstance,
  deps: LifecycleRoutesDeps,
): Promise<void> {
  for (const action of ['onboard', 'offboard'] as const) {
    app.post<{ Params: { idOrEmail: string } }>(
      `/api/people/:idOrEmail/${action}`,
      async (request, reply) => {
        const { workspace, principal } = await deps.auth.authorize(request, {
          scope: 'integrations:manage',
        })
        const parsed = parseOrThrow(body, request.body ?? {}, (problems) =>
          lifecycleErrors.error(
            'LIFECYCLE_REQUEST_INVALID',
            `Invalid body: ${problems.join('; ')}`,
            {
              problems,
            },
          ),
        )
        const report = await deps.lifecycle[action](workspace.id, request.params.idOrEmail, {
          actor: principal.actor,
          trigger: 'api',
          apply: parsed.apply,
          ...(parsed.reason ? { reason: parsed.reason } : {}),
        })
        return reply.code(parsed.apply ? 202 : 200).send(report)
      },
    )
  }

  // Reverses an admin's standing offboarding (issue 19): the next plan may give access back.
  app.post<{ Params: { idOrEmail: string } }>(
    '/api/people/:idOrEmail/reinstate',
    async (request) => {
      const { workspace, principal } = await deps.auth.authorize(request, {
        scope: 'integrations:manage',
      })
      const parsed = parseOrThrow(reinstateBody, request.body ?? {}, () =>
        lifecycleErrors.error(
          'LIFECYCLE_REQUEST_INVALID',
          'Reversing an offboarding needs {"reason": "..."} (up to 2000 characters).',
        ),
      )
      return deps.lifecycle.reinstate(workspace.id, request.params.idOrEmail, {
        actor: principal.actor,
        reason: parsed.reason,
      })
    },
  )

  app.get<{ Params: { planId: string } }>('/api/lifecycle/:planId', async (request) => {
    const { workspace } = await deps.auth.authorize(request, { scope: 'integrations:read' })
    return deps.lifecycle.status(workspace.id, request.params.planId)
  })
}
