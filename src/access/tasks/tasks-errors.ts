import { defineErrorCodes } from '../../shared/api-error.js'

/** Error codes of tasks for people (the manual path). */
export const taskErrors = defineErrorCodes({
  TASK_NOT_FOUND: { status: 404, message: 'No such task.' },
  TASK_INVALID: { status: 422, message: 'The task is invalid.' },
})
