/**
 * Tasks for people: lifecycle steps in apps without an API (seed 001), opened by the manual
 * connector through its `TaskSink` port and completed by the app's owner. Issue 8 adds
 * reminders, SLAs and verification on top of this table.
 */

/** The error catalog of tasks (docs/errors.md). */
export { taskErrors } from './tasks-errors.js'
/** `GET /api/tasks`, `GET /api/tasks/:id`, `POST /api/tasks/:id/complete`. */
export { type TasksRoutesDeps, tasksRoutes } from './tasks-routes.js'
/**
 * The task service: the `TaskSink` the manual connector writes to, plus list, get and complete.
 * @example
 * const tasks = createTaskService({ db, clock, ids, audit })
 * await tasks.complete({ id, evidence: 'Removed in Members on 2026-11-24' }, actor)
 */
export { createTaskService, type TaskService, type TaskServiceDeps } from './tasks-service.js'
/** A task as the CLI and the API show it. */
export type { Task, TaskFilter } from './tasks-store.js'
