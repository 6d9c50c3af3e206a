/**
 * A one-line progress display for long work on a terminal: redrawn in place on stderr, so
 * stdout stays clean; silent when stderr is not a terminal or with --json (scripts read the
 * result, not the progress). Written here rather than pulled from cli-progress: one line of
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
}): Progress {
  const stream = options.stream ?? process.stderr
  const enabled = !options.json && stream.isTTY === true
  const now = options.now ?? Date.now
  let last = 0
  let shown = false
  const width = () => Math.max(20, (stream.columns ?? 80) - 1)
  return {
    update(text) {
      if (!enabled) return
      // At most ten redraws a second: a fast sync must not spend its time drawing.
      const at = now()
      if (at - last < 100) return
      last = at
      stream.write(`\r\x1b[2K${text.slice(0, width())}`)
      shown = true
    },
    done(text) {
      if (!enabled) return
      if (shown) stream.write('\r\x1b[2K')
      if (text) stream.write(`${text}\n`)
      shown = false
    },
  }
}
