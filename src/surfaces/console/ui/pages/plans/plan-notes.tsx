import type { PlanView } from '../../api/types.js'
import { Section } from '../../components/section.js'

/**
 * What the plan could not plan, in words (apps never read, held floods): shown only when there
 * is something to say, so a plan that says nothing is not mistaken for a complete one.
 */
export function PlanNotes({ plan }: { plan: PlanView }) {
  const notes = plan.notes ?? []
  if (notes.length === 0) return null
  return (
    <Section title="Notes">
      <ul className="message message-info plan-notes">
        {notes.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
    </Section>
  )
}

/**
 * The plan's movers (issue 15): each person whose grants move, in one line that says what they
 * leave and what they join, so a reviewer approves a change of role, not a list of operations.
 */
export function PlanMovers({ plan }: { plan: PlanView }) {
  const movers = plan.movers ?? []
  if (movers.length === 0) return null
  const total = plan.moversTotal ?? movers.length
  return (
    <Section title="Movers">
      <ul className="plan-movers">
        {movers.map((mover) => (
          <li key={mover.personId}>{mover.words}</li>
        ))}
      </ul>
      {total > movers.length ? (
        <p className="muted">
          The first {movers.length} of {total} people whose access moves.
        </p>
      ) : null}
    </Section>
  )
}
