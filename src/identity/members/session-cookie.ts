import type { FastifyReply } from 'fastify'

/** The console session cookie: HttpOnly, SameSite=Lax, and Secure when the hub is served on https. */
export type SessionCookie = {
  readonly name: string
  /** The session token in a `Cookie` header, if present. */
  read(header: string | undefined): string | undefined
  set(reply: FastifyReply, token: string, maxAgeSeconds: number): void
  clear(reply: FastifyReply): void
}

export function createSessionCookie(options: { secure: boolean }): SessionCookie {
  // RFC 6265bis §4.1.3.2: the __Host- prefix pins a Secure cookie to this host and path /.
  const name = options.secure ? '__Host-rollcall_session' : 'rollcall_session'
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Lax', ...(options.secure ? ['Secure'] : [])]
  return {
    name,
    read: (header) => readCookie(header, name),
    set(reply, token, maxAgeSeconds) {
      reply.header(
        'set-cookie',
        [`${name}=${token}`, `Max-Age=${maxAgeSeconds}`, ...attributes].join('; '),
      )
    },
    clear(reply) {
      reply.header('set-cookie', [`${name}=`, 'Max-Age=0', ...attributes].join('; '))
    },
  }
}

/** The value of cookie `name` in a `Cookie` header (RFC 6265 §5.4), or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const pair of header.split(';')) {
    const index = pair.indexOf('=')
    if (index > 0 && pair.slice(0, index).trim() === name) {
      const value = pair.slice(index + 1).trim()
      return value === '' ? undefined : value
    }
  }
  return undefined
}
