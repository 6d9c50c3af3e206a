import { type ReactNode, useEffect, useId, useRef, useState } from 'react'

/**
 * A secret the hub shows once (a SCIM token, a client secret): a warning, the value selected in
 * a read-only field, a copy button, and Done to dismiss it. The panel takes focus when it opens
 * so the value is announced and one Tab away.
 */
export function SecretOnce({
  title,
  label,
  value,
  children,
  onDone,
}: {
  title: string
  label: string
  value: string
  children?: ReactNode
  onDone: () => void
}) {
  const panel = useRef<HTMLElement>(null)
  const field = useRef<HTMLInputElement>(null)
  const [copied, setCopied] = useState<string | null>(null)
  const id = useId()

  useEffect(() => {
    panel.current?.focus()
  }, [])

  const copy = async () => {
    field.current?.select()
    try {
      await navigator.clipboard.writeText(value)
      setCopied('Copied to the clipboard.')
    } catch {
      setCopied('Copying is not allowed here: the value is selected, press Ctrl+C.')
    }
  }

  return (
    <section ref={panel} className="secret-once" aria-labelledby={`${id}-title`} tabIndex={-1}>
      <h3 id={`${id}-title`}>{title}</h3>
      <p className="warning-text">
        Copy it now: it is shown once and cannot be retrieved later. Rotate it if it is lost.
      </p>
      <label htmlFor={`${id}-value`}>{label}</label>
      <div className="secret-row">
        <input
          ref={field}
          id={`${id}-value`}
          className="secret-value"
          readOnly
          value={value}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" className="button" onClick={copy}>
          Copy
        </button>
      </div>
      <p role="status" className="muted">
        {copied}
      </p>
      {children}
      <button type="button" className="button button-primary" onClick={onDone}>
        Done, I have stored it
      </button>
    </section>
  )
}
