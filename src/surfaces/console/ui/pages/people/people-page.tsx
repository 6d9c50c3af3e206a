import { ApiError, withQuery } from '../../api/client.js'
import type { Person } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { Link, useLocation } from '../../app/router.js'
import { PersonStatusBadge } from '../../components/badge.js'
import { DateTime } from '../../components/format.js'
import { Loaded } from '../../components/loaded.js'
import { PageHeader } from '../../components/page-header.js'
import { Table } from '../../components/table.js'
import { type PeopleSearch, PeopleSearchForm } from './people-search-form.js'
import { personName } from './person-name.js'

const PAGE_SIZE = 50

/**
 * People, searched by plain text, a status, or a SCIM filter (run as SQL by the hub), 50 at a
 * time.
 */
export function PeoplePage() {
  const { query } = useLocation()
  const search: PeopleSearch = {
    q: query.get('q') ?? '',
    filter: query.get('filter') ?? '',
    status: query.get('status') ?? '',
  }
  const after = query.get('after') ?? ''
  const path = withQuery('/api/people', { ...search, after, limit: PAGE_SIZE })
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
      <PeopleSearchForm search={search} filterError={filterError} />
      {filterError ? null : (
        <Loaded resource={resource} what="people" retry={reload}>
          {({ people }) => <Results people={people} search={search} after={after} />}
        </Loaded>
      )}
    </>
  )
}

function Results(props: { people: Person[]; search: PeopleSearch; after: string }) {
  const { people, search, after } = props
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
        {after ? <Link to={withQuery('/people', search)}>First page</Link> : null}
        {people.length === PAGE_SIZE && last ? (
          <Link to={withQuery('/people', { ...search, after: last.id })}>Next page</Link>
        ) : null}
      </nav>
    </>
  )
}
