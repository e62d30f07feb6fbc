import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// One row per fault run, written where `npm run chaos` (scripts/chaos.mjs) collects them into one table.

export interface FaultRow {
  /** Short id: the order in the table (1 … 5). */
  id: number;
  fault: string;
  load: string;
  acknowledged: number;
  stored: number;
  lost: number;
  doubled: number;
  /** Time from the fault (or its repair) to the system working again, in ms; what it means is in `recovery`. */
  recoveryMs: number;
  recovery: string;
  notes?: string;
}

/** Adds tallies (transcripts + webhooks) into the row's counts. */
export function sumTallies(
  ...tallies: { acknowledged: number; stored: number; lost: number; doubled: number }[]
) {
  const sum = (k: 'acknowledged' | 'stored' | 'lost' | 'doubled') => tallies.reduce((n, t) => n + t[k], 0);
  return {
    acknowledged: sum('acknowledged'),
    stored: sum('stored'),
    lost: sum('lost'),
    doubled: sum('doubled'),
  };
}

const reportDir = fileURLToPath(new URL('../../reports/chaos', import.meta.url));

export function recordFault(row: FaultRow): void {
  mkdirSync(reportDir, { recursive: true });
  writeFileSync(path.join(reportDir, `fault-${row.id}.json`), `${JSON.stringify(row, null, 2)}\n`);
  process.stderr.write(
    `[chaos] fault ${row.id} ${row.fault}: acknowledged ${row.acknowledged}, stored ${row.stored}, lost ${row.lost}, ` +
      `doubled ${row.doubled}, recovered in ${row.recoveryMs} ms (${row.recovery})${row.notes ? `; ${row.notes}` : ''}\n`,
  );
}
