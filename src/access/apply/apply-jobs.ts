import type { ApplyDeps } from './apply-deps.js'
import { operationHandler } from './operation-job.js'
import { refreshHandler } from './refresh-job.js'

/**
 * The two job types of apply: `operation` (one plan operation through its connector) and
 * `refresh` (once an app's operations of a plan are finished: list its accounts into the graph
 * and reconcile it, so the next plan has no finding for what was applied).
 */
export function applyHandlers(deps: ApplyDeps) {
  return {
    operation: operationHandler(deps),
    refresh: refreshHandler(deps),
  }
}
