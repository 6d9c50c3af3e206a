import { withQuery } from '../../api/client.js'
import type { App, Task } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { Link } from '../../app/router.js'
import { Loaded } from '../../components/loaded.js'
import { TaskTable } from '../tasks/task-table.js'

/** The app's open tasks (apps without an API get them instead of API calls). */
export function AppTasks({ app }: { app: App }) {
  const { resource, reload } = useApi<{ tasks: Task[] }>(
    withQuery('/api/tasks', { appId: app.id, status: 'open' }),
  )
  return (
    <Loaded resource={resource} what="tasks" retry={reload}>
      {({ tasks }) => (
        <>
          <TaskTable tasks={tasks} caption={`Open tasks in ${app.name}`} onCompleted={reload} />
          <p>
            <Link to={withQuery('/tasks', { appId: app.id, status: 'all' })}>
              All tasks of {app.name}
            </Link>
          </p>
        </>
      )}
    </Loaded>
  )
}
