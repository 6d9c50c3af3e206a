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
