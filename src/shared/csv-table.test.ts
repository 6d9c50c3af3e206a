import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { readCsvTable } from './csv-table.js'
import { unwrap } from './result.js'

describe('readCsvTable', () => {
  it('reads quoted fields, a BOM and CRLF, and reports short rows by line', () => {
    const text =
      '\uFEFFname,email\r\n"Lee, Ann",ann@x.io\r\n\r\nonly-one\r\n"multi\nline",m@x.io\r\n'
    const { table, problems } = unwrap(readCsvTable(text))
    assert.deepEqual(table.headers, ['name', 'email'])
    assert.deepEqual(
      table.rows.map((r) => [r.line, r.cells.name]),
      [
        [2, 'Lee, Ann'],
        [6, 'multi\nline'],
      ],
    )
    assert.deepEqual(problems, [{ line: 4, message: '1 cells, the header has 2' }])
  })

  it('an unclosed quote, an empty file and duplicate headers are errors of the file', () => {
    assert.equal(readCsvTable('a,b\n1,"2\n').ok, false)
    assert.equal(readCsvTable('').ok, false)
    const duplicate = readCsvTable('a,a\n1,2\n')
    assert.match(duplicate.ok ? '' : duplicate.error.message, /header "a" appears twice/)
  })
})
