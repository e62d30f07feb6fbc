import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Folders of the workspace packages (packages/*, services/*, e2e, examples). */
export function workspaceDirs(root) {
  const dirs = [];
  for (const group of ['packages', 'services']) {
    const dir = path.join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) dirs.push(`${group}/${name}`);
  }
  dirs.push('e2e', 'examples');
  return dirs.filter((d) => existsSync(path.join(root, d, 'package.json')));
}

/** Adds up the vitest JSON reports (reports/unit.json, reports/integration.json) of every workspace package. */
export function readReports(root) {
  const totals = { passed: 0, failed: 0, skipped: 0, rows: [] };
  for (const dir of workspaceDirs(root)) {
    for (const kind of ['unit', 'integration']) {
      const file = path.join(root, dir, 'reports', `${kind}.json`);
      if (!existsSync(file)) continue;
      const report = JSON.parse(readFileSync(file, 'utf8'));
      const passed = report.numPassedTests ?? 0;
      // A file that fails to load has no failed test but a failed suite: count it once.
      const failedTests = report.numFailedTests ?? 0;
      const failed = failedTests > 0 ? failedTests : (report.numFailedTestSuites ?? 0);
      const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
      totals.passed += passed;
      totals.failed += failed;
      totals.skipped += skipped;
      if (passed + failed + skipped > 0) {
        totals.rows.push(
          `${dir.padEnd(34)} ${kind.padEnd(12)} ${passed} passed, ${failed} failed, ${skipped} skipped`,
        );
      }
    }
  }
  return totals;
}
