const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** A timestamp in the reader's locale; the exact UTC instant in `dateTime` and on hover. */
export function DateTime({ value, fallback = '—' }: { value: string | null; fallback?: string }) {
  if (!value) return <>{fallback}</>
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return <>{value}</>
  return (
    <time dateTime={value} title={value}>
      {dateTime.format(date)}
    </time>
  )
}

/** Whole numbers with the reader's grouping. */
export function formatCount(value: number): string {
  return new Intl.NumberFormat().format(value)
}

/** `deactivate_account` → `Deactivate account`. */
export function humanize(code: string): string {
  const words = code.replace(/[_.]+/g, ' ').trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** A figure per second, readable at any size: `0.8/s`, `1 per 75 s`. */
export function formatRate(perSecond: number): string {
  if (perSecond >= 1) return `${Number(perSecond.toFixed(2))}/s`
  if (perSecond <= 0) return 'paused'
  return `1 per ${Math.round(1 / perSecond)} s`
}

/** Milliseconds as the largest whole unit that fits: `1 min`, `24 h`. */
export function formatWindow(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`
  if (ms % 60_000 === 0) return `${ms / 60_000} min`
  return `${ms / 1000} s`
}
