import type { ReactNode } from 'react'

export type Column<T> = {
  readonly header: string
  readonly cell: (row: T) => ReactNode
  /** `num` right-aligns figures. */
  readonly kind?: 'num'
}

/**
 * A data table with a caption and column headers (scope=col), or the `empty` sentence when
 * there are no rows. Wide tables scroll inside their box instead of the page.
 */
export function Table<T>({
  caption,
  rows,
  columns,
  rowKey,
  empty,
  captionHidden = false,
}: {
  caption: string
  rows: readonly T[]
  columns: ReadonlyArray<Column<T>>
  rowKey: (row: T) => string
  empty: ReactNode
  captionHidden?: boolean
}) {
  if (rows.length === 0) return <p className="empty">{empty}</p>
  return (
    <div className="table-wrap">
      <table>
        <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col" className={column.kind}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.header} className={column.kind}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
