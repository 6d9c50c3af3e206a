import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { eachDialect, type TestStore } from '../../../test/helpers/dialects.js'
import { systemClock } from '../../shared/clock.js'
import { hashToken } from '../../shared/crypto/tokens.js'
import { createAdapterFactory } from './adapter.js'
import { createArtifactStore } from './artifact-store.js'

eachDialect('oauth artifact store', (database) => {
  let store: TestStore
  before(async () => {
    store = await database.open()
  })
  after(() => store.close())

  const artifacts = () => createArtifactStore({ db: store.db, clock: systemClock })
  const adapter = (model: string) =>
    createAdapterFactory({
      db: store.db,
      artifacts: artifacts(),
      reused: (name) => new Error(`${name} reused`),
    })(model)
  const exp = () => Math.floor(Date.now() / 1000) + 60

  it('stores ids as SHA-256 and never the bearer value, and gives jti back on read', async () => {
    const code = adapter('AuthorizationCode')
    await code.upsert(
      'secret-code-value',
      { jti: 'secret-code-value', grantId: 'g1', clientId: 'c1', exp: exp() },
      60,
    )
    const rows = await store.db.selectFrom('oauth_artifacts').selectAll().execute()
    assert.equal(rows.length, 1)
    assert.equal(rows[0]?.id, hashToken('secret-code-value'))
    assert.doesNotMatch(JSON.stringify(rows), /secret-code-value/)
    const found = await code.find('secret-code-value')
    assert.deepEqual(
      { jti: found?.jti, grantId: found?.grantId, clientId: found?.clientId },
      { jti: 'secret-code-value', grantId: 'g1', clientId: 'c1' },
    )
    assert.equal(await code.find('other'), undefined)
  })

  it('of 10 concurrent consumes exactly one wins (UPDATE … WHERE consumed_at IS NULL)', async () => {
    const artifactStore = artifacts()
    await artifactStore.upsert('RefreshToken', 'rt-1', { grantId: 'g2', exp: exp() }, 60)
    const results = await Promise.all(
      Array.from({ length: 10 }, () => artifactStore.consume('RefreshToken', 'rt-1')),
    )
    assert.equal(results.filter(Boolean).length, 1)
    assert.ok((await artifactStore.find('RefreshToken', 'rt-1'))?.consumed)
  })

  it('a reuse through the adapter revokes the whole grant and fails', async () => {
    const grant = adapter('Grant')
    const code = adapter('AuthorizationCode')
    const token = adapter('AccessToken')
    await grant.upsert('g3', { jti: 'g3', accountId: 'm', clientId: 'c', exp: exp() }, 60)
    await code.upsert('code-3', { grantId: 'g3', exp: exp() }, 60)
    await token.upsert('at-3', { grantId: 'g3', exp: exp() }, 60)
    await token.upsert('at-other', { grantId: 'g-other', exp: exp() }, 60)
    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, () => code.consume('code-3')),
    )
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1)
    for (const outcome of outcomes.filter((o) => o.status === 'rejected')) {
      assert.match(String(outcome.reason), /AuthorizationCode reused/)
    }
    assert.equal(await grant.find('g3'), undefined)
    assert.equal(await token.find('at-3'), undefined)
    assert.ok(await token.find('at-other'))
  })

  it('drops the session id an interaction carries, and finds sessions by uid', async () => {
    const interaction = adapter('Interaction')
    await interaction.upsert(
      'i-1',
      {
        jti: 'i-1',
        session: { uid: 'u1', cookie: 'session-cookie-value', accountId: 'm' },
        exp: exp(),
      },
      60,
    )
    assert.deepEqual((await interaction.find('i-1'))?.session, { uid: 'u1', accountId: 'm' })
    const session = adapter('Session')
    await session.upsert(
      'session-cookie-value',
      { jti: 'session-cookie-value', uid: 'u9', accountId: 'm', exp: exp() },
      60,
    )
    assert.equal((await session.findByUid('u9'))?.accountId, 'm')
    assert.equal((await session.findByUid('u9'))?.jti, undefined)
  })

  it('treats expired rows as gone and sweeps them', async () => {
    const artifactStore = artifacts()
    await artifactStore.upsert('AccessToken', 'old', { exp: exp() }, 60)
    await store.db
      .updateTable('oauth_artifacts')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('model', '=', 'AccessToken')
      .execute()
    assert.equal(await artifactStore.find('AccessToken', 'old'), undefined)
    await artifactStore.purgeExpired()
    const left = await store.db
      .selectFrom('oauth_artifacts')
      .select('id')
      .where('model', '=', 'AccessToken')
      .execute()
    assert.equal(left.length, 0)
  })
})
