import { type FormEvent, useId } from 'react'
import { withQuery } from '../../api/client.js'
import type { App, FindingsPage as Page } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { Link, useLocation, useNavigate } from '../../app/router.js'
import { formatCount } from '../../components/format.js'
import { Loaded } from '../../components/loaded.js'
import { PageHeader } from '../../components/page-header.js'
import { appName, useApps } from '../shared/app-names.js'
import { FINDING_KINDS, KIND_MEANINGS } from './finding-words.js'
import { FindingsTable } from './findings-table.js'

const PAGE = 100

/** What reconciliation found: filter by kind and app, read each finding's evidence. */
export function FindingsPage() {
  const { query } = useLocation()
  const kind = query.get('kind') ?? ''
  const appId = query.get('app') ?? ''
  const after = query.get('after') ?? ''
  const { resource, reload } = useApi<Page>(
    withQuery('/api/findings', { kind, app: appId, after, limit: PAGE }),
  )
  const apps = useApps()
  return (
    <>
      <PageHeader
        title="Findings"
        description="Where who should have access and who has it differ, with the evidence for each."
      />
      <Filters kind={kind} appId={appId} apps={apps} />
      <Loaded resource={resource} what="findings" retry={reload}>
        {(page) => (
          <>
            <p role="status">
              {describe(page.findings.length, kind, appId ? appName(apps, appId) : '')}
              {after ? ' (a later page)' : ''}
            </p>
            <FindingsTable
              findings={page.findings}
              apps={apps}
              caption="Findings"
              empty="No open findings here. Reconciliation runs after every sync of the apps."
            />
            <Pager next={page.next} kind={kind} appId={appId} after={after} />
          </>
        )}
      </Loaded>
    </>
  )
}

function describe(count: number, kind: string, app: string): string {
  const what = kind
    ? `${kind} finding${count === 1 ? '' : 's'}`
    : `finding${count === 1 ? '' : 's'}`
  return `Showing ${formatCount(count)} ${what}${app ? ` in ${app}` : ''}.`
}

function Pager(props: { next: string | undefined; kind: string; appId: string; after: string }) {
  if (!props.next && !props.after) return null
  const base = { kind: props.kind, app: props.appId }
  return (
    <nav className="pager" aria-label="Pages of findings">
      {props.after ? <Link to={withQuery('/findings', base)}>First page</Link> : null}
      {props.next ? (
        <Link to={withQuery('/findings', { ...base, after: props.next })}>Next page</Link>
      ) : null}
    </nav>
  )
}

function Filters(props: { kind: string; appId: string; apps: ReadonlyMap<string, App> }) {
  const navigate = useNavigate()
  const ids = { kind: useId(), app: useId() }
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    navigate(
      withQuery('/findings', {
        kind: String(form.get('kind') ?? ''),
        app: String(form.get('app') ?? ''),
      }),
    )
  }
  return (
    <form
      className="filters"
      aria-label="Filter findings"
      onSubmit={submit}
      key={`${props.kind}|${props.appId}|${props.apps.size}`}
    >
      <div className="field">
        <label htmlFor={ids.kind}>Kind</label>
        <select id={ids.kind} name="kind" defaultValue={props.kind}>
          <option value="">All kinds</option>
          {FINDING_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {kind}: {KIND_MEANINGS[kind]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.app}>App</label>
        <select id={ids.app} name="app" defaultValue={props.appId}>
          <option value="">All apps</option>
          {[...props.apps.values()].map((app) => (
            <option key={app.id} value={app.id}>
              {app.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button button-primary">
        Apply
      </button>
    </form>
  )
}
