import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import Fastify, { type FastifyInstance } from 'fastify'
import { silentLogger } from '../../shared/logger.js'
import { webRoutes } from './web-routes.js'

async function serve(distDir: string): Promise<FastifyInstance> {
  const app = Fastify()
  await app.register(webRoutes, { distDir, buildState: () => 'fresh', log: silentLogger() })
  await app.ready()
  return app
}

describe('the console at /console', () => {
  let dir: string
  let app: FastifyInstance
  const INDEX = '<!doctype html><title>Rollcall</title><div id="root"></div>'

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rollcall-web-'))
    mkdirSync(path.join(dir, 'assets'))
    writeFileSync(path.join(dir, 'index.html'), INDEX)
    writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)')
    writeFileSync(path.join(dir, 'assets', 'index-abc123.css'), 'body{}')
    writeFileSync(path.join(dir, 'favicon.svg'), '<svg/>')
    writeFileSync(path.join(path.dirname(dir), 'secret.txt'), 'outside')
    app = await serve(dir)
  })
  after(async () => {
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('redirects / to /console', async () => {
    const reply = await app.inject('/')
    assert.equal(reply.statusCode, 302)
    assert.equal(reply.headers.location, '/console')
  })

  it('serves index.html for the app and for every route below it (SPA fallback), revalidated', async () => {
    for (const url of ['/console', '/console/', '/console/people/0193-abc', '/console/audit?x=1']) {
      const reply = await app.inject(url)
      assert.equal(reply.statusCode, 200, url)
      assert.equal(reply.body, INDEX)
      assert.equal(reply.headers['content-type'], 'text/html; charset=utf-8')
      assert.equal(reply.headers['cache-control'], 'no-cache')
      assert.match(String(reply.headers['content-security-policy']), /default-src 'self'/)
      assert.equal(reply.headers['x-content-type-options'], 'nosniff')
    }
  })

  it('serves hashed assets with their media types, cached for a year', async () => {
    const js = await app.inject('/console/assets/index-abc123.js')
    assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8')
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable')
    assert.equal(js.body, 'console.log(1)')
    const css = await app.inject('/console/assets/index-abc123.css')
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8')
    const svg = await app.inject('/console/favicon.svg')
    assert.equal(svg.headers['content-type'], 'image/svg+xml')
  })

  it('answers a missing asset with 404, never with the app', async () => {
    const reply = await app.inject('/console/assets/index-gone.js')
    assert.equal(reply.statusCode, 404)
    assert.doesNotMatch(reply.body, /<div id="root">/)
  })

  it('answers 304 when the browser already has the file', async () => {
    const first = await app.inject('/console/assets/index-abc123.js')
    const again = await app.inject({
      url: '/console/assets/index-abc123.js',
      headers: { 'if-none-match': String(first.headers.etag) },
    })
    assert.equal(again.statusCode, 304)
    assert.equal(again.body, '')
  })

  it('never serves a file outside the build, however the path is spelled', async () => {
    for (const url of [
      '/console/../secret.txt',
      '/console/%2e%2e/secret.txt',
      '/console/assets/..%2f..%2fsecret.txt',
      '/console/..%5csecret.txt',
      '/console/%00index.html',
    ]) {
      const reply = await app.inject(url)
      assert.doesNotMatch(reply.body, /outside/, url)
    }
  })
})

describe('the console without a build', () => {
  it('answers 503 with a page that says to run npm run build, and the server keeps running', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'rollcall-web-empty-'))
    const app = await serve(path.join(empty, 'missing'))
    try {
      for (const url of ['/console', '/console/people']) {
        const reply = await app.inject(url)
        assert.equal(reply.statusCode, 503)
        assert.match(String(reply.headers['content-type']), /^text\/html/)
        assert.match(reply.body, /npm run build/)
        assert.equal(reply.headers['cache-control'], 'no-store')
      }
      assert.equal((await app.inject('/console/assets/index.js')).statusCode, 404)
    } finally {
      await app.close()
      rmSync(empty, { recursive: true, force: true })
    }
  })
})
