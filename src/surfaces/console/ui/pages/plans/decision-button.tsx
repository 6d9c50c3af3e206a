import type { PlanView } from '../../api/types.js'
import { useSession } from '../../app/session.js'
import { ReasonButton } from '../../components/reason-button.js'

export type Decision = 'approve' | 'reject'

/**
 * Approves or rejects held operations (one, or every held one of the plan) after asking why:
 * the reason is required by the API and kept in the audit log with who decided. The button's
 * accessible name says what it decides ("Approve: Deactivate carol… in Sana").
 */
export function DecisionButton({
  planId,
  operationId,
  decision,
  label,
  what,
  onDecided,
}: {
  planId: string
  /** One operation; without it, every held operation of the plan. */
  operationId?: string
  decision: Decision
  label: string
  /** What is decided, for the accessible name and the dialog. */
  what: string
  onDecided: (plan: PlanView, message: string) => void
}) {
  const { api } = useSession()
  const verb = decision === 'approve' ? 'Approve' : 'Reject'
  const path = operationId
    ? `/api/plans/${encodeURIComponent(planId)}/items/${encodeURIComponent(operationId)}/${decision}`
    : `/api/plans/${encodeURIComponent(planId)}/${decision}`
  return (
    <ReasonButton
      label={label}
      name={`${label}: ${what}`}
      title={`${verb} ${operationId ? 'operation' : 'every held operation'}`}
      what={what}
      confirmLabel={verb}
      tone={decision === 'approve' ? 'primary' : 'danger'}
      onSubmit={(reason) => api.post<PlanView>(path, { reason })}
      onDone={(plan) =>
        onDecided(plan, `${decision === 'approve' ? 'Approved' : 'Rejected'}: ${what}.`)
      }
    />
  )
}
