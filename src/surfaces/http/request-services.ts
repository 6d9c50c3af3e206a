import type { ApplyService } from '../../access/apply/index.js'
import type { AppsService } from '../../access/apps/index.js'
import { entitlementRefsOf, type GraphService } from '../../access/graph/index.js'
import type { ReconcileService } from '../../access/reconcile/index.js'
import { createRequestPolicies, createRequestsService } from '../../access/requests/index.js'
import type { MemberService } from '../../identity/members/index.js'
import { getCatalogEntry, grantChangesOf } from '../../integrations/catalog/index.js'
import type { PlatformServices } from './platform-services.js'

type RequestPorts = {
  readonly apps: AppsService
  readonly graph: Pick<GraphService, 'resolvePerson'>
  readonly reconcile: Pick<ReconcileService, 'createPlan'>
  readonly apply: Pick<ApplyService, 'apply'>
  readonly members: Pick<MemberService, 'findByEmail'>
}

/**
 * Access requests and their policies (issue 18) on the access tier's services: an approval's
 * follow-up is a plan of the person's access in the app, applied at once (its held steps still
 * wait for approval, as any plan's do).
 */
export function createRequestServices(platform: PlatformServices, ports: RequestPorts) {
  const { store, clock, ids, audit, events, log } = platform
  const { apps } = ports
  const deps = {
    ...{ db: store.db, transact: store.transact, clock, ids, audit, events, log, apps },
    entitlements: (workspaceId: string, appId: string) =>
      entitlementRefsOf(store.db, workspaceId, appId),
    // Read-only: the catalog says grants of the kind never change, or the connector cannot.
    grantsChange: async (workspaceId: string, appId: string, kind: string) => {
      const app = await apps.get(workspaceId, appId)
      const type = getCatalogEntry(app.catalogId)?.entitlements.find((t) => t.kind === kind)
      if (type && grantChangesOf(type) === 'none') return false
      const connector = await apps.connector(workspaceId, appId)
      return connector.ok && connector.value.manifest.capabilities.includes('manage_grants')
    },
    people: { resolve: (w: string, ref: string) => ports.graph.resolvePerson(w, ref) },
    members: ports.members,
    planAccess: async (
      workspaceId: string,
      scope: { appId: string; personId: string },
      actor: Parameters<ApplyService['apply']>[2]['actor'],
    ) => {
      const plan = await ports.reconcile.createPlan(
        workspaceId,
        { appId: scope.appId, person: scope.personId },
        { trigger: 'api', actor },
      )
      await ports.apply.apply(workspaceId, plan.id, { actor })
      return plan.id
    },
  }
  return {
    /** Access requests: file, list, approve, reject, cancel, revoke; expiry for the rounds. */
    requests: createRequestsService(deps),
    /** Per app and entitlement: who may request, who approves, the longest duration. */
    requestPolicies: createRequestPolicies(deps),
  }
}
