import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseFilter, printFilter } from '../../../protocol/scim/filter/index.js'
import { parsePatchRequest } from '../../../protocol/scim/patch/index.js'
import { userResourceSchema } from '../../../protocol/scim/schemas/index.js'
import { unwrap } from '../../../shared/result.js'
import {
  filterParameter,
  lookupFilter,
  patchBody,
  putBody,
  replaceOperations,
  userChanges,
} from './scim-requests.js'

const current = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName: 'ada@acme.test',
  name: { givenName: 'Ada', familyName: 'Lovelace' },
  emails: [{ value: 'ada@acme.test', type: 'work', primary: true, display: 'Ada' }],
  active: true,
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'R&D' },
}

describe('SCIM request builders', () => {
  it('prints lookups with the shared filter printer, quoting whatever the value holds', () => {
    const filter = lookupFilter({ userName: 'o"brien@acme.test' })
    assert.ok(filter)
    const text = filterParameter(filter)
    assert.equal(text, 'userName eq "o\\"brien@acme.test"')
    assert.deepEqual(unwrap(parseFilter(text)), filter)
    const both = lookupFilter({ externalId: 'e1', email: 'a@b.test' })
    assert.equal(both && printFilter(both), 'externalId eq "e1" and emails.value eq "a@b.test"')
    assert.equal(lookupFilter({}), undefined)
  })

  it('changes only what differs, sub-attribute by sub-attribute', () => {
    const changes = unwrap(
      userChanges(current, {
        name: { givenName: 'Augusta', familyName: 'Lovelace' },
        emails: [{ value: 'ada@acme.test', type: 'work', primary: true }],
        active: true,
        attributes: {
          title: 'Countess',
          'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'R&D' },
        },
      }),
    )
    assert.deepEqual(
      changes.map((c) => [c.path.attrPath, c.value]),
      [
        [{ name: 'title' }, 'Countess'],
        [{ name: 'name', subAttr: 'givenName' }, 'Augusta'],
      ],
    )
    assert.deepEqual(unwrap(userChanges(current, { active: true, name: { givenName: 'Ada' } })), [])
    assert.equal(userChanges(current, { attributes: { name: 'not an object' } }).ok, false)
  })

  it('speaks each PATCH dialect, and every body parses with the shared PATCH parser', () => {
    const operations = replaceOperations([
      { path: { attrPath: { name: 'name', subAttr: 'givenName' } }, value: 'A' },
      { path: { attrPath: { name: 'active' } }, value: false },
      {
        path: {
          attrPath: {
            uri: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
            name: 'department',
          },
        },
        value: 'Ops',
      },
    ])
    const rfc = patchBody(operations, { patchOpCase: 'lowercase', patchStyle: 'path' })
    assert.deepEqual(rfc.Operations, [
      { op: 'replace', path: 'name.givenName', value: 'A' },
      { op: 'replace', path: 'active', value: false },
      {
        op: 'replace',
        path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
        value: 'Ops',
      },
    ])
    const sana = patchBody(operations, { patchOpCase: 'capitalized', patchStyle: 'value' })
    assert.deepEqual(sana.Operations, [
      {
        op: 'Replace',
        value: {
          name: { givenName: 'A' },
          active: false,
          'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Ops' },
        },
      },
    ])
    for (const body of [rfc, sana]) assert.equal(parsePatchRequest(body).ok, true)
  })

  it('falls back to paths for operations a path-less replace cannot say', () => {
    const remove = {
      op: 'remove' as const,
      path: {
        attrPath: { name: 'members' },
        valueFilter: {
          kind: 'compare' as const,
          path: { name: 'value' },
          op: 'eq' as const,
          value: 'u1',
        },
      },
    }
    const body = patchBody([remove], { patchOpCase: 'capitalized', patchStyle: 'value' })
    assert.deepEqual(body.Operations, [{ op: 'Remove', path: 'members[value eq "u1"]' }])
  })

  it('builds a PUT body by applying the operations with the PATCH engine', () => {
    const operations = replaceOperations([{ path: { attrPath: { name: 'active' } }, value: false }])
    const body = unwrap(putBody('u-1', current, operations, userResourceSchema))
    assert.equal(body.id, 'u-1')
    assert.equal(body.active, false)
    assert.deepEqual(body.name, current.name)
  })
})
