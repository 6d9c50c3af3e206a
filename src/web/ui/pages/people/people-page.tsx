import { type FormEvent, useId } from 'react'
import { ApiError, withQuery } from '../../api/client.js'
import type { Person } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { Link, useLocation, useNavigate } from '../../app/router.js'
import { PersonStatusBadge } from '../../components/badge.js'
import { Field } from '../../components/field.js'
import { DateTime } from '../../components/format.js'
import { Loaded } from '../../components/loaded.js'
import { PageHeader } from '../../components/page-header.js'
import { Table } from '../../components/table.js'
import { personName } from './person-name.js'

const PAGE_SIZE = 50

/** People, searched with a SCIM filter (run as SQL by the hub) and a status, 50 at a time. */
export function PeoplePage() {
  const { query } = useLocation()
  const filter = query.get('filter') ?? ''
  const status = query.get('status') ?? ''
  const after = query.get('after') ?? ''
  const path = withQuery('/api/people', { filter, status, after, limit: PAGE_SIZE })
  const { resource, reload } = useApi<{ people: Person[] }>(path)
  const filterError =
    resource.status === 'error' &&
    resource.error instanceof ApiError &&
    resource.error.code === 'PEOPLE_FILTER_INVALID'
      ? resource.error.message
      : null

  return (
    <>
      <PageHeader title="People" description="Everyone the sources know of, as one record each." />
      <SearchForm filter={filter} status={status} filterError={filterError} />
      {filterError ? null : (
        <Loaded resource={resource} what="people" retry={reload}>
          {({ people }) => (
            <Results people={people} filter={filter} status={status} after={after} />
          )}
        </Loaded>
      )}
    </>
  )
}

function SearchForm(props: { filter: string; status: string; filterError: string | null }) {
  const navigate = useNavigate()
  const statusId = useId()
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    navigate(
      withQuery('/people', {
        filter: String(form.get('filter') ?? '').trim(),
        status: String(form.get('status') ?? ''),
      }),
    )
  }
  return (
    <search>
      <form className="search-form" aria-label="Search people" onSubmit={submit}>
        <Field
          label="SCIM filter"
          hint={
            <>
              For example <code>name.familyName eq "Lee"</code> or{' '}
              <code>emails.value co "@acme.com" and active eq true</code>
            </>
          }
          error={props.filterError}
        >
          {(control) => (
            <input
              {...control}
              name="filter"
              defaultValue={props.filter}
              key={props.filter}
              spellCheck={false}
            />
          )}
        </Field>
        <div className="field">
          <label htmlFor={statusId}>Status</label>
          <select id={statusId} name="status" defaultValue={props.status} key={props.status}>
            <option value="">Any</option>
            <option value="active">Active</option>
            <option value="inactive">Inactive</option>
            <option value="gone">Gone</option>
          </select>
        </div>
        <button type="submit" className="button button-primary">
          Search
        </button>
      </form>
    </search>
  )
}

function Results(props: { people: Person[]; filter: string; status: string; after: string }) {
  const { people, filter, status, after } = props
  const last = people.at(-1)
  return (
    <>
      <p role="status" className="muted">
        {people.length === 0
          ? 'No people match.'
          : `Showing ${people.length} ${people.length === 1 ? 'person' : 'people'}${after ? ' (a later page)' : ''}.`}
      </p>
      <Table
        caption="People"
        captionHidden
        rows={people}
        rowKey={(person) => person.id}
        empty={null}
        columns={[
          {
            header: 'Name',
            cell: (p) => <Link to={`/people/${p.id}`}>{personName(p)}</Link>,
          },
          { header: 'User name', cell: (p) => p.userName },
          { header: 'Email', cell: (p) => p.primaryEmail ?? '—' },
          { header: 'Status', cell: (p) => <PersonStatusBadge status={p.status} /> },
          { header: 'Updated', cell: (p) => <DateTime value={p.updatedAt} /> },
        ]}
      />
      <nav className="pager" aria-label="Pages of people">
        {after ? <Link to={withQuery('/people', { filter, status })}>First page</Link> : null}
        {people.length === PAGE_SIZE && last ? (
          <Link to={withQuery('/people', { filter, status, after: last.id })}>Next page</Link>
        ) : null}
      </nav>
    </>
  )
}
