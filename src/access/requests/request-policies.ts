import type { Actor } from '../../platform/audit/index.js'
import { decodeJson } from '../../platform/store/index.js'
import { describeZodIssues } from '../../shared/validation.js'
import { resolveEntitlementRef } from '../apps/index.js'
import { type PolicyRow, policiesOf, replacePolicies } from './request-policies-store.js'
import {
  DEFAULT_POLICY,
  namedMembers,
  policyProblems,
  type RequestPolicy,
  requestPoliciesSchema,
} from './request-policy.js'
import type { RequestsDeps } from './requests-deps.js'
import { requestErrors } from './requests-errors.js'

/** An app's request policies as the API shows them. */
export type AppRequestPolicies = {
  readonly appId: string
  /** The app's own policy (null: the default applies where no entitlement policy does). */
  readonly app: RequestPolicy | null
  readonly default: RequestPolicy
  readonly entitlements: ReadonlyArray<{
    readonly entitlementId: string
    readonly entitlementName: string
    readonly policy: RequestPolicy
  }>
}

type PolicyDeps = Pick<
  RequestsDeps,
  'db' | 'transact' | 'clock' | 'audit' | 'apps' | 'entitlements' | 'members'
>

/** The policy a request for this access falls under: the entitlement's, the app's, the default. */
export async function effectivePolicy(
  deps: Pick<RequestsDeps, 'db'>,
  workspaceId: string,
  appId: string,
  entitlementId: string | null,
): Promise<RequestPolicy> {
  const rows = await policiesOf(deps.db, workspaceId, appId)
  const own =
    entitlementId === null ? undefined : rows.find((r) => r.entitlement_key === entitlementId)
  const app = rows.find((r) => r.entitlement_key === '')
  const row = own ?? app
  return row ? decodeJson<RequestPolicy>(row.policy) : DEFAULT_POLICY
}

/** `GET/PUT /api/apps/:id/request-policies`, `rollcall request policy`. */
export function createRequestPolicies(deps: PolicyDeps) {
  async function view(workspaceId: string, appId: string): Promise<AppRequestPolicies> {
    await deps.apps.get(workspaceId, appId)
    const rows = await policiesOf(deps.db, workspaceId, appId)
    const names = new Map((await deps.entitlements(workspaceId, appId)).map((e) => [e.id, e]))
    const app = rows.find((r) => r.entitlement_key === '')
    return {
      appId,
      app: app ? decodeJson<RequestPolicy>(app.policy) : null,
      default: DEFAULT_POLICY,
      entitlements: rows
        .filter((r) => r.entitlement_key !== '')
        .map((r: PolicyRow) => ({
          entitlementId: r.entitlement_key,
          entitlementName: names.get(r.entitlement_key)?.displayName ?? r.entitlement_key,
          policy: decodeJson<RequestPolicy>(r.policy),
        })),
    }
  }

  return {
    get: view,

    /** Replaces the app's policies whole, or refuses with every problem and changes nothing. */
    async put(workspaceId: string, appId: string, body: unknown, actor: Actor) {
      await deps.apps.get(workspaceId, appId)
      const parsed = requestPoliciesSchema.safeParse(body ?? {})
      if (!parsed.success) throw invalid(describeZodIssues(parsed.error))
      const input = parsed.data
      const problems: string[] = []
      const policies: Array<{ key: string; policy: RequestPolicy }> = []
      if (input.app) policies.push({ key: '', policy: input.app })
      const entitlements = await deps.entitlements(workspaceId, appId)
      for (const [ref, policy] of Object.entries(input.entitlements ?? {})) {
        const found = resolveEntitlementRef(ref, entitlements)
        if (!found.ok) problems.push(`entitlements.${ref}: ${found.message}`)
        else policies.push({ key: found.value.id, policy })
      }
      for (const { key, policy } of policies) {
        const at = key === '' ? 'app' : `entitlements.${key}`
        problems.push(...policyProblems(policy, at))
        for (const email of namedMembers(policy))
          if (!(await deps.members.findByEmail(workspaceId, email)))
            problems.push(`${at}: '${email}' is not a member of this workspace`)
      }
      if (problems.length > 0) throw invalid(problems)
      const now = deps.clock.now().toISOString()
      await deps.transact(async (trx) => {
        await replacePolicies(
          trx,
          workspaceId,
          appId,
          policies.map(({ key, policy }) => ({
            ...{ workspace_id: workspaceId, app_id: appId, entitlement_key: key },
            ...{
              policy: JSON.stringify(policy),
              updated_by: JSON.stringify(actor),
              updated_at: now,
            },
          })),
        )
        await deps.audit.record(trx, {
          ...{ workspaceId, actor, action: 'access_request_policy.updated' },
          target: { type: 'app', id: appId },
          after: {
            app: input.app ?? null,
            entitlements: Object.fromEntries(policies.map((p) => [p.key, p.policy])),
          },
        })
      })
      return view(workspaceId, appId)
    },
  }
}

function invalid(problems: readonly string[]) {
  return requestErrors.error(
    'REQUEST_POLICY_INVALID',
    `Invalid request policies: ${problems.join('; ')}`,
    { problems },
  )
}

export type RequestPolicies = ReturnType<typeof createRequestPolicies>
