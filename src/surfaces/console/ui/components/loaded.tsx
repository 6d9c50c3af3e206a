import type { ReactNode } from 'react'
import { describeError } from '../api/client.js'
import type { Resource } from '../app/resource.js'

/**
 * What a resource shows while it loads (a polite status), when it failed (an alert with a retry)
 * and once it is there.
 */
export function Loaded<T>({
  resource,
  what,
  retry,
  children,
}: {
  resource: Resource<T>
  /** What is loading, for the messages: "people", "the audit log". */
  what: string
  retry?: () => void
  children: (data: T) => ReactNode
}) {
  if (resource.status === 'loading') {
    return (
      <p className="muted" role="status">
        Loading {what}…
      </p>
    )
  }
  if (resource.status === 'error') {
    return (
      <div className="message message-error" role="alert">
        <p>
          Could not load {what}: {describeError(resource.error)}
        </p>
        {retry ? (
          <button type="button" className="button" onClick={retry}>
            Try again
          </button>
        ) : null}
      </div>
    )
  }
  return <>{children(resource.data)}</>
}
