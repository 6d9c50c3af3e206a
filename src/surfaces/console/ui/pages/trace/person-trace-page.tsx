import { useCallback, useState } from 'react'
import { describeError, withQuery } from '../../api/client.js'
import type { PageProps } from '../../app/pages.js'
import { useApi } from '../../app/resource.js'
import { Link } from '../../app/router.js'
import { useSession } from '../../app/session.js'
import { Badge } from '../../components/badge.js'
import { DateTime } from '../../components/format.js'
import { Loaded } from '../../components/loaded.js'
import { PageHeader } from '../../components/page-header.js'
import { Section } from '../../components/section.js'
import { Table } from '../../components/table.js'
import { OnDemandRun } from './on-demand-run.js'
import { TraceIds } from './trace-ids.js'
import type { TraceEntry, TracePage } from './trace-types.js'
import { KIND_LABELS, responseWords, stateTone } from './trace-words.js'

const PAGE_SIZE = 50

/**
 * A person's trace (issue 17): what Rollcall did to them, step by step, newest first, with
 * what each app answered; "Run now for this person" reconciles and applies just them.
 */
export function PersonTracePage({ params }: PageProps) {
  const id = params.id ?? ''
  const path = withQuery(`/api/people/${encodeURIComponent(id)}/trace`, { limit: PAGE_SIZE })
  const { resource, reload } = useApi<TracePage>(path)
  const person = resource.status === 'ready' ? resource.data.person : null
  const name = person ? (person.displayName ?? person.email ?? person.userName) : 'Person'
  const settled = useCallback(() => reload(), [reload])
  return (
    <>
      <PageHeader
        title={`Trace of ${name}`}
        description={
          <>
            Every source change, link decision, finding, plan step with the app’s answer, task and
            verification for this person, newest first.{' '}
            <Link to={`/people/${encodeURIComponent(id)}`}>Back to the person</Link>
          </>
        }
        actions={
          person ? <OnDemandRun personId={person.id} name={name} onSettled={settled} /> : null
        }
      />
      <Loaded resource={resource} what="this person’s trace" retry={reload}>
        {(page) => <Timeline first={page} personId={id} />}
      </Loaded>
    </>
  )
}

/** The first page, and older pages appended as the admin asks for them. */
function Timeline({ first, personId }: { first: TracePage; personId: string }) {
  const { api } = useSession()
  const [older, setOlder] = useState<{ entries: TraceEntry[]; cursor?: string | undefined }>({
    entries: [],
    cursor: first.nextCursor,
  })
  const [error, setError] = useState<string | null>(null)
  const more = async () => {
    try {
      const page = await api.get<TracePage>(`/api/people/${encodeURIComponent(personId)}/trace`, {
        limit: PAGE_SIZE,
        cursor: older.cursor,
      })
      setOlder({ entries: [...older.entries, ...page.entries], cursor: page.nextCursor })
    } catch (failure) {
      setError(describeError(failure))
    }
  }
  const rows = [...first.entries, ...older.entries]
  return (
    <Section title="Timeline">
      <Table
        caption="What Rollcall did, newest first"
        captionHidden
        rows={rows}
        rowKey={(e) => e.key}
        empty="Nothing recorded for this person yet. Sync their sources or run them on demand."
        columns={[
          { header: 'When', cell: (e) => <DateTime value={e.at} /> },
          { header: 'What', cell: (e) => KIND_LABELS[e.kind] ?? e.kind },
          {
            header: 'App',
            cell: (e) =>
              e.app ? <Link to={`/apps/${encodeURIComponent(e.app.id)}`}>{e.app.name}</Link> : '—',
          },
          {
            header: 'Step',
            cell: (e) => (
              <>
                {e.summary}
                <TraceIds ids={e.ids} />
              </>
            ),
          },
          {
            header: 'State',
            cell: (e) => (e.status ? <Badge tone={stateTone(e.status)}>{e.status}</Badge> : '—'),
          },
          {
            header: 'App’s answer',
            cell: (e) =>
              e.response
                ? `${responseWords(e.response)}${e.attempts ? ` · ${e.attempts} attempt${e.attempts === 1 ? '' : 's'}` : ''}`
                : '—',
          },
        ]}
      />
      {error ? (
        <p className="message message-error" role="alert">
          {error}
        </p>
      ) : null}
      {older.cursor ? (
        <button type="button" className="button" onClick={more}>
          Older entries
        </button>
      ) : null}
    </Section>
  )
}
