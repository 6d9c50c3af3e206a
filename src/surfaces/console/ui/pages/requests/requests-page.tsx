import type { ReactNode } from 'react'
import { withQuery } from '../../api/client.js'
import type { AccessRequest } from '../../api/request-types.js'
import type { App } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { Link, useLocation } from '../../app/router.js'
import { useSession } from '../../app/session.js'
import { Badge } from '../../components/badge.js'
import { DateTime } from '../../components/format.js'
import { Loaded } from '../../components/loaded.js'
import { useNotice } from '../../components/notice.js'
import { PageHeader } from '../../components/page-header.js'
import { ReasonButton } from '../../components/reason-button.js'
import { Table } from '../../components/table.js'
import { useApps } from '../shared/app-names.js'
import { PersonLink } from '../shared/person-link.js'
import {
  approvalsWords,
  durationWords,
  requestStatusTone,
  requestStatusWords,
} from './request-words.js'
import { RequestedAccess } from './requested-access.js'

type View = 'to-approve' | 'mine'

const VIEWS: Record<View, { label: string; query: Record<string, string>; empty: ReactNode }> = {
  'to-approve': {
    label: 'To approve',
    query: { toApprove: 'true', status: 'pending' },
    empty:
      'Nothing waits for your approval. Requests you may approve appear here as they are made.',
  },
  mine: {
    label: 'My requests',
    query: { mine: 'true' },
    empty: (
      <>
        You have asked for nothing yet. Ask with{' '}
        <code>rollcall request create --app &lt;app&gt; --reason &lt;why&gt; --duration 7d</code> or{' '}
        <code>POST /api/access-requests</code>.
      </>
    ),
  },
}

/** Access requests: those waiting for the signed-in member's approval, and their own. */
export function RequestsPage() {
  const { query } = useLocation()
  const view: View = query.get('view') === 'mine' ? 'mine' : 'to-approve'
  const { resource, reload } = useApi<{ items: AccessRequest[] }>(
    withQuery('/api/access-requests', { ...VIEWS[view].query, limit: 100 }),
  )
  const apps = useApps()
  const [notice, showNotice] = useNotice()
  const done = (message: string) => {
    showNotice(message)
    reload()
  }
  return (
    <>
      <PageHeader
        title="Access requests"
        description="People ask for an app or an entitlement for a while, with a reason; an approval gives the access until it ends, then it is removed."
      />
      <nav className="view-tabs" aria-label="Which requests">
        {(Object.keys(VIEWS) as View[]).map((key) => (
          <Link
            key={key}
            to={withQuery('/requests', { view: key === 'to-approve' ? undefined : key })}
            aria-current={key === view ? 'page' : undefined}
          >
            {VIEWS[key].label}
          </Link>
        ))}
      </nav>
      {notice}
      <Loaded resource={resource} what="access requests" retry={reload}>
        {({ items }) => <RequestsTable requests={items} view={view} apps={apps} onDone={done} />}
      </Loaded>
    </>
  )
}

function RequestsTable({
  requests,
  view,
  apps,
  onDone,
}: {
  requests: AccessRequest[]
  view: View
  apps: ReadonlyMap<string, App>
  onDone: (message: string) => void
}) {
  return (
    <Table
      caption={VIEWS[view].label}
      captionHidden
      rows={requests}
      rowKey={(request) => request.id}
      empty={VIEWS[view].empty}
      columns={[
        { header: 'Access', cell: (r) => <RequestedAccess request={r} apps={apps} /> },
        { header: 'For', cell: (r) => <PersonLink id={r.personId} /> },
        { header: 'Asked by', cell: (r) => r.requesterEmail ?? 'an API token' },
        { header: 'Why', cell: (r) => r.reason },
        { header: 'For how long', cell: (r) => durationWords(r.duration) },
        { header: 'Status', cell: (r) => <Status request={r} /> },
        {
          header: 'Decide',
          cell: (r) => <Actions request={r} view={view} apps={apps} onDone={onDone} />,
        },
      ]}
    />
  )
}

function Status({ request }: { request: AccessRequest }) {
  const approvals = approvalsWords(request)
  return (
    <>
      <Badge tone={requestStatusTone(request.status)}>{requestStatusWords(request.status)}</Badge>
      {approvals ? <span className="muted"> {approvals}</span> : null}
      {request.status === 'approved' && request.until ? (
        <span className="muted">
          {' '}
          until <DateTime value={request.until} />
        </span>
      ) : null}
      {request.decisionReason ? <span className="muted"> {request.decisionReason}</span> : null}
    </>
  )
}

function Actions({
  request,
  view,
  apps,
  onDone,
}: {
  request: AccessRequest
  view: View
  apps: ReadonlyMap<string, App>
  onDone: (message: string) => void
}) {
  const { api } = useSession()
  if (request.status !== 'pending') return <>—</>
  const what = <RequestedAccess request={request} apps={apps} />
  const act = (verb: 'approve' | 'reject' | 'cancel') => (reason: string) =>
    api.post<AccessRequest>(`/api/access-requests/${encodeURIComponent(request.id)}/${verb}`, {
      reason,
    })
  const who = request.requesterEmail ?? 'the request'
  if (view === 'mine')
    return (
      <ReasonButton
        label="Cancel"
        name={`Cancel the request of ${who}`}
        title="Cancel this request"
        what={what}
        confirmLabel="Cancel the request"
        onSubmit={act('cancel')}
        onDone={() => onDone('Request cancelled.')}
      />
    )
  return (
    <div className="row-actions">
      <ReasonButton
        label="Approve"
        name={`Approve the request of ${who}`}
        title="Approve this request"
        what={what}
        confirmLabel="Approve"
        tone="primary"
        onSubmit={act('approve')}
        onDone={(r) =>
          onDone(
            r.status === 'approved'
              ? 'Approved: the access is being given.'
              : 'Approval recorded: another approver is needed.',
          )
        }
      />
      <ReasonButton
        label="Reject"
        name={`Reject the request of ${who}`}
        title="Reject this request"
        what={what}
        confirmLabel="Reject"
        tone="danger"
        onSubmit={act('reject')}
        onDone={() => onDone('Request rejected.')}
      />
    </div>
  )
}
