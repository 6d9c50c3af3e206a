import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createTestIdp } from '../../../test/helpers/saml-idp.js'
import { makeKeyPair } from '../../../test/helpers/saml-keys.js'
import { parseIdpMetadata } from './idp-config.js'
import { safeReturnPath } from './relay-state.js'

describe('IdP metadata import', () => {
  const keys = [makeKeyPair('one'), makeKeyPair('two')]
  const metadata = createTestIdp({
    entityId: 'https://idp.example.test/saml',
    baseUrl: 'https://idp.example.test',
    signingKeys: keys,
  }).metadata()

  it('reads the entity ID, the HTTP-Redirect endpoints and every signing certificate', () => {
    const parsed = parseIdpMetadata(metadata)
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error)
    assert.equal(parsed.value.entityId, 'https://idp.example.test/saml')
    assert.equal(parsed.value.ssoUrl, 'https://idp.example.test/sso')
    assert.equal(parsed.value.ssoBinding, 'redirect')
    assert.equal(parsed.value.sloUrl, 'https://idp.example.test/slo')
    assert.deepEqual(
      parsed.value.certificates,
      keys.map((k) => k.cert.trim()),
    )
  })

  it('refuses DTDs, documents without an IdP, and bad endpoints', () => {
    const cases = {
      dtd: `<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>${metadata}`,
      notXml: 'not xml at all <',
      noIdp: '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>',
      javascriptUrl: metadata.replaceAll('https://idp.example.test/sso', 'javascript:alert(1)'),
    }
    for (const [name, xml] of Object.entries(cases)) {
      assert.equal(parseIdpMetadata(xml).ok, false, name)
    }
  })
})

describe('RelayState', () => {
  it('follows our own paths only', () => {
    assert.equal(safeReturnPath('/apps?tab=1'), '/apps?tab=1')
    for (const target of [
      '//evil.example',
      '/\\evil.example',
      'https://evil.example/',
      'javascript:x',
      '/a b',
      '',
      undefined,
    ]) {
      assert.equal(safeReturnPath(target), undefined, String(target))
    }
  })
})
