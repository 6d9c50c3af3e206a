import type { PersonDetail } from '../../api/types.js'
import { useSession } from '../../app/session.js'
import { Badge, PersonStatusBadge } from '../../components/badge.js'
import { DateTime } from '../../components/format.js'
import { ReasonButton } from '../../components/reason-button.js'
import { personName } from './person-name.js'

/**
 * The person's state: an admin's standing offboarding (who, when, why) wins over what the
 * sources say, since it keeps the person out of every app whatever they say (issue 19).
 */
export function PersonState({ person }: { person: PersonDetail }) {
  const standing = person.offboarding
  if (standing) {
    return (
      <>
        <Badge tone="bad">offboarded</Badge> by {standing.by} on <DateTime value={standing.at} />:{' '}
        {standing.reason}
        {person.status === 'active' ? (
          <span className="muted"> (the sources still say active)</span>
        ) : null}
      </>
    )
  }
  return (
    <>
      <PersonStatusBadge status={person.status} />
      {person.goneAt ? (
        <>
          {' '}
          since <DateTime value={person.goneAt} />
        </>
      ) : null}
    </>
  )
}

/**
 * Offboard (every app, applied at once) or reverse a standing offboarding, each with a reason.
 * Only for members who manage integrations; offboarding someone already gone is left to the
 * plans the sources drive.
 */
export function OffboardingActions({
  person,
  onChanged,
}: {
  person: PersonDetail
  onChanged: (message: string) => void
}) {
  const { api, can } = useSession()
  if (!can('integrations:manage')) return null
  const name = personName(person)
  const path = (verb: string) => `/api/people/${encodeURIComponent(person.id)}/${verb}`
  if (person.offboarding) {
    return (
      <ReasonButton
        label="Reverse offboarding"
        title={`Reverse the offboarding of ${name}`}
        what="The next plans may give their access back, as the sources say."
        confirmLabel="Reverse offboarding"
        onSubmit={(reason) => api.post(path('reinstate'), { reason })}
        onDone={() => onChanged(`The offboarding of ${name} was reversed.`)}
      />
    )
  }
  if (person.status === 'gone') return null
  return (
    <ReasonButton
      label="Offboard"
      title={`Offboard ${name}`}
      what="Deactivates their accounts in every app now (held ones wait for approval) and keeps them out until the offboarding is reversed."
      confirmLabel="Offboard"
      tone="danger"
      onSubmit={(reason) => api.post(path('offboard'), { apply: true, reason })}
      onDone={() => onChanged(`${name} is being offboarded.`)}
    />
  )
}
