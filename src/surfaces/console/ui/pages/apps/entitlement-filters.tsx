import { type ChangeEvent, type FormEvent, useId } from 'react'
import type { EntitlementFilter } from '../../api/access.js'
import type { EntitlementKind } from '../../api/types.js'
import { ENTITLEMENT_KINDS } from './entitlement-words.js'

/**
 * The kind and name filters of an app's entitlements, and "Show removed". Kept in the section's
 * state, not the URL: a navigation would move focus to the page's heading, away from the list.
 */
export function EntitlementFilters({
  filter,
  onChange,
}: {
  filter: EntitlementFilter
  onChange: (next: EntitlementFilter) => void
}) {
  const ids = { kind: useId(), q: useId(), removed: useId() }
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    onChange({
      kind: String(form.get('kind') ?? '') as EntitlementKind | '',
      q: String(form.get('q') ?? '').trim(),
      includeRemoved: form.get('removed') === 'on',
    })
  }
  // The toggle applies at once, with whatever else the form holds.
  const toggle = (event: ChangeEvent<HTMLInputElement>) => event.currentTarget.form?.requestSubmit()
  return (
    <form className="filters" aria-label="Filter entitlements" onSubmit={submit}>
      <div className="field">
        <label htmlFor={ids.kind}>Kind</label>
        <select id={ids.kind} name="kind" defaultValue={filter.kind ?? ''}>
          <option value="">All kinds</option>
          {ENTITLEMENT_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {kind}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.q}>Name contains</label>
        <input id={ids.q} type="search" name="q" defaultValue={filter.q ?? ''} spellCheck={false} />
      </div>
      <div className="field">
        <label htmlFor={ids.removed} className="checkbox">
          <input
            id={ids.removed}
            type="checkbox"
            name="removed"
            defaultChecked={filter.includeRemoved ?? false}
            onChange={toggle}
          />
          <span>Show removed</span>
        </label>
      </div>
      <button type="submit" className="button button-primary">
        Apply
      </button>
    </form>
  )
}
