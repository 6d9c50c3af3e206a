// A test-runner reporter that prints one plain last line, `N passed, N failed`, which CI reads.
export default async function* summaryReporter(source) {
  let passed = 0
  let failed = 0
  let skipped = 0
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue
    // Count tests, not the suites that group them.
    if (event.data.details?.type === 'suite') continue
    if (event.type === 'test:fail') failed++
    else if (event.data.skip || event.data.todo) skipped++
    else passed++
  }
  yield `\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`
}
