import type { FormEvent } from 'react'
import { withQuery } from '../../api/client.js'
import { Link, useNavigate } from '../../app/router.js'
import { Field } from '../../components/field.js'
import { type AuditFilters, FILTER_KEYS, KNOWN_ACTIONS, KNOWN_TARGETS } from './audit-filters.js'

/** Action, target type and id, first and last day; applied through the address bar. */
export function AuditFilterForm({
  filters,
  dateError,
}: {
  filters: AuditFilters
  dateError: string | null
}) {
  const navigate = useNavigate()
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const next = Object.fromEntries(
      FILTER_KEYS.map((key) => [key, String(form.get(key) ?? '').trim()]),
    )
    navigate(withQuery('/audit', next))
  }
  const active = FILTER_KEYS.some((key) => filters[key] !== '')
  return (
    <form
      className="filters"
      aria-label="Filter the audit log"
      onSubmit={submit}
      key={FILTER_KEYS.map((key) => filters[key]).join('|')}
    >
      <Field label="Action" hint="For example task.completed">
        {(props) => (
          <input
            {...props}
            name="action"
            list="audit-actions"
            defaultValue={filters.action}
            spellCheck={false}
          />
        )}
      </Field>
      <datalist id="audit-actions">
        {KNOWN_ACTIONS.map((action) => (
          <option key={action} value={action} />
        ))}
      </datalist>
      <Field label="Target type">
        {(props) => (
          <input
            {...props}
            name="targetType"
            list="audit-targets"
            defaultValue={filters.targetType}
            spellCheck={false}
          />
        )}
      </Field>
      <datalist id="audit-targets">
        {KNOWN_TARGETS.map((target) => (
          <option key={target} value={target} />
        ))}
      </datalist>
      <Field label="Target id">
        {(props) => (
          <input {...props} name="targetId" defaultValue={filters.targetId} spellCheck={false} />
        )}
      </Field>
      <Field label="From (day)">
        {(props) => <input {...props} name="from" type="date" defaultValue={filters.from} />}
      </Field>
      <Field label="To (day, included)" error={dateError}>
        {(props) => <input {...props} name="to" type="date" defaultValue={filters.to} />}
      </Field>
      <div className="filter-actions">
        <button type="submit" className="button button-primary">
          Apply filters
        </button>
        {active ? <Link to="/audit">Clear filters</Link> : null}
      </div>
    </form>
  )
}
