import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createProgress } from './progress.js'

function fakeStream(isTTY: boolean) {
  const written: string[] = []
  const stream = { isTTY, columns: 80, write: (text: string) => written.push(text) }
  return { written, stream: stream as unknown as NodeJS.WriteStream }
}

describe('progress', () => {
  it('redraws one line in place on a terminal', () => {
    const { written, stream } = fakeStream(true)
    let now = 1000
    const progress = createProgress({ json: false, stream, now: () => now, lines: true })
    progress.update('1 applied')
    now += 500
    progress.update('2 applied')
    progress.done('done')
    assert.deepEqual(written, ['\r\x1b[2K1 applied', '\r\x1b[2K2 applied', '\r\x1b[2K', 'done\n'])
  })

  it('writes plain lines when not a terminal, only changes, at most one per interval', () => {
    const { written, stream } = fakeStream(false)
    let now = 0
    const progress = createProgress({ json: false, stream, now: () => now, lines: true })
    progress.update('1 applied')
    progress.update('2 applied')
    now += 2000
    progress.update('2 applied')
    now += 2000
    progress.update('2 applied')
    progress.done()
    assert.deepEqual(written, ['1 applied\n', '2 applied\n'])
  })

  it('stays silent off a terminal unless lines are asked for, and always with --json', () => {
    for (const [isTTY, json, lines] of [
      [false, false, false],
      [true, true, true],
      [false, true, true],
    ] as const) {
      const { written, stream } = fakeStream(isTTY)
      const progress = createProgress({ json, stream, lines })
      progress.update('1 applied')
      progress.done()
      assert.deepEqual(written, [])
    }
  })
})
