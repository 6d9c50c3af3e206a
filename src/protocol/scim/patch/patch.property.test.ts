import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { cloneJson, isRecord, jsonEqual } from '../../../shared/json.js'
import { unwrap } from '../../../shared/result.js'
import { parsePatchPath } from '../filter/index.js'
import {
  type AttributeDefinition,
  attribute,
  groupResourceSchema,
  normalizeResource,
  type ResourceSchema,
  type SchemaDefinition,
  type ScimResource,
  userResourceSchema,
} from '../schemas/index.js'
import { applyPatch, type PatchOperation, parsePatchRequest } from './index.js'

const ID = 'resource-id'
const RUNS = { numRuns: 300 }

/** A custom extension for the types the standard schemas lack, and an immutable attribute. */
const acme: SchemaDefinition = {
  id: 'urn:example:params:scim:schemas:extension:acme:2.0:User',
  name: 'AcmeUser',
  description: 'Acme test extension',
  attributes: [
    attribute('level', 'integer', 'Seniority level.'),
    attribute('score', 'decimal', 'Performance score.'),
    attribute('hiredAt', 'dateTime', 'When the person was hired.'),
    attribute('badges', 'string', 'Badge names.', { multiValued: true }),
    attribute('badgeCode', 'string', 'Set once.', { mutability: 'immutable', caseExact: true }),
  ],
}
const userSchema: ResourceSchema = {
  ...userResourceSchema,
  extensions: [...userResourceSchema.extensions, acme],
}
const SCHEMAS: readonly [string, ResourceSchema][] = [
  ['User', userSchema],
  ['Group', groupResourceSchema],
]

/** Few distinct values, so that filters match, values collide and duplicates happen. */
const TEXT = ['a', 'A', 'b', 'work', 'home', 'u1', 'x@y.z', 'Work'] as const
const DATES = ['2024-01-01T00:00:00.000Z', '2025-06-30T12:00:00.000Z'] as const

function simpleValue(definition: AttributeDefinition): fc.Arbitrary<unknown> {
  switch (definition.type) {
    case 'boolean':
      return fc.oneof(fc.boolean(), fc.constantFrom('True', 'false'))
    case 'integer':
      return fc.integer({ min: -3, max: 3 })
    case 'decimal':
      return fc.constantFrom(0.5, 1, 2.25)
    case 'dateTime':
      return fc.constantFrom(...DATES)
    default:
      return fc.constantFrom(...TEXT)
  }
}

/** One value of an attribute (an element, for a multi-valued one). */
function singleValue(definition: AttributeDefinition): fc.Arbitrary<unknown> {
  if (definition.type !== 'complex') return simpleValue(definition)
  const subs = (definition.subAttributes ?? []).filter((sub) => sub.mutability !== 'readOnly')
  const entries = Object.fromEntries(subs.map((sub) => [sub.name, simpleValue(sub)]))
  return fc.record(entries, { requiredKeys: [] })
}

function attributeValue(definition: AttributeDefinition): fc.Arbitrary<unknown> {
  const single = singleValue(definition)
  return definition.multiValued ? fc.array(single, { maxLength: 3 }) : single
}

function writable(definitions: readonly AttributeDefinition[]): AttributeDefinition[] {
  return definitions.filter((d) => d.mutability === 'readWrite' || d.mutability === 'immutable')
}

/** Valid canonical resources: random attributes, run through normalizeResource. */
function resourceOf(schema: ResourceSchema): fc.Arbitrary<ScimResource> {
  const attributes = (definitions: readonly AttributeDefinition[], required: boolean) =>
    fc.record(Object.fromEntries(writable(definitions).map((d) => [d.name, attributeValue(d)])), {
      requiredKeys: required ? definitions.filter((d) => d.required).map((d) => d.name) : [],
    })
  const extensions = Object.fromEntries(
    schema.extensions.map((e) => [e.id, attributes(e.attributes, false)]),
  )
  return fc
    .tuple(attributes(schema.core.attributes, true), fc.record(extensions, { requiredKeys: [] }))
    .map(([core, extension]) => normalizeResource({ ...core, ...extension }, schema))
    .filter((result) => result.ok)
    .map((result) => unwrap(result))
}

/** Every kind of path the engine distinguishes, for the attributes of `schema`. */
function pathsOf(schema: ResourceSchema): string[] {
  const paths = ['id', 'meta.created', 'groups', 'favoriteColor', 'userName[value eq "a"]']
  const located = [
    ...schema.core.attributes.map((d) => ({ prefix: '', d })),
    ...schema.extensions.flatMap((e) => e.attributes.map((d) => ({ prefix: `${e.id}:`, d }))),
  ]
  paths.push(...schema.extensions.map((e) => e.id))
  // Unqualified extension names (`manager`), which Entra sends and the resolver accepts.
  paths.push(...schema.extensions.flatMap((e) => e.attributes.map((d) => d.name)))
  for (const { prefix, d } of located) {
    const name = `${prefix}${d.name}`
    const subs = (d.subAttributes ?? []).map((s) => s.name)
    paths.push(name, ...subs.map((s) => `${name}.${s}`))
    if (!d.multiValued) continue
    const first = subs[0] ?? 'value'
    const second = subs[2] ?? first
    const filters = [
      `${first} eq "a"`,
      `${second} eq "work"`,
      `${first} co "a"`,
      `${second} eq "home" and ${first} eq "b"`,
    ]
    for (const filter of filters) {
      paths.push(`${name}[${filter}]`, ...subs.map((s) => `${name}[${filter}].${s}`))
    }
  }
  return paths
}

/** Values of every attribute's shape, and some of the wrong shape. */
function anyValueOf(schema: ResourceSchema): fc.Arbitrary<unknown> {
  const definitions = [...schema.core.attributes, ...schema.extensions.flatMap((e) => e.attributes)]
  const typed = fc
    .constantFrom(...definitions)
    .chain((d) => fc.oneof(attributeValue(d), singleValue(d)))
  return fc.oneof(
    { weight: 4, arbitrary: typed },
    fc.constantFrom(null, 'x', 1, true, [], {}, [null], { value: 'u1' }),
  )
}

function operationOf(schema: ResourceSchema): fc.Arbitrary<PatchOperation> {
  const path = fc.constantFrom(...pathsOf(schema))
  const value = anyValueOf(schema)
  const op = fc.constantFrom('add' as const, 'replace' as const, 'remove' as const)
  const withPath = fc.record({ op, path, value: fc.option(value, { nil: undefined }) }).map(
    ({ op, path, value }): PatchOperation => ({
      op,
      path: unwrap(parsePatchPath(path)),
      ...(value !== undefined ? { value } : {}),
    }),
  )
  const pathless = fc
    .record({ op, value: fc.dictionary(path, value, { maxKeys: 3 }) })
    .map(({ op, value }): PatchOperation => ({ op, value }))
  return fc.oneof({ weight: 4, arbitrary: withPath }, pathless)
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}

function apply(
  resource: ScimResource,
  operations: readonly PatchOperation[],
  schema: ResourceSchema,
) {
  return applyPatch(resource, operations, schema, { id: ID })
}

/** Replace (or add) of every attribute with its own current value. */
function sameValueOperations(resource: ScimResource, op: 'add' | 'replace'): PatchOperation[] {
  return Object.entries(resource)
    .filter(([key]) => key !== 'schemas')
    .map(([key, value]) => ({ op, path: unwrap(parsePatchPath(key)), value: cloneJson(value) }))
}

/**
 * Values the resource holds, with the path to add them at: each attribute's value, each value
 * of a multi-valued attribute, each sub-attribute of a complex one.
 */
function existingValues(
  resource: ScimResource,
  schema: ResourceSchema,
): { path: string; value: unknown }[] {
  const containers: [string, Record<string, unknown>][] = [
    ['', resource],
    ...schema.extensions.flatMap((e): [string, Record<string, unknown>][] => {
      const data = resource[e.id]
      return isRecord(data) ? [[`${e.id}:`, data]] : []
    }),
  ]
  return containers.flatMap(([prefix, data]) =>
    Object.entries(data)
      .filter(([name]) => name !== 'schemas' && !name.includes(':'))
      .flatMap(([name, value]) => {
        const path = `${prefix}${name}`
        const parts = Array.isArray(value) ? value : isRecord(value) ? Object.entries(value) : []
        const inner = Array.isArray(value)
          ? parts.map((element) => ({ path, value: cloneJson(element) }))
          : (parts as [string, unknown][]).map(([sub, v]) => ({ path: `${path}.${sub}`, value: v }))
        return [{ path, value: cloneJson(value) }, ...inner]
      }),
  )
}

for (const [label, schema] of SCHEMAS) {
  const resource = resourceOf(schema)
  const operations = fc.array(operationOf(schema), { minLength: 1, maxLength: 4 })

  describe(`applyPatch properties (${label})`, () => {
    it('never throws and never mutates its input', () => {
      fc.assert(
        fc.property(resource, operations, (input, ops) => {
          const snapshot = cloneJson(input)
          apply(deepFreeze(input), deepFreeze(ops), schema)
          assert.deepEqual(input, snapshot)
        }),
        RUNS,
      )
    })

    it('returns resources that are canonical and keep their required attributes', () => {
      fc.assert(
        fc.property(resource, operations, (input, ops) => {
          const result = apply(input, ops, schema)
          if (!result.ok) return
          const renormalized = normalizeResource(result.value, schema)
          assert.ok(renormalized.ok, JSON.stringify(renormalized))
          assert.ok(jsonEqual(renormalized.value, result.value), JSON.stringify(result.value))
          for (const required of schema.core.attributes.filter((a) => a.required)) {
            assert.notEqual(result.value[required.name], undefined)
          }
        }),
        RUNS,
      )
    })

    it('changes nothing when every attribute is replaced or added with its own value', () => {
      fc.assert(
        fc.property(resource, fc.constantFrom('add' as const, 'replace' as const), (input, op) => {
          const { schemas: _schemas, ...attributes } = input
          const each = apply(input, sameValueOperations(input, op), schema)
          const pathless = apply(input, [{ op, value: cloneJson(attributes) }], schema)
          assert.ok(each.ok && jsonEqual(each.value, input), JSON.stringify(each))
          assert.ok(pathless.ok && jsonEqual(pathless.value, input), JSON.stringify(pathless))
        }),
        RUNS,
      )
    })

    it('adds a value the resource already holds without change', () => {
      const existing = resource.chain((input) => {
        const values = existingValues(input, schema)
        return fc.tuple(fc.constant(input), fc.constantFrom(...values))
      })
      fc.assert(
        fc.property(existing, ([input, { path, value }]) => {
          const operation: PatchOperation = { op: 'add', path: unwrap(parsePatchPath(path)), value }
          const result = apply(input, [operation], schema)
          assert.ok(result.ok && jsonEqual(result.value, input), JSON.stringify([path, result]))
        }),
        RUNS,
      )
    })

    it('makes an add without filter idempotent: twice is once', () => {
      const wholePath = operationOf(schema).filter(
        (op) => op.op === 'add' && op.path !== undefined && op.path.valueFilter === undefined,
      )
      fc.assert(
        fc.property(resource, wholePath, (input, op) => {
          const once = apply(input, [op], schema)
          if (!once.ok) return
          const twice = apply(once.value, [op], schema)
          assert.ok(twice.ok && jsonEqual(twice.value, once.value), JSON.stringify([once, twice]))
        }),
        RUNS,
      )
    })
  })
}

describe('parsePatchRequest properties', () => {
  const operation = fc.record(
    {
      op: fc.oneof(fc.constantFrom('add', 'Replace', 'REMOVE', 'move'), fc.anything()),
      path: fc.oneof(fc.constantFrom(...pathsOf(userSchema)), fc.string(), fc.anything()),
      value: fc.anything(),
    },
    { requiredKeys: [] },
  )
  const body = fc.oneof(
    fc.anything(),
    fc.record({ schemas: fc.anything(), Operations: fc.array(operation, { maxLength: 3 }) }),
  )

  it('never throws, and what it accepts applies without throwing', () => {
    fc.assert(
      fc.property(body, (input) => {
        const parsed = parsePatchRequest(input)
        if (!parsed.ok) return
        const input2 = { schemas: userSchema.core.id ? [userSchema.core.id] : [], userName: 'u' }
        const result = applyPatch(input2, parsed.value, userSchema, { id: ID })
        assert.ok(typeof result.ok === 'boolean' && (result.ok || isRecord(result.error)))
      }),
      { numRuns: 500 },
    )
  })
})
