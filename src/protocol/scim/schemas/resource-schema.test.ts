import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { attribute } from './attribute.js'
import { type ResourceSchema, resolveAttribute, userResourceSchema } from './resource-schema.js'
import { URN } from './urns.js'

describe('resolveAttribute', () => {
  it('resolves core attributes without a URN, and with the core URN', () => {
    const plain = resolveAttribute(userResourceSchema, { name: 'USERNAME' })
    assert.equal(plain?.definition.name, 'userName')
    assert.equal(plain?.isExtension, false)
    const qualified = resolveAttribute(userResourceSchema, { uri: URN.user, name: 'userName' })
    assert.equal(qualified?.definition.name, 'userName')
  })

  // @see issue 2: Entra ID's tutorial sends `"path": "manager"` (Example 5), which PATCH ignored.
  it('resolves an extension attribute named without its URN when asked (RFC 7644 §3.10)', () => {
    const lenient = { unqualifiedExtensions: true }
    const manager = resolveAttribute(
      userResourceSchema,
      { name: 'manager', subAttr: 'value' },
      lenient,
    )
    assert.equal(manager?.schemaUri, URN.enterpriseUser)
    assert.equal(manager?.isExtension, true)
    assert.equal(manager?.definition.name, 'manager')
    assert.equal(manager?.subDefinition?.name, 'value')
    assert.equal(
      resolveAttribute(userResourceSchema, { name: 'employeeNumber' }, lenient)?.schemaUri,
      URN.enterpriseUser,
    )
    // Filters keep requiring the URN ("SHOULD fully qualify extended attributes").
    assert.equal(resolveAttribute(userResourceSchema, { name: 'employeeNumber' }), undefined)
  })

  it('keeps a core attribute over an extension one, and leaves ambiguous or unknown names unresolved', () => {
    const shadow = {
      id: 'urn:example:params:scim:schemas:extension:shadow:2.0:User',
      name: 'Shadow',
      description: 'Repeats names of the core schema and of the enterprise extension.',
      attributes: [
        attribute('userName', 'string', 'Shadows the core userName.'),
        attribute('manager', 'string', 'Shadows the enterprise manager.'),
      ],
    }
    const schema: ResourceSchema = {
      ...userResourceSchema,
      extensions: [...userResourceSchema.extensions, shadow],
    }
    const lenient = { unqualifiedExtensions: true }
    assert.equal(resolveAttribute(schema, { name: 'userName' }, lenient)?.isExtension, false)
    assert.equal(resolveAttribute(schema, { name: 'manager' }, lenient), undefined)
    assert.equal(
      resolveAttribute(schema, { uri: shadow.id, name: 'manager' })?.schemaUri,
      shadow.id,
    )
    assert.equal(resolveAttribute(userResourceSchema, { name: 'nonsense' }, lenient), undefined)
    // A URN that names no known schema resolves nothing, even if the name exists elsewhere.
    assert.equal(
      resolveAttribute(
        userResourceSchema,
        { uri: 'urn:example:unknown', name: 'manager' },
        lenient,
      ),
      undefined,
    )
  })
})
