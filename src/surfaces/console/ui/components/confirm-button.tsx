import { type ReactNode, useId, useRef, useState } from 'react'
import { describeError } from '../api/client.js'

/**
 * A button that asks first, in a modal <dialog>: the browser traps focus inside it, Escape
 * cancels, and focus returns to the button on close. Cancel has focus when it opens, so Enter
 * never destroys anything by accident.
 */
export function ConfirmButton({
  label,
  name,
  title,
  children,
  confirmLabel,
  onConfirm,
  danger = false,
}: {
  /** The button's text. */
  label: string
  /**
   * Its accessible name when rows share the label: "Delete Okta" for a "Delete" in Okta's row
   * (it starts with the label, so speech input still finds it, WCAG 2.5.3).
   */
  name?: string
  title: string
  children: ReactNode
  confirmLabel: string
  onConfirm: () => Promise<void>
  danger?: boolean
}) {
  const dialog = useRef<HTMLDialogElement>(null)
  const cancel = useRef<HTMLButtonElement>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const titleId = useId()

  const confirm = async () => {
    setBusy(true)
    setError(null)
    try {
      await onConfirm()
      dialog.current?.close()
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
        className={danger ? 'button button-danger' : 'button'}
        aria-label={name}
        onClick={() => {
          dialog.current?.showModal()
          cancel.current?.focus()
        }}
      >
        {label}
      </button>
      <dialog ref={dialog} aria-labelledby={titleId} onClose={() => setError(null)}>
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        <div className="dialog-body">{children}</div>
        {error ? (
          <p className="message message-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button
            type="button"
            className="button"
            ref={cancel}
            onClick={() => dialog.current?.close()}
          >
            Cancel
          </button>
          <button
            type="button"
            className={danger ? 'button button-danger' : 'button button-primary'}
            disabled={busy}
            onClick={confirm}
          >
            {busy ? 'Working…' : confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  )
}
