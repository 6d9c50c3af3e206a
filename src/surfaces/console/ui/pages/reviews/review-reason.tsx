import { type FormEvent, type RefObject, useEffect, useId, useRef, useState } from 'react'

const REASON_KEY = 'rollcall.review.reason'

export type SessionReason = {
  value: string
  set(value: string): void
  error: string | null
  demand(): void
  inputRef: RefObject<HTMLInputElement | null>
}
/** The reason given with each decision, asked once and kept for this browser session. */
export function useSessionReason(): SessionReason {
  const [value, setValue] = useState(() => sessionStorage.getItem(REASON_KEY) ?? '')
  const [error, setError] = useState<string | null>(null)
  const inputRef = useRef<HTMLInputElement>(null)
  useEffect(() => {
    sessionStorage.setItem(REASON_KEY, value)
  }, [value])
  return {
    value,
    error,
    inputRef,
    set(next) {
      setValue(next)
      if (next.trim()) setError(null)
    },
    demand() {
      setError('Give a reason first: it is kept with each decision in the report and audit log.')
      inputRef.current?.focus()
    },
  }
}

/** The reason, asked once; submitting it (Enter) takes the reviewer to the current item. */
export function ReasonForm({ reason, onReady }: { reason: SessionReason; onReady: () => void }) {
  const id = useId()
  const errorId = `${id}-error`
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (!reason.value.trim()) return reason.demand()
    onReady()
  }
  return (
    <form className="inline-form review-reason" onSubmit={submit} aria-label="Reason for decisions">
      <div className="field">
        <label htmlFor={id}>Reason for your decisions</label>
        <input
          id={id}
          ref={reason.inputRef}
          name="reason"
          value={reason.value}
          placeholder="e.g. Quarterly review with the team lead"
          onChange={(event) => reason.set(event.target.value)}
          aria-invalid={reason.error ? true : undefined}
          aria-describedby={reason.error ? errorId : undefined}
        />
        {reason.error ? (
          <p id={errorId} className="field-error">
            {reason.error}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button">
        Use this reason
      </button>
    </form>
  )
}
