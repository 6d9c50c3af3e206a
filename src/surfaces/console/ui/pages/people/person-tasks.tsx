import { withQuery } from '../../api/client.js'
import type { PersonDetail, Task } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { Loaded } from '../../components/loaded.js'
import { TaskTable } from '../tasks/task-table.js'

/** Tasks app owners were given about this person (the manual path of apps without an API). */
export function PersonTasks({ person }: { person: PersonDetail }) {
  const email = person.primaryEmail?.toLowerCase() ?? null
  const path = email ? withQuery('/api/tasks', { personEmail: email }) : null
  const { resource, reload } = useApi<{ tasks: Task[] }>(path)
  if (!email) return <p className="empty">This person has no email, so no task can name them.</p>
  return (
    <Loaded resource={resource} what="tasks" retry={reload}>
      {({ tasks }) => (
        <TaskTable tasks={tasks} caption={`Tasks about ${email}`} onCompleted={reload} />
      )}
    </Loaded>
  )
}
