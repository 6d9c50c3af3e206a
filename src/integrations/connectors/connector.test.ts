import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { z } from 'zod'
import { ok } from '../../shared/result.js'
import {
  type CanCreateAccount,
  type CanDeactivateAccount,
  type Connector,
  type ConnectorManifest,
  type CreatesTasks,
  canCreateAccount,
  canDeactivateAccount,
  canGetAccount,
  canManageMemberships,
  capabilitiesOf,
  createsTasks,
  manifestMismatches,
  type RemoteAccount,
} from './connector.js'

const account: RemoteAccount = { id: 'a1', userName: 'ann', emails: [], active: true, raw: {} }

function manifest(capabilities: ConnectorManifest['capabilities']): ConnectorManifest {
  return {
    id: 'test',
    displayName: 'Test',
    configSchema: z.object({ baseUrl: z.url() }),
    capabilities,
    rateLimit: { documented: false },
  }
}

const listOnly: Connector = {
  manifest: manifest(['list_accounts']),
  listAccounts: async () => ok({ items: [account] }),
}

const writer: Connector & CanCreateAccount & CanDeactivateAccount = {
  manifest: manifest(['list_accounts', 'create_account', 'deactivate_account']),
  listAccounts: async () => ok({ items: [] }),
  createAccount: async () => ok(account),
  deactivateAccount: async (id) => ok({ id }),
}

const manual: Connector & CreatesTasks = {
  manifest: manifest(['list_accounts', 'create_tasks']),
  listAccounts: async () => ok({ items: [] }),
  createTask: async () => ok({ taskId: 't1' }),
}

describe('capability guards', () => {
  it('tell what a connector implements', () => {
    assert.equal(canCreateAccount(listOnly), false)
    assert.equal(canCreateAccount(writer), true)
    assert.equal(canDeactivateAccount(writer), true)
    assert.equal(canGetAccount(writer), false)
    assert.equal(createsTasks(manual), true)
    assert.equal(canManageMemberships(manual), false)
  })

  it('narrow the type so the capability can be called', async () => {
    const connector: Connector = writer
    if (!canCreateAccount(connector)) throw new Error('expected a writer')
    const created = await connector.createAccount(
      { userName: 'ann', emails: [{ value: 'ann@acme.test', primary: true }] },
      { idempotencyKey: 'op-1' },
    )
    assert.equal(created.ok && created.value.id, 'a1')
  })

  it('need every method of a capability, not one of them', () => {
    const half = { ...listOnly, getAccount: async () => ok(account) }
    assert.equal(canGetAccount(half), false, 'findAccount is missing')
  })

  it('list implemented capabilities and a manifest that lies', () => {
    assert.deepEqual(capabilitiesOf(writer), [
      'list_accounts',
      'create_account',
      'deactivate_account',
    ])
    assert.deepEqual(manifestMismatches(writer), [])
    const liar = { ...listOnly, manifest: manifest(['list_accounts', 'delete_account']) }
    assert.deepEqual(manifestMismatches(liar), ['claims delete_account'])
    const shy = { ...manual, manifest: manifest(['list_accounts']) }
    assert.deepEqual(manifestMismatches(shy), ['hides create_tasks'])
  })

  it('validate connection configuration with the manifest schema', () => {
    assert.equal(
      writer.manifest.configSchema.safeParse({ baseUrl: 'https://x.example' }).success,
      true,
    )
    assert.equal(writer.manifest.configSchema.safeParse({ baseUrl: 'nope' }).success, false)
  })
})
