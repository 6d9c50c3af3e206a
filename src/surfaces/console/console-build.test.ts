import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, it } from 'node:test'
import {
  type ConsolePaths,
  consoleBuildState,
  consoleInputsHash,
  consolePaths,
} from './console-build.js'

describe('whether the console build is missing, stale or fresh', () => {
  let root: string
  let paths: ConsolePaths
  const lock = (react: string) =>
    writeFileSync(
      path.join(root, 'package-lock.json'),
      JSON.stringify({ packages: { 'node_modules/react': { version: react } } }),
    )
  const stamp = () =>
    writeFileSync(paths.stamp, JSON.stringify({ inputsHash: consoleInputsHash(paths) }))

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'rollcall-build-'))
    paths = consolePaths(root)
    mkdirSync(path.join(paths.sources, 'pages'), { recursive: true })
    writeFileSync(path.join(paths.sources, 'main.tsx'), 'main')
    writeFileSync(path.join(paths.sources, 'pages', 'a.tsx'), 'a')
    lock('19.0.0')
  })
  afterEach(() => rmSync(root, { recursive: true, force: true }))

  it('is missing without dist/web/index.html', () => {
    assert.equal(consoleBuildState(paths), 'missing')
  })

  it('is stale without a stamp, fresh with one, and stale again when a source or a locked version changes', () => {
    mkdirSync(paths.dist, { recursive: true })
    writeFileSync(path.join(paths.dist, 'index.html'), '<html>')
    assert.equal(consoleBuildState(paths), 'stale')
    stamp()
    assert.equal(consoleBuildState(paths), 'fresh')
    writeFileSync(path.join(paths.sources, 'pages', 'a.tsx'), 'a changed')
    assert.equal(consoleBuildState(paths), 'stale')
    stamp()
    writeFileSync(path.join(paths.sources, 'pages', 'b.tsx'), 'new page')
    assert.equal(consoleBuildState(paths), 'stale')
    stamp()
    lock('19.1.0')
    assert.equal(consoleBuildState(paths), 'stale')
  })

  it('is fresh when the build ships without its sources', () => {
    mkdirSync(paths.dist, { recursive: true })
    writeFileSync(path.join(paths.dist, 'index.html'), '<html>')
    rmSync(paths.sources, { recursive: true })
    assert.equal(consoleBuildState(paths), 'fresh')
  })
})
