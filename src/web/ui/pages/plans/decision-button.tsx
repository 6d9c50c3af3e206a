import { type FormEvent, useId, useRef, useState } from 'react'
import { describeError } from '../../api/client.js'
import type { PlanView } from '../../api/types.js'
import { useSession } from '../../app/session.js'
import { Field } from '../../components/field.js'

export type Decision = 'approve' | 'reject'

/**
 * Approves or rejects held operations (one, or every held one of the plan) after asking why, in
 * a modal dialog: the reason is required by the API and kept in the audit log with who decided.
 * The button's accessible name says what it decides ("Approve: Deactivate carol… in Sana").
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
  const dialog = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const verb = decision === 'approve' ? 'Approve' : 'Reject'
  const path = operationId
    ? `/api/plans/${encodeURIComponent(planId)}/items/${encodeURIComponent(operationId)}/${decision}`
    : `/api/plans/${encodeURIComponent(planId)}/${decision}`

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = event.currentTarget
    const reason = String(new FormData(form).get('reason') ?? '').trim()
    if (!reason) {
      setError('Say why: the reason is kept in the audit log with your name.')
      form.querySelector('textarea')?.focus()
      return
    }
    setBusy(true)
    setError(null)
    try {
      const plan = await api.post<PlanView>(path, { reason })
      dialog.current?.close()
      onDecided(plan, `${decision === 'approve' ? 'Approved' : 'Rejected'}: ${what}.`)
    } catch (failure) {
      setError(describeError(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <button
        type="button"
        className={decision === 'approve' ? 'button button-primary' : 'button'}
        aria-label={`${label}: ${what}`}
        onClick={() => dialog.current?.showModal()}
      >
        {label}
      </button>
      <dialog ref={dialog} aria-labelledby={titleId} onClose={() => setError(null)}>
        <h2 id={titleId} className="dialog-title">
          {verb} {operationId ? 'operation' : 'every held operation'}
        </h2>
        <p>{what}</p>
        <form onSubmit={submit} noValidate>
          <Field label="Reason" hint="Why you decide so; the audit log keeps it." error={error}>
            {(props) => <textarea {...props} name="reason" rows={3} maxLength={2000} />}
          </Field>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button
              type="submit"
              className={decision === 'approve' ? 'button button-primary' : 'button button-danger'}
              disabled={busy}
            >
              {busy ? 'Saving…' : verb}
            </button>
          </div>
        </form>
      </dialog>
    </>
  )
}
