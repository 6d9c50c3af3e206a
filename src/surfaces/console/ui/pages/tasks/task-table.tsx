import type { Task } from '../../api/types.js'
import { Link } from '../../app/router.js'
import { useSession } from '../../app/session.js'
import { Badge } from '../../components/badge.js'
import { DateTime, humanize } from '../../components/format.js'
import { useNotice } from '../../components/notice.js'
import { type Column, Table } from '../../components/table.js'
import { CompleteTaskButton } from './complete-task.js'

/** Whether an open task is past its due date. */
export function isOverdue(task: Task, now = Date.now()): boolean {
  return task.status === 'open' && task.dueAt !== null && Date.parse(task.dueAt) < now
}

function StatusCell({ task }: { task: Task }) {
  if (task.status === 'done' || task.status === 'verified') {
    // Done is the assignee's word; verified is the app's own listing agreeing (issue 8).
    const label = task.status === 'verified' ? 'verified' : 'done, awaiting import'
    return (
      <>
        <Badge tone="good">{label}</Badge> <DateTime value={task.verifiedAt ?? task.completedAt} />
        {task.evidence ? <p className="muted pre-line">{task.evidence}</p> : null}
      </>
    )
  }
  return isOverdue(task) ? <Badge tone="bad">overdue</Badge> : <Badge tone="warn">open</Badge>
}

/** Tasks with their state, and a Complete button for open ones when the member may manage. */
export function TaskTable({
  tasks,
  caption,
  onCompleted,
}: {
  tasks: readonly Task[]
  caption: string
  onCompleted: () => void
}) {
  const { can } = useSession()
  const [notice, showNotice] = useNotice()
  const done = (task: Task) => {
    showNotice(`Done: ${humanize(task.action)} for ${task.personEmail} in ${task.details.appName}.`)
    onCompleted()
  }
  const columns: Array<Column<Task>> = [
    { header: 'Task', cell: (task) => humanize(task.action) },
    { header: 'Person', cell: (task) => task.personEmail },
    {
      header: 'App',
      cell: (task) => <Link to={`/apps/${task.appId}`}>{task.details.appName}</Link>,
    },
    { header: 'Assignee', cell: (task) => task.assignee },
    { header: 'Due', cell: (task) => <DateTime value={task.dueAt} fallback="No due date" /> },
    { header: 'Status', cell: (task) => <StatusCell task={task} /> },
  ]
  if (can('integrations:manage')) {
    columns.push({
      header: 'Actions',
      cell: (task) =>
        task.status === 'open' ? <CompleteTaskButton task={task} onDone={done} /> : null,
    })
  }
  return (
    <>
      {notice}
      <Table
        caption={caption}
        rows={tasks}
        columns={columns}
        rowKey={(task) => task.id}
        empty="No tasks."
      />
    </>
  )
}
