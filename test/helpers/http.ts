import type { TestServer } from './server.js'

export type ApiReply = {
  status: number
  headers: Headers
  text: string
  body: any
}

/**
 * Calls the server's management API with a bearer token (the workspace's management token by
 * default); JSON in, JSON (when there is any) out.
 */
export function managementApi(server: TestServer, token = server.managementToken) {
  return async (method: string, path: string, body?: unknown): Promise<ApiReply> => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await response.text()
    const json = (response.headers.get('content-type') ?? '').includes('json') && text !== ''
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: json ? JSON.parse(text) : undefined,
    }
  }
}
