import { useState } from 'react'
import { Link } from '../../app/router.js'

const LINKS: Readonly<Record<string, (id: string) => string>> = {
  planId: (id) => `/plans/${encodeURIComponent(id)}`,
  personId: (id) => `/people/${encodeURIComponent(id)}`,
}

const LABELS: Readonly<Record<string, string>> = {
  personId: 'person',
  accountId: 'account',
  runId: 'run',
  planId: 'plan',
  operationId: 'operation',
  taskId: 'task',
  snapshotId: 'refresh',
  sourceId: 'source',
  eventId: 'event',
}

/** The ids of an entry, folded away: a link where the console has a page, a copy button always. */
export function TraceIds({ ids }: { ids: Readonly<Record<string, string>> }) {
  const entries = Object.entries(ids)
  if (entries.length === 0) return null
  return (
    <details className="trace-ids">
      <summary>Ids</summary>
      <ul>
        {entries.map(([name, id]) => (
          <li key={name}>
            {LABELS[name] ?? name}:{' '}
            {LINKS[name] ? <Link to={LINKS[name](id)}>{id}</Link> : <code>{id}</code>}{' '}
            <CopyButton value={id} what={`${LABELS[name] ?? name} id`} />
          </li>
        ))}
      </ul>
    </details>
  )
}

function CopyButton({ value, what }: { value: string; what: string }) {
  const [copied, setCopied] = useState(false)
  return (
    <button
      type="button"
      className="button button-quiet"
      aria-label={`Copy ${what}`}
      onClick={() => {
        void navigator.clipboard?.writeText(value).then(() => setCopied(true))
      }}
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  )
}
