import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { err, ok, type Result, unwrap } from '../../shared/result.js'
import type { AccountQuery, NewAccount, RemoteAccount } from './connector.js'
import { ConnectorError } from './connector-errors.js'
import {
  createOnce,
  deactivateOnce,
  deleteOnce,
  lookupQueries,
  reactivateOnce,
} from './idempotent.js'

const opts = { idempotencyKey: 'op-1' }
const failure = (errorClass: ConnectorError['class']) =>
  err(new ConnectorError({ class: errorClass, message: errorClass }))

const alice: NewAccount = {
  userName: 'alice',
  externalId: 'ext-1',
  emails: [{ value: 'alice@old.test' }, { value: 'alice@acme.test', primary: true }],
}

function account(id: string, active = true): RemoteAccount {
  return { id, userName: 'alice', emails: [], active, raw: {} }
}

/** A tiny app: one account store, find by any attribute, counting calls. */
function app(existing: RemoteAccount[] = []) {
  const store = new Map(existing.map((a) => [a.id, a]))
  const calls = { find: [] as AccountQuery[], create: 0, deactivate: 0 }
  return {
    store,
    calls,
    find: async (
      query: AccountQuery,
    ): Promise<Result<RemoteAccount | undefined, ConnectorError>> => {
      calls.find.push(query)
      return ok([...store.values()].find((a) => query.userName === a.userName))
    },
    get: async (id: string) => {
      const found = store.get(id)
      return found ? ok(found) : failure('not_found')
    },
    deactivate: async (id: string) => {
      calls.deactivate += 1
      const updated = { ...account(id), active: false }
      store.set(id, updated)
      return ok(updated)
    },
  }
}

describe('lookupQueries', () => {
  it('asks only for the attributes the app filters on, in its order, primary email first', () => {
    assert.deepEqual(lookupQueries(alice, ['externalId', 'userName', 'email']), [
      { externalId: 'ext-1' },
      { userName: 'alice' },
      { email: 'alice@acme.test' },
    ])
    assert.deepEqual(lookupQueries({ userName: 'bob', emails: [] }, ['externalId', 'email']), [])
  })
})

describe('createOnce', () => {
  it('creates when nothing matches', async () => {
    const target = app()
    const created = await createOnce(alice, opts, {
      find: target.find,
      create: async () => ok(account('new')),
      lookupBy: ['userName'],
    })
    assert.equal(unwrap(created).id, 'new')
    assert.equal(unwrap(created).marker, undefined)
  })

  it('returns the existing account with already_exists instead of creating a duplicate', async () => {
    const target = app([account('a1')])
    let creates = 0
    const created = await createOnce(alice, opts, {
      find: target.find,
      create: async () => {
        creates += 1
        return ok(account('dup'))
      },
      lookupBy: ['userName'],
    })
    assert.deepEqual(unwrap(created), { ...account('a1'), marker: 'already_exists' })
    assert.equal(creates, 0)
  })

  it('resolves a lost race (409) by looking again', async () => {
    const target = app()
    const created = await createOnce(alice, opts, {
      find: target.find,
      create: async () => {
        target.store.set('raced', account('raced'))
        return failure('conflict')
      },
      lookupBy: ['userName'],
    })
    assert.equal(unwrap(created).marker, 'already_exists')
    assert.equal(target.calls.find.length, 2)
  })

  it('passes other failures through', async () => {
    const target = app()
    const created = await createOnce(alice, opts, {
      find: target.find,
      create: async () => failure('invalid'),
      lookupBy: ['userName'],
    })
    assert.equal(!created.ok && created.error.class, 'invalid')
  })
})

describe('deactivateOnce', () => {
  it('deactivates an active account', async () => {
    const target = app([account('a1')])
    const receipt = unwrap(await deactivateOnce('a1', opts, target))
    assert.equal(receipt.marker, undefined)
    assert.equal(receipt.account?.active, false)
    assert.equal(target.calls.deactivate, 1)
  })

  it('is a no-op on an inactive account', async () => {
    const target = app([account('a1', false)])
    const receipt = unwrap(await deactivateOnce('a1', opts, target))
    assert.equal(receipt.marker, 'no_change')
    assert.equal(target.calls.deactivate, 0)
  })

  it('is already_gone for a missing account (Stensul hides soft-deleted users)', async () => {
    const target = app()
    assert.deepEqual(unwrap(await deactivateOnce('gone', opts, target)), {
      id: 'gone',
      marker: 'already_gone',
    })
  })

  it('keeps real failures as failures', async () => {
    const result = await deactivateOnce('a1', opts, {
      get: async () => failure('unauthorized'),
      deactivate: async () => ok(undefined),
    })
    assert.equal(!result.ok && result.error.class, 'unauthorized')
  })
})

describe('deleteOnce and reactivateOnce', () => {
  it('deleting a missing account is already_gone', async () => {
    assert.deepEqual(unwrap(await deleteOnce('x', opts, async () => failure('not_found'))), {
      id: 'x',
      marker: 'already_gone',
    })
    assert.deepEqual(unwrap(await deleteOnce('x', opts, async () => ok(undefined))), { id: 'x' })
  })

  it('reactivating an active account is no_change; a missing one is an error', async () => {
    const target = app([account('a1')])
    const steps = { get: target.get, reactivate: async () => ok(account('a1')) }
    assert.equal(unwrap(await reactivateOnce('a1', opts, steps)).marker, 'no_change')
    const missing = await reactivateOnce('zz', opts, steps)
    assert.equal(!missing.ok && missing.error.class, 'not_found')
  })
})
