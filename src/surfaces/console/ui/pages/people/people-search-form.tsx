import { type FormEvent, useId } from 'react'
import { withQuery } from '../../api/client.js'
import { useNavigate } from '../../app/router.js'
import { Field } from '../../components/field.js'

/** What the people list is searched by: the page's query string, and the API's. */
export type PeopleSearch = { q: string; filter: string; status: string }

/**
 * Plain text (names, user names, emails; issue 19: typing `Turing` used to be a SCIM filter
 * error), a status, and, under "Advanced", a SCIM filter for what plain text cannot say.
 */
export function PeopleSearchForm({
  search,
  filterError,
}: {
  search: PeopleSearch
  filterError: string | null
}) {
  const navigate = useNavigate()
  const statusId = useId()
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const text = (name: string) => String(form.get(name) ?? '').trim()
    navigate(withQuery('/people', { q: text('q'), filter: text('filter'), status: text('status') }))
  }
  return (
    <search>
      <form className="search-form" aria-label="Search people" onSubmit={submit}>
        <Field label="Search" hint="Part of a name, a user name or an email.">
          {(control) => (
            <input
              {...control}
              type="search"
              name="q"
              defaultValue={search.q}
              key={search.q}
              spellCheck={false}
            />
          )}
        </Field>
        <div className="field">
          <label htmlFor={statusId}>Status</label>
          <select id={statusId} name="status" defaultValue={search.status} key={search.status}>
            <option value="">Any</option>
            <option value="active">Active</option>
            <option value="inactive">Inactive</option>
            <option value="gone">Gone</option>
          </select>
        </div>
        <button type="submit" className="button button-primary">
          Search
        </button>
        <details className="search-advanced" open={Boolean(search.filter || filterError)}>
          <summary>Advanced: SCIM filter</summary>
          <Field
            label="SCIM filter"
            hint={
              <>
                For example <code>name.familyName eq "Lee"</code> or{' '}
                <code>emails.value co "@acme.com" and active eq true</code>
              </>
            }
            error={filterError}
          >
            {(control) => (
              <input
                {...control}
                name="filter"
                defaultValue={search.filter}
                key={search.filter}
                spellCheck={false}
              />
            )}
          </Field>
        </details>
      </form>
    </search>
  )
}
