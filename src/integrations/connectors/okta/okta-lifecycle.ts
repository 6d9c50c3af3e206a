import { err, ok, type Result } from '../../../shared/result.js'
import type { MutationOptions, RemoteAccount, RemovalReceipt } from '../connector.js'
import { ConnectorError } from '../connector-errors.js'
import { type OktaHttp, segment } from './okta-http.js'
import { isActiveStatus, type OktaStatus, toRemoteAccount } from './okta-mapping.js'
import { type OktaUsers, signalOf } from './okta-users.js'

type R<T> = Promise<Result<T, ConnectorError>>

/**
 * Lifecycle operations (developer.okta.com/docs/reference/api/users/#lifecycle-operations), each
 * read-first so a repeat converges: deactivate (→ DEPROVISIONED, from any other status),
 * activate (STAGED or DEPROVISIONED → PROVISIONED/ACTIVE), suspend (ACTIVE → SUSPENDED),
 * unsuspend (SUSPENDED → ACTIVE). Transitions the status does not allow are never sent: Okta
 * answers them with 403 E0000038, which would look like lost permissions.
 */
export class OktaLifecycle {
  constructor(
    private readonly http: OktaHttp,
    private readonly users: OktaUsers,
  ) {}

  async deactivateAccount(id: string, opts: MutationOptions): R<RemovalReceipt> {
    const current = await this.users.getUser(id, opts)
    if (!current.ok) return goneOr(id, current)
    if (current.value.status === 'DEPROVISIONED') {
      return ok({ id, account: toRemoteAccount(current.value), marker: 'no_change' })
    }
    const done = await this.transition(id, 'deactivate', opts)
    if (!done.ok) return goneOr(id, done)
    return ok({ id, account: done.value })
  }

  /** Back to active: STAGED/DEPROVISIONED are activated, SUSPENDED unsuspended. */
  async reactivateAccount(id: string, opts: MutationOptions): R<RemoteAccount> {
    const current = await this.users.getUser(id, opts)
    if (!current.ok) return current
    const { status } = current.value
    if (isActiveStatus(status))
      return ok({ ...toRemoteAccount(current.value), marker: 'no_change' })
    return this.transition(id, status === 'SUSPENDED' ? 'unsuspend' : 'activate', opts)
  }

  async suspendAccount(id: string, opts: MutationOptions): R<RemoteAccount> {
    return this.move(id, opts, ['ACTIVE'], 'SUSPENDED', 'suspend')
  }

  async unsuspendAccount(id: string, opts: MutationOptions): R<RemoteAccount> {
    return this.move(id, opts, ['SUSPENDED'], 'ACTIVE', 'unsuspend')
  }

  private async move(
    id: string,
    opts: MutationOptions,
    from: readonly OktaStatus[],
    to: OktaStatus,
    operation: string,
  ): R<RemoteAccount> {
    const current = await this.users.getUser(id, opts)
    if (!current.ok) return current
    if (current.value.status === to)
      return ok({ ...toRemoteAccount(current.value), marker: 'no_change' })
    if (!from.includes(current.value.status as OktaStatus)) {
      return err(notApplicable(operation, current.value.status))
    }
    return this.transition(id, operation, opts)
  }

  /** POST /lifecycle/<operation>, then GET: the answer is a token or empty, not the user. */
  private async transition(id: string, operation: string, opts: MutationOptions): R<RemoteAccount> {
    const reply = await this.http.send({
      method: 'POST',
      path: `/users/${segment(id)}/lifecycle/${operation}`,
      // Activation e-mails are the IdP's business, not a side effect of reconciliation.
      query: operation === 'activate' || operation === 'deactivate' ? { sendEmail: 'false' } : {},
      idempotencyKey: opts.idempotencyKey,
      ...signalOf(opts),
    })
    if (!reply.ok) return reply
    return this.users.getAccount(id, opts)
  }
}

/** A transition the current status does not allow: a state conflict, left undone. */
function notApplicable(operation: string, status: string): ConnectorError {
  return new ConnectorError({
    class: 'conflict',
    message: `Okta cannot ${operation} a user whose status is ${status}`,
  })
}

function goneOr(id: string, failed: { readonly ok: false; readonly error: ConnectorError }) {
  return failed.error.class === 'not_found' ? ok({ id, marker: 'already_gone' as const }) : failed
}
