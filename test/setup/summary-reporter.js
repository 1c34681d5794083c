/**
 * Prints one plain closing line, "tests: N passed, N failed[, N skipped]", so CI logs state the
 * count in a form any reader (or script) can parse, whatever Jest's own summary looks like.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const tail = skipped > 0 ? `, ${skipped} skipped` : "";
    process.stdout.write(
      `\ntests: ${results.numPassedTests} passed, ${results.numFailedTests + results.numRuntimeErrorTestSuites} failed${tail}\n`,
    );
  }
}
module.exports = SummaryReporter;
