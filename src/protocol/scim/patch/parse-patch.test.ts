import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { unwrap } from '../../../shared/result.js'
import { URN } from '../schemas/index.js'
import { MAX_PATCH_OPERATIONS, parsePatchRequest } from './index.js'
import { assertScimError } from './patch-fixtures.js'

const PATCH_OP = URN.patchOp

function parseError(body: unknown) {
  const result = parsePatchRequest(body)
  if (result.ok) assert.fail(`expected a failure, got ${JSON.stringify(result.value)}`)
  return result.error
}

describe('parsePatchRequest: the message', () => {
  it('parses an Okta deactivation exactly as sent', () => {
    const body = {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: false } }],
    }
    assert.deepEqual(unwrap(parsePatchRequest(body)), [{ op: 'replace', value: { active: false } }])
  })

  it('accepts a message without schemas (some clients omit it)', () => {
    const body = { Operations: [{ op: 'replace', value: { id: 'g1', displayName: 'Renamed' } }] }
    assert.equal(unwrap(parsePatchRequest(body)).length, 1)
  })

  it('matches the PatchOp URN and the Operations key ignoring case', () => {
    const body = {
      SCHEMAS: [PATCH_OP.toUpperCase()],
      operations: [{ op: 'remove', path: 'title' }],
    }
    assert.deepEqual(unwrap(parsePatchRequest(body)), [
      { op: 'remove', path: { attrPath: { name: 'title' } } },
    ])
  })

  it('ignores extra keys on the message and on operations (Entra)', () => {
    const body = {
      id: 'g1',
      schemas: [PATCH_OP],
      Operations: [{ name: 'addMember', op: 'add', path: 'members', value: [{ value: 'u4' }] }],
    }
    assert.deepEqual(unwrap(parsePatchRequest(body)), [
      { op: 'add', path: { attrPath: { name: 'members' } }, value: [{ value: 'u4' }] },
    ])
  })

  it('refuses a body that is not an object', () => {
    for (const body of [null, 'replace', [], 42]) {
      assertScimError(parseError(body), 400, 'invalidSyntax')
    }
  })

  it('refuses a schemas list without the PatchOp URN', () => {
    const error = parseError({ schemas: [URN.user], Operations: [{ op: 'remove', path: 'x' }] })
    assertScimError(error, 400, 'invalidSyntax')
    assertScimError(parseError({ schemas: PATCH_OP, Operations: [] }), 400, 'invalidSyntax')
  })

  it('refuses missing, empty or non-array Operations', () => {
    for (const operations of [undefined, [], {}, 'add']) {
      assertScimError(
        parseError({ schemas: [PATCH_OP], Operations: operations }),
        400,
        'invalidSyntax',
      )
    }
  })

  it(`refuses more than ${MAX_PATCH_OPERATIONS} operations with 413`, () => {
    const one = { op: 'replace', path: 'active', value: true }
    const ok = parsePatchRequest({ Operations: Array(MAX_PATCH_OPERATIONS).fill(one) })
    assert.equal(ok.ok, true)
    const error = parseError({ Operations: Array(MAX_PATCH_OPERATIONS + 1).fill(one) })
    assertScimError(error, 413, undefined)
  })
})

describe('parsePatchRequest: operations', () => {
  const parseOne = (operation: unknown) =>
    parsePatchRequest({ schemas: [PATCH_OP], Operations: [operation] })
  const errorOf = (operation: unknown) =>
    parseError({ schemas: [PATCH_OP], Operations: [operation] })

  it('reads op ignoring case (Entra sends Replace, Add, Remove)', () => {
    const ops = ['Replace', 'ADD', 'Remove'].map(
      (op) => unwrap(parseOne({ op, path: 'displayName', value: 'x' }))[0]?.op,
    )
    assert.deepEqual(ops, ['replace', 'add', 'remove'])
  })

  it('parses value paths with a sub-attribute', () => {
    const [operation] = unwrap(
      parseOne({ op: 'Add', path: 'emails[type eq "work"].value', value: 'x@y.z' }),
    )
    assert.deepEqual(operation?.path, {
      attrPath: { name: 'emails' },
      valueFilter: {
        kind: 'compare',
        path: { name: 'type' },
        op: 'eq',
        value: 'work',
      },
      subAttr: 'value',
    })
  })

  it('keeps a null value and treats a null path as absent', () => {
    assert.deepEqual(unwrap(parseOne({ op: 'replace', path: 'title', value: null })), [
      { op: 'replace', path: { attrPath: { name: 'title' } }, value: null },
    ])
    assert.deepEqual(unwrap(parseOne({ op: 'add', path: null, value: { title: 'x' } })), [
      { op: 'add', value: { title: 'x' } },
    ])
  })

  it('refuses an operation that is not an object', () => {
    assertScimError(errorOf('add'), 400, 'invalidSyntax')
  })

  it('refuses an unknown or missing op', () => {
    assertScimError(errorOf({ op: 'move', path: 'title', value: 'x' }), 400, 'invalidSyntax')
    assertScimError(errorOf({ op: 7, path: 'title', value: 'x' }), 400, 'invalidSyntax')
    assertScimError(errorOf({ path: 'title', value: 'x' }), 400, 'invalidSyntax')
  })

  it('refuses add and replace without a value', () => {
    assertScimError(errorOf({ op: 'add', path: 'title' }), 400, 'invalidSyntax')
    assertScimError(errorOf({ op: 'Replace', path: 'title' }), 400, 'invalidSyntax')
  })

  it('refuses malformed and non-string paths with invalidPath', () => {
    for (const path of ['emails[type eq "work"', 'name..givenName', '', 'emails[type eq]', 42]) {
      assertScimError(errorOf({ op: 'remove', path }), 400, 'invalidPath')
    }
  })

  it('answers noTarget for a remove without a path (RFC 7644 §3.5.2.2)', () => {
    assertScimError(errorOf({ op: 'remove' }), 400, 'noTarget')
    assertScimError(errorOf({ op: 'Remove', value: 'u1' }), 400, 'noTarget')
  })

  it('accepts a path-less remove whose value names attributes', () => {
    const operations = unwrap(parseOne({ op: 'remove', value: { members: [{ value: 'u1' }] } }))
    assert.deepEqual(operations, [{ op: 'remove', value: { members: [{ value: 'u1' }] } }])
  })

  it('names the failing operation in the detail', () => {
    const error = parseError({
      Operations: [
        { op: 'replace', path: 'active', value: false },
        { op: 'replace', path: 'emails[type eq', value: 'x' },
      ],
    })
    assertScimError(error, 400, 'invalidPath')
    assert.match(error.detail, /^Operations\[1\]: /)
  })
})
