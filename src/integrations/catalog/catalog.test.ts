import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { z } from 'zod'
import {
  type CatalogEntry,
  catalogEntrySchema,
  getCatalogEntry,
  listCatalog,
  SEED_CATALOG_IDS,
} from './index.js'

function entry(id: string): CatalogEntry {
  const found = getCatalogEntry(id)
  assert.ok(found, `no catalog entry ${id}`)
  return found
}

describe('catalog', () => {
  it('validates every entry against the CatalogEntry schema', () => {
    for (const app of listCatalog()) {
      const parsed = catalogEntrySchema.safeParse(app)
      assert.ok(parsed.success, `${app.id}: ${parsed.success ? '' : z.prettifyError(parsed.error)}`)
    }
  })

  it('has unique ids, the seed ids, and at least 15 other real apps', () => {
    const ids = listCatalog().map((app) => app.id)
    assert.equal(new Set(ids).size, ids.length)
    for (const id of SEED_CATALOG_IDS) assert.ok(ids.includes(id), id)
    assert.ok(ids.length >= 21, `${ids.length} entries`)
    const others = ids.filter((id) => !(SEED_CATALOG_IDS as readonly string[]).includes(id))
    assert.ok(others.length >= 15, `${others.length} non-seed entries`)
  })

  it('cites sources: seed guides for seed apps, https documentation for the rest', () => {
    for (const app of listCatalog()) {
      const isSeedOnly = ['sana-labs', 'samepage', 'stensul', 'workspace-platform'].includes(app.id)
      const urls = app.sources.filter((source) => source.startsWith('https://'))
      assert.ok(isSeedOnly || urls.length > 0, `${app.id} cites no documentation URL`)
    }
  })

  it('starts every documented bucket from one of the published limits', () => {
    for (const app of listCatalog()) {
      const { hint, published } = app.rateLimits
      if (!hint.documented) continue
      const match = published.some(
        (l) => l.requests === hint.requests && l.windowMs === hint.windowMs,
      )
      assert.ok(
        match,
        `${app.id}: hint ${hint.requests}/${hint.windowMs} ms is not a published limit`,
      )
    }
  })

  it('gives every SCIM app a profile and every app without an API the manual connector', () => {
    for (const app of listCatalog()) {
      if (!app.hasUserApi) assert.equal(app.integration.connector, 'manual', app.id)
      if (app.integration.connector === 'scim') assert.equal(app.scim.available, true, app.id)
    }
  })

  it('rejects entries that break the rules', () => {
    const sana = structuredClone(entry('sana-labs'))
    const broken: Array<[string, unknown]> = [
      ['no SCIM but a SCIM connector', { ...sana, scim: { available: false } }],
      [
        'a guessed hint',
        {
          ...sana,
          rateLimits: {
            ...sana.rateLimits,
            hint: { documented: true, requests: 10, windowMs: 1000 },
          },
        },
      ],
      ['an insecure source', { ...sana, sources: ['http://example.com/docs'] }],
      ['an unknown key', { ...sana, guess: 'fast' }],
      ['a non-kebab id', { ...sana, id: 'Sana Labs' }],
      ['no API yet operations', { ...sana, hasUserApi: false }],
    ]
    for (const [why, candidate] of broken) {
      assert.equal(catalogEntrySchema.safeParse(candidate).success, false, why)
    }
    assert.equal(catalogEntrySchema.safeParse(sana).success, true)
  })

  it('answers undefined for an unknown id and hands out frozen entries', () => {
    assert.equal(getCatalogEntry('no-such-app'), undefined)
    const sana = entry('sana-labs')
    assert.ok(Object.isFrozen(sana) && Object.isFrozen(sana.rateLimits.published))
    assert.throws(() => {
      ;(sana as { name: string }).name = 'changed'
    })
  })
})

describe('catalog: the seed apps', () => {
  it('sana-labs: SCIM on Enterprise, tenant URL and bearer, offset paging of unknown size, PATCH Replace active false', () => {
    const sana = entry('sana-labs')
    assert.ok(sana.scim.available && sana.scim.version === '2.0')
    assert.deepEqual(sana.scim.planRequired, { documented: true, value: 'Enterprise' })
    assert.equal(sana.baseUrl.kind, 'tenant')
    assert.equal(sana.auth.method, 'bearer')
    assert.equal(sana.pagination.method, 'offset')
    assert.equal(sana.pagination.defaultPageSize.documented, false)
    assert.equal(sana.pagination.maxPageSize.documented, false)
    assert.equal(sana.rateLimits.hint.documented, false)
    assert.equal(sana.deactivation.method, 'patch_active_false')
    assert.equal(sana.deactivation.semantics, 'unknown')
    assert.ok(sana.integration.connector === 'scim')
    assert.equal(sana.integration.profile.patchOpCase, 'capitalized')
    assert.equal(sana.webhooks.documented, false)
  })

  it('samepage: no API, SAML only, manual tasks', () => {
    const samepage = entry('samepage')
    assert.equal(samepage.hasUserApi, false)
    assert.equal(samepage.scim.available, false)
    assert.deepEqual(samepage.operations, [])
    assert.equal(samepage.integration.connector, 'manual')
    assert.equal(samepage.deactivation.method, 'manual')
    assert.ok(samepage.watchOutFor.some((note) => note.includes('residual access')))
  })

  it('stensul: SCIM behind OAuth client credentials and an IP allowlist, soft delete hidden from GET, read-only role groups, Libraries', () => {
    const stensul = entry('stensul')
    assert.equal(stensul.auth.method, 'oauth2_client_credentials')
    assert.match(stensul.auth.notes ?? '', /allowlist/)
    assert.equal(stensul.deletion.semantics, 'soft')
    assert.deepEqual(
      stensul.deletion.visibleAfterDelete.documented && stensul.deletion.visibleAfterDelete.value,
      false,
    )
    assert.equal(stensul.groups.readOnly, true)
    assert.match(stensul.groups.meaning ?? '', /roles/)
    assert.ok(!stensul.operations.includes('manage_groups'))
    assert.ok(stensul.scim.available && stensul.scim.extraResources?.includes('Libraries'))
    assert.equal(stensul.integration.connector, 'scim')
  })

  it('okta: the Users API with Link paging and X-Rate-Limit headers', () => {
    const okta = entry('okta')
    assert.equal(okta.integration.connector, 'okta')
    assert.equal(okta.pagination.method, 'link')
    assert.ok(
      okta.rateLimits.headers.documented && okta.rateLimits.headers.value.includes('x_rate_limit'),
    )
    assert.equal(okta.auth.prefix, 'SSWS ')
  })

  it('workspace-platform and scim-generic: SCIM 2.0 with groups and memberships', () => {
    for (const id of ['workspace-platform', 'scim-generic']) {
      const app = entry(id)
      assert.equal(app.integration.connector, 'scim', id)
      assert.ok(app.operations.includes('manage_memberships'), id)
      assert.deepEqual(app.pagination.pointer, {
        documented: true,
        value: 'startIndex / count (RFC 7644 §3.4.2.4)',
      })
    }
  })
})
