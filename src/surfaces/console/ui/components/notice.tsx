import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react'

/**
 * A status message that is announced (role=status) and takes focus when it appears, so the
 * person who deleted or completed something lands next to what happened instead of on <body>
 * when the button they pressed is gone.
 */
export function useNotice(): [ReactNode, (message: string | null) => void] {
  const [message, setMessage] = useState<string | null>(null)
  const [shown, setShown] = useState(0)
  const ref = useRef<HTMLParagraphElement>(null)

  useEffect(() => {
    if (shown > 0) ref.current?.focus()
  }, [shown])

  const show = useCallback((next: string | null) => {
    setMessage(next)
    if (next) setShown((count) => count + 1)
  }, [])

  const element = message ? (
    <p ref={ref} className="message message-success" role="status" tabIndex={-1}>
      {message}
    </p>
  ) : null
  return [element, show]
}
