import { type FormEvent, useId } from 'react'
import { withQuery } from '../../api/client.js'
import type { App, Task } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { useLocation, useNavigate } from '../../app/router.js'
import { Loaded } from '../../components/loaded.js'
import { PageHeader } from '../../components/page-header.js'
import { TaskTable } from './task-table.js'

/** Tasks for people in apps without an API: filter, read the instructions, complete with evidence. */
export function TasksPage() {
  const { query } = useLocation()
  const status = query.get('status') ?? 'open'
  const appId = query.get('appId') ?? ''
  const overdue = query.get('overdue') === 'true'
  const path = withQuery('/api/tasks', {
    status: status === 'all' ? '' : status,
    appId,
    overdue: overdue ? 'true' : '',
  })
  const { resource, reload } = useApi<{ tasks: Task[] }>(path)
  return (
    <>
      <PageHeader
        title="Tasks"
        description="Steps people do by hand in apps that have no API; each is completed with evidence."
      />
      <Filters status={status} appId={appId} overdue={overdue} />
      <Loaded resource={resource} what="tasks" retry={reload}>
        {({ tasks }) => (
          <TaskTable
            tasks={tasks}
            caption={overdue ? 'Overdue tasks' : 'Tasks'}
            onCompleted={reload}
          />
        )}
      </Loaded>
    </>
  )
}

function Filters(props: { status: string; appId: string; overdue: boolean }) {
  const navigate = useNavigate()
  const { resource } = useApi<{ apps: App[] }>('/api/apps')
  const ids = { status: useId(), app: useId(), overdue: useId() }
  const apps = resource.status === 'ready' ? resource.data.apps : []
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    navigate(
      withQuery('/tasks', {
        status: String(form.get('status') ?? ''),
        appId: String(form.get('appId') ?? ''),
        overdue: form.get('overdue') ? 'true' : '',
      }),
    )
  }
  return (
    <form
      className="filters"
      aria-label="Filter tasks"
      onSubmit={submit}
      key={`${props.status}|${props.appId}|${props.overdue}|${apps.length}`}
    >
      <div className="field">
        <label htmlFor={ids.status}>Status</label>
        <select id={ids.status} name="status" defaultValue={props.status}>
          <option value="open">Open</option>
          <option value="done">Done</option>
          <option value="all">All</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.app}>App</label>
        <select id={ids.app} name="appId" defaultValue={props.appId}>
          <option value="">All apps</option>
          {apps.map((app) => (
            <option key={app.id} value={app.id}>
              {app.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-inline">
        <input id={ids.overdue} type="checkbox" name="overdue" defaultChecked={props.overdue} />
        <label htmlFor={ids.overdue}>Overdue only</label>
      </div>
      <button type="submit" className="button button-primary">
        Apply
      </button>
    </form>
  )
}
