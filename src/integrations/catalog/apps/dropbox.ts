import type { CatalogEntry } from '../types.js'
import { documented, entitlement, field, stated, undocumented } from './entry-helpers.js'

export const dropbox: CatalogEntry = {
  id: 'dropbox',
  name: 'Dropbox (teams)',
  category: 'File storage',
  hasUserApi: true,
  scim: {
    available: false,
    note: 'No public SCIM server; team membership is managed with the Team API.',
  },
  auth: {
    method: 'oauth2_authorization_code',
    notes: 'A team-scoped app authorised by a team admin; the resulting token is used as a bearer.',
  },
  baseUrl: { kind: 'fixed', url: 'https://api.dropboxapi.com/2/team' },
  operations: [
    'list_accounts',
    'get_account',
    'create_account',
    'update_account',
    'deactivate_account',
    'reactivate_account',
    'delete_account',
    'list_groups',
    'manage_groups',
    'manage_memberships',
  ],
  userFields: [
    field('member_email', 'string', 'required', 'optional'),
    field('member_given_name', 'string', 'optional', 'optional'),
    field('member_surname', 'string', 'optional', 'optional'),
    field('member_external_id', 'string', 'optional', 'optional', 'At most 64 characters'),
  ],
  pagination: {
    method: 'cursor',
    defaultPageSize: undocumented(),
    maxPageSize: undocumented(),
    pointer: documented('members/list then members/list/continue with cursor while has_more'),
  },
  rateLimits: {
    published: [],
    headers: documented(['retry_after']),
    retryAfter: documented(true, 'Rate-limited answers always carry Retry-After (seconds)'),
    hint: undocumented('Dropbox publishes no numeric limits; limits are per app and per user'),
    notes: ['429 reasons: too_many_requests and too_many_write_operations.'],
  },
  webhooks: documented(true, 'Team webhooks notify of membership changes'),
  deactivation: {
    method: 'api_call',
    semantics: 'soft',
    reversible: documented(true, 'members/unsuspend'),
    notes: 'members/suspend.',
  },
  deletion: {
    supported: true,
    semantics: 'soft',
    visibleAfterDelete: undocumented(),
    notes:
      'members/remove can keep the account as a personal Basic account (keep_account); removed members can be recovered for a limited time.',
  },
  groups: { supported: true },
  entitlements: [
    entitlement('group', 'group', 'manual', {
      readOnly: stated(true, 'No Dropbox API connector yet'),
      grants: stated(
        'manual',
        'Dropbox has group APIs, but no connector is built: membership changes are tasks',
      ),
    }),
  ],
  limitations: ['The last team admin cannot be suspended or removed.'],
  watchOutFor: ['Removing a member without transferring files can strand shared content.'],
  integration: {
    connector: 'manual',
    reason: 'No SCIM; a Dropbox Team API connector is not built yet, so lifecycle runs as tasks.',
  },
  sources: [
    'https://developers.dropbox.com/dbx-performance-guide',
    'https://dropbox.tech/developers/announcing-the-dropbox-for-business-api',
    'https://docs.rs/crate/dropbox-sdk/0.20.3/source/dropbox-api-spec/team_common.stone',
  ],
}
