export type Column = { readonly title: string; readonly align?: 'left' | 'right' }

/** A plain-text table: a header, a rule, and the rows, each column as wide as its widest cell. */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]) {
  const widths = columns.map((column, i) =>
    Math.max(column.title.length, ...rows.map((row) => (row[i] ?? '').length)),
  )
  const line = (cells: readonly string[]) =>
    columns
      .map((column, i) => {
        const cell = cells[i] ?? ''
        const width = widths[i] ?? 0
        return column.align === 'right' ? cell.padStart(width) : cell.padEnd(width)
      })
      .join('  ')
      .trimEnd()
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  return [line(columns.map((c) => c.title)), rule, ...rows.map(line)].join('\n')
}

export const formatNumber = (value: number | undefined, digits = 0): string =>
  value === undefined || Number.isNaN(value)
    ? '-'
    : value.toLocaleString('en-US', {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      })

export const formatMs = (value: number | undefined): string =>
  value === undefined || Number.isNaN(value)
    ? '-'
    : value < 10
      ? value.toFixed(2)
      : value.toFixed(1)

export const formatPercent = (value: number | undefined): string =>
  value === undefined ? '-' : `${Math.round(value)}%`

export const formatRatio = (value: number | undefined): string =>
  value === undefined ? '-' : `${value.toFixed(2)}x`
