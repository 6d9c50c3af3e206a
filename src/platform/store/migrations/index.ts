import type { Migration } from 'kysely'
import * as foundation from './2026_11_23_000_foundation.js'
import * as oauthAndMembers from './2026_11_24_000_oauth_and_members.js'
import * as appsAndTasks from './2026_11_24_100_apps_and_tasks.js'
import * as saml from './2026_11_24_200_saml.js'
import * as peopleAndSources from './2026_11_24_300_people_and_sources.js'
import * as graphAndReconcile from './2026_11_24_400_graph_and_reconcile.js'
import * as jobsAndApply from './2026_11_25_500_jobs_and_apply.js'
import * as eventsTasksApprovals from './2026_11_25_510_events_tasks_approvals.js'
import * as decisionsThatStick from './2026_12_07_000_decisions_that_stick.js'
import * as samlIdpInitiated from './2026_12_07_100_saml_idp_initiated.js'
import * as leasesArePlatform from './2026_12_07_200_leases_are_platform.js'
import * as entitlements from './2026_12_08_000_entitlements.js'
import * as grantRulesAndExceptions from './2026_12_08_100_grant_rules_and_exceptions.js'
import * as grantOperations from './2026_12_08_210_grant_operations.js'
import * as accessOverrides from './2026_12_09_000_access_overrides.js'
import * as applyIndexes from './2026_12_09_050_apply_indexes.js'
import * as accessRequests from './2026_12_09_100_access_requests.js'
import * as personTraceIndexes from './2026_12_09_170_person_trace_indexes.js'
import * as accessReviews from './2026_12_09_200_access_reviews.js'

/**
 * Every migration, in order. Names sort by date; a new migration is a new file here
 * (`npm run db:new -- <name>` prints the boilerplate). Never edit one that has shipped.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '2026_11_23_000_foundation': foundation,
  '2026_11_24_000_oauth_and_members': oauthAndMembers,
  '2026_11_24_100_apps_and_tasks': appsAndTasks,
  '2026_11_24_200_saml': saml,
  '2026_11_24_300_people_and_sources': peopleAndSources,
  '2026_11_24_400_graph_and_reconcile': graphAndReconcile,
  '2026_11_25_500_jobs_and_apply': jobsAndApply,
  '2026_11_25_510_events_tasks_approvals': eventsTasksApprovals,
  '2026_12_07_000_decisions_that_stick': decisionsThatStick,
  '2026_12_07_100_saml_idp_initiated': samlIdpInitiated,
  '2026_12_07_200_leases_are_platform': leasesArePlatform,
  '2026_12_08_000_entitlements': entitlements,
  '2026_12_08_100_grant_rules_and_exceptions': grantRulesAndExceptions,
  '2026_12_08_210_grant_operations': grantOperations,
  '2026_12_09_000_access_overrides': accessOverrides,
  '2026_12_09_050_apply_indexes': applyIndexes,
  '2026_12_09_100_access_requests': accessRequests,
  '2026_12_09_170_person_trace_indexes': personTraceIndexes,
  '2026_12_09_200_access_reviews': accessReviews,
}
