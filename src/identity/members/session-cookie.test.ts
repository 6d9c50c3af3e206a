import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createSessionCookie, readCookie } from './session-cookie.js'

describe('session cookie', () => {
  const capture = () => {
    const headers: string[] = []
    return {
      headers,
      reply: { header: (_: string, value: string) => headers.push(value) } as never,
    }
  }

  it('is HttpOnly and SameSite=Lax, and Secure with the __Host- prefix on https', () => {
    const plain = capture()
    createSessionCookie({ secure: false }).set(plain.reply, 'rc_sess_abc', 60)
    assert.equal(
      plain.headers[0],
      'rollcall_session=rc_sess_abc; Max-Age=60; Path=/; HttpOnly; SameSite=Lax',
    )
    const secure = capture()
    createSessionCookie({ secure: true }).set(secure.reply, 'rc_sess_abc', 60)
    assert.equal(
      secure.headers[0],
      '__Host-rollcall_session=rc_sess_abc; Max-Age=60; Path=/; HttpOnly; SameSite=Lax; Secure',
    )
  })

  it('reads one cookie out of a Cookie header', () => {
    const header = 'a=1; rollcall_session=rc_sess_x; rollcall_session_other=2'
    assert.equal(readCookie(header, 'rollcall_session'), 'rc_sess_x')
    assert.equal(readCookie(header, 'missing'), undefined)
    assert.equal(readCookie('rollcall_session=', 'rollcall_session'), undefined)
    assert.equal(readCookie(undefined, 'rollcall_session'), undefined)
  })
})
