/**
 * A one-line progress display for long work on a terminal: redrawn in place on stderr, so
 * stdout stays clean; silent when stderr is not a terminal or with --json (scripts read the
 * result, not the progress). With `lines`, a stderr that is not a terminal (a log, CI) gets
 * plain lines instead, one when the text changes and at most one every `linesEveryMs`, so a long
 * wait still shows it is alive. Written here rather than pulled from cli-progress: one line of
 * text needs a carriage return, not a dependency.
 */
export type Progress = {
  update(text: string): void
  done(text?: string): void
}

export function createProgress(options: {
  json: boolean
  stream?: NodeJS.WriteStream
  now?: () => number
  lines?: boolean
  linesEveryMs?: number
}): Progress {
  const stream = options.stream ?? process.stderr
  if (options.json) return { update() {}, done() {} }
  if (stream.isTTY !== true)
    return options.lines
      ? plainLines(stream, options.now ?? Date.now, options.linesEveryMs)
      : silent
  return inPlace(stream, options.now ?? Date.now)
}

const silent: Progress = { update() {}, done() {} }

function inPlace(stream: NodeJS.WriteStream, now: () => number): Progress {
  let last = 0
  let shown = false
  const width = () => Math.max(20, (stream.columns ?? 80) - 1)
  return {
    update(text) {
      // At most ten redraws a second: a fast sync must not spend its time drawing.
      const at = now()
      if (at - last < 100) return
      last = at
      stream.write(`\r\x1b[2K${text.slice(0, width())}`)
      shown = true
    },
    done(text) {
      if (shown) stream.write('\r\x1b[2K')
      if (text) stream.write(`${text}\n`)
      shown = false
    },
  }
}

function plainLines(stream: NodeJS.WriteStream, now: () => number, everyMs = 2000): Progress {
  let last = Number.NEGATIVE_INFINITY
  let previous = ''
  return {
    update(text) {
      const at = now()
      if (text === previous || at - last < everyMs) return
      last = at
      previous = text
      stream.write(`${text}\n`)
    },
    done(text) {
      if (text) stream.write(`${text}\n`)
    },
  }
}
