/**
 * Tasks for people: lifecycle steps in apps without an API (seed 001), opened by the manual
 * connector through its `TaskSink` port, due by the app's SLA, completed by the app's owner,
 * reminded when late, and verified by the next import of the app's accounts.
 */

/** The error catalog of tasks (docs/errors.md). */
export { taskErrors } from './tasks-errors.js'
/**
 * Reminders (due soon, overdue; each once) and verification of done tasks by the next refresh
 * of the app's accounts (a CSV import or a listing); the server's lifecycle worker runs them.
 * @example const sent = await createTaskLifecycle({ db, clock, audit, events }).sendReminders()
 */
export {
  createTaskLifecycle,
  type TaskLifecycle,
  type TaskLifecycleDeps,
} from './tasks-lifecycle.js'
/** `GET /api/tasks`, `GET /api/tasks/:id`, `POST /api/tasks/:id/complete`. */
export { type TasksRoutesDeps, tasksRoutes } from './tasks-routes.js'
/**
 * The task service: the `TaskSink` the manual connector writes to, plus list, get and complete.
 * @example
 * const tasks = createTaskService({ db, clock, ids, audit, events, sla })
 * await tasks.complete({ id, evidence: 'Removed in Members on 2026-11-24' }, actor)
 */
export {
  createTaskService,
  dueBySla,
  type TaskService,
  type TaskServiceDeps,
} from './tasks-service.js'
/** A task as the CLI and the API show it. */
export type { Task, TaskFilter, TaskStatus } from './tasks-store.js'
/** Reads for later domains: tasks by idempotency key (a plan's task steps), the removal task that closed a window. */
export { latestRemovalTask, tasksByKeys } from './tasks-store.js'
