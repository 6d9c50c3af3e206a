import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'

/**
 * Encrypts secrets at rest (connector credentials) with AES-256-GCM from node:crypto: a fresh
 * 96-bit nonce per message, the tag checked on open. The stored form is
 * `v1.<nonce>.<ciphertext>.<tag>` in base64url, so the key can be rotated by version later.
 */
export interface SecretBox {
  seal(plaintext: string, associatedData?: string): string
  open(sealed: string, associatedData?: string): string
}

export function createSecretBox(secretKey: string): SecretBox {
  // The configured key may be any string of enough entropy; derive a fixed-size key from it.
  const key = createHash('sha256').update(`rollcall-secret-box:${secretKey}`).digest()
  return {
    seal(plaintext, associatedData = '') {
      const nonce = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, nonce)
      cipher.setAAD(Buffer.from(associatedData, 'utf8'))
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
      const parts = [nonce, body, cipher.getAuthTag()].map((b) => b.toString('base64url'))
      return `v1.${parts.join('.')}`
    },
    open(sealed, associatedData = '') {
      const [version, nonce, body, tag] = sealed.split('.')
      if (version !== 'v1' || nonce === undefined || body === undefined || tag === undefined) {
        throw new Error('secret-box: not a sealed value')
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'))
      decipher.setAAD(Buffer.from(associatedData, 'utf8'))
      decipher.setAuthTag(Buffer.from(tag, 'base64url'))
      const plain = Buffer.concat([
        decipher.update(Buffer.from(body, 'base64url')),
        decipher.final(),
      ])
      return plain.toString('utf8')
    },
  }
}
