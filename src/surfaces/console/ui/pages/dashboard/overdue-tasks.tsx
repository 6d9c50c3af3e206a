import type { Task } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { Link } from '../../app/router.js'
import { DateTime, formatCount, humanize } from '../../components/format.js'
import { Loaded } from '../../components/loaded.js'
import { Table } from '../../components/table.js'

const SHOWN = 5

/** Open tasks past their due date, oldest first: the work apps without an API are waiting on. */
export function OverdueTasks() {
  const { resource, reload } = useApi<{ tasks: Task[] }>('/api/tasks?overdue=true')
  return (
    <Loaded resource={resource} what="overdue tasks" retry={reload}>
      {({ tasks }) =>
        tasks.length === 0 ? (
          <p className="empty">No task is overdue.</p>
        ) : (
          <>
            <p>
              <strong>{formatCount(tasks.length)}</strong> overdue{' '}
              {tasks.length === 1 ? 'task' : 'tasks'}.{' '}
              <Link to="/tasks?overdue=true">See all overdue tasks</Link>
            </p>
            <Table
              caption="Oldest overdue tasks"
              captionHidden
              rows={tasks.slice(0, SHOWN)}
              rowKey={(task) => task.id}
              empty={null}
              columns={[
                { header: 'Task', cell: (task) => humanize(task.action) },
                { header: 'Person', cell: (task) => task.personEmail },
                {
                  header: 'App',
                  cell: (task) => <Link to={`/apps/${task.appId}`}>{task.details.appName}</Link>,
                },
                { header: 'Due', cell: (task) => <DateTime value={task.dueAt} /> },
              ]}
            />
          </>
        )
      }
    </Loaded>
  )
}
