import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react'
import { describeError } from '../api/client.js'
import { Field } from './field.js'

/**
 * A button that asks why before it acts, in a modal dialog: approvals, rejections, offboardings
 * and their reversals all need a reason the API keeps in the audit log with who decided. An
 * empty reason is refused at the field (aria-invalid, focus back on it), and an API error is shown
 * in the dialog, which stays open.
 */
export function ReasonButton<T>({
  label,
  name,
  title,
  what,
  confirmLabel,
  tone = 'default',
  onSubmit,
  onDone,
}: {
  /** The button's text. */
  label: string
  /** Its accessible name when the label alone is ambiguous ("Approve: Deactivate cy…"). */
  name?: string
  title: string
  /** What is decided, said in the dialog. */
  what: ReactNode
  confirmLabel: string
  /** `primary` for the button and its submit; `danger` only for the submit. */
  tone?: 'default' | 'primary' | 'danger'
  /** Acts with the reason; a throw is shown in the dialog, success closes it. */
  onSubmit: (reason: string) => Promise<T>
  /** After the dialog closed (so focus can move to a notice without the dialog taking it back). */
  onDone?: (result: T) => void
}) {
  const dialog = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

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
      const result = await onSubmit(reason)
      form.reset()
      dialog.current?.close()
      onDone?.(result)
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
        className={tone === 'primary' ? 'button button-primary' : 'button'}
        aria-label={name}
        onClick={() => dialog.current?.showModal()}
      >
        {label}
      </button>
      <dialog ref={dialog} aria-labelledby={titleId} onClose={() => setError(null)}>
        <h2 id={titleId} className="dialog-title">
          {title}
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
              className={tone === 'default' ? 'button' : `button button-${tone}`}
              disabled={busy}
            >
              {busy ? 'Saving…' : confirmLabel}
            </button>
          </div>
        </form>
      </dialog>
    </>
  )
}
