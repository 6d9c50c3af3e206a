import { useEffect } from 'react'
import type { BurstDecision, DepartureBurst } from '../api/types.js'
import { useNotice } from '../components/notice.js'
import { ReasonButton } from '../components/reason-button.js'
import { useApi } from './resource.js'
import { useLocation } from './router.js'
import { useSession } from './session.js'

const OPEN_BURSTS = '/api/departure-bursts?status=open'

/**
 * On every page while the departure gate holds a burst (issue 13): what it holds and why, with
 * Approve all / Reject all for admins, each asking for a reason. Checked again on every
 * navigation; gone once no burst is open. Members who may not read integrations see nothing.
 */
export function DepartureBanner() {
  const { can } = useSession()
  const { path } = useLocation()
  const { resource, reload } = useApi<{ bursts: DepartureBurst[] }>(OPEN_BURSTS)
  const [notice, showNotice] = useNotice()

  // A new page: look again, and the last decision's message has been read.
  useEffect(() => {
    if (!path) return
    showNotice(null)
    reload()
  }, [path, reload, showNotice])

  const bursts = resource.status === 'ready' ? resource.data.bursts : []
  if (bursts.length === 0 && !notice) return null
  const decided = (message: string) => {
    showNotice(message)
    reload()
  }
  return (
    <section className="banner" aria-label="Held offboardings">
      {notice}
      {bursts.map((burst) => (
        <div key={burst.id} className="message message-warn banner-item">
          <p>
            <strong>Offboarding held:</strong> {burst.reason} ({peopleCount(burst.departures)} from{' '}
            {burst.sourceName} wait for a decision.)
          </p>
          {can('integrations:manage') ? <Decide burst={burst} onDecided={decided} /> : null}
        </div>
      ))}
    </section>
  )
}

function peopleCount(n: number): string {
  return `${n} ${n === 1 ? 'person' : 'people'}`
}

function Decide({
  burst,
  onDecided,
}: {
  burst: DepartureBurst
  onDecided: (message: string) => void
}) {
  const { api } = useSession()
  const what = `the offboarding of ${peopleCount(burst.departures)} from ${burst.sourceName}`
  const decide = (verb: 'approve' | 'reject') => (reason: string) =>
    api.post<BurstDecision>(`/api/departure-bursts/${encodeURIComponent(burst.id)}/${verb}`, {
      reason,
    })
  return (
    <div className="row-actions">
      <ReasonButton
        label="Approve all"
        name={`Approve all: ${what}`}
        title="Approve every held offboarding"
        what={`Approving carries out ${what}: ${burst.reason}`}
        confirmLabel="Approve"
        tone="primary"
        onSubmit={decide('approve')}
        onDone={(d) => onDecided(`Approved: ${what} (${peopleCount(d.people)} released).`)}
      />
      <ReasonButton
        label="Reject all"
        name={`Reject all: ${what}`}
        title="Reject every held offboarding"
        what={`Rejecting keeps their access: ${what}.`}
        confirmLabel="Reject"
        tone="danger"
        onSubmit={decide('reject')}
        onDone={() => onDecided(`Rejected: ${what}; their access stays.`)}
      />
    </div>
  )
}
