import {
  createReconcileService,
  type Operation,
  type ReconcileService,
} from '../../src/access/reconcile/index.js'
import {
  type Connector,
  canCreateAccount,
  canDeactivateAccount,
  canDeleteAccount,
  canReactivateAccount,
  canUpdateAccount,
  createsTasks,
} from '../../src/integrations/connectors/index.js'
import type { Services } from '../../src/surfaces/http/index.js'
import type { SanaEmulator } from '../emulators/sana.js'

/**
 * A reconcile service over the harness's services with settings a test chooses (a chunk of two
 * people exercises chunk boundaries; the config's minimum is 100).
 */
export function reconcileWith(
  services: Services,
  settings: {
    chunkSize?: number
    safety?: Partial<Services['config']['reconcile']['safety']>
  } = {},
): ReconcileService {
  const { store } = services
  return createReconcileService({
    db: store.db,
    dialect: store.dialect,
    transact: store.transact,
    clock: services.clock,
    ids: services.ids,
    events: services.events,
    audit: services.audit,
    apps: services.apps,
    graph: services.graph,
    connectors: services.connectors,
    settings: {
      chunkSize: settings.chunkSize ?? 2,
      safety: { ...services.config.reconcile.safety, ...settings.safety },
    },
  })
}

/** A user as an admin would have added it in the app's own UI. */
export type SeedUser = {
  readonly userName: string
  readonly email?: string
  readonly active?: boolean
  readonly title?: string
  readonly displayName?: string
  readonly externalId?: string
  readonly employeeNumber?: string
}

export function seedSana(sana: SanaEmulator, users: readonly SeedUser[]): string[] {
  return users.map((user) => {
    const created = sana.state.create({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: user.userName,
      active: user.active ?? true,
      emails: [{ value: user.email ?? user.userName, primary: true, type: 'work' }],
      ...(user.title ? { title: user.title } : {}),
      ...(user.displayName ? { displayName: user.displayName } : {}),
      ...(user.externalId ? { externalId: user.externalId } : {}),
      ...(user.employeeNumber
        ? {
            'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {
              employeeNumber: user.employeeNumber,
            },
          }
        : {}),
    })
    if (!created.ok) throw new Error(`seed ${user.userName}: ${JSON.stringify(created.error)}`)
    return created.value.id
  })
}

/**
 * Carries out a plan's operations through each app's real connector, the way the apply issue's
 * executor will (held operations too, as if approved): what the property tests need to show
 * that applying a plan makes the next one empty.
 */
export async function applyOperations(
  services: Services,
  workspaceId: string,
  operations: readonly Operation[],
): Promise<void> {
  for (const op of operations) {
    if (op.status === 'rejected') continue
    const built = await services.apps.connector(workspaceId, op.appId)
    if (!built.ok) throw new Error(`connector: ${built.error.message}`)
    const result = await carryOut(built.value, op)
    if (!result) throw new Error(`the connector cannot carry out ${op.kind} (${op.capability})`)
    if (!result.ok) throw new Error(`${op.kind} ${op.personEmail}: ${result.error.message}`)
  }
}

type Outcome = { readonly ok: true } | { readonly ok: false; readonly error: { message: string } }

function carryOut(connector: Connector, op: Operation): Promise<Outcome> | undefined {
  const opts = { idempotencyKey: op.idempotencyKey }
  const remoteId = op.remoteId ?? ''
  const payload = op.payload
  switch (payload.kind) {
    case 'create':
      return canCreateAccount(connector)
        ? connector.createAccount(payload.account, opts)
        : undefined
    case 'update':
      return canUpdateAccount(connector)
        ? connector.updateAccount(remoteId, payload.changes, opts)
        : undefined
    case 'reactivate':
      if (op.capability === 'reactivate_account' && canReactivateAccount(connector))
        return connector.reactivateAccount(remoteId, opts)
      return canUpdateAccount(connector)
        ? connector.updateAccount(remoteId, { ...payload.changes, active: true }, opts)
        : undefined
    case 'deactivate':
      return canDeactivateAccount(connector)
        ? connector.deactivateAccount(remoteId, opts)
        : undefined
    case 'delete':
      return canDeleteAccount(connector) ? connector.deleteAccount(remoteId, opts) : undefined
    case 'task':
      return createsTasks(connector)
        ? connector.createTask(
            {
              action: payload.action,
              appName: payload.appName,
              person: payload.person,
              instructions: payload.instructions,
              assignee: '',
              ...(op.accountId ? { accountId: op.accountId } : {}),
            },
            opts,
          )
        : undefined
  }
}
