import type { NatsConnection } from '@nats-io/transport-node';
import { expect } from 'vitest';
import type { Tally } from './audit.js';
import { stopAndSettle } from './meeting-load.js';
import { type FaultRow, recordFault, sumTallies } from './report.js';
import type { System } from './system.js';
import type { WebhookLoad } from './webhook-load.js';

// The end every meeting-load fault shares: stop the load, let everything settle, record the row (with the
// transcript and webhook counts in its notes), and check that nothing acknowledged was lost or doubled.

export interface FaultEnd {
  system: System;
  nc: NatsConnection;
  ids: readonly string[];
  load: WebhookLoad;
  row: Omit<FaultRow, 'acknowledged' | 'stored' | 'lost' | 'doubled' | 'recoveryMs'>;
  /** Measured after settling (it may read the stored messages). */
  recoveryMs: () => Promise<number> | number;
}

export async function settleAndRecord(end: FaultEnd) {
  end.load.stop();
  const { transcripts, webhooks } = await stopAndSettle(end.system, end.nc, end.ids);
  const counts =
    `transcripts ${transcripts.stored}/${transcripts.acknowledged}, webhooks ${webhooks.stored}/${webhooks.acknowledged}, ` +
    `${webhooks.unavailable} webhook attempts answered 503 and were retried`;
  recordFault({
    ...end.row,
    ...sumTallies(transcripts, webhooks),
    recoveryMs: await end.recoveryMs(),
    notes: end.row.notes ? `${end.row.notes}; ${counts}` : counts,
  });
  return { transcripts, webhooks };
}

/** Nothing acknowledged lost, nothing stored twice. */
export function expectIntact(...tallies: Tally[]): void {
  for (const t of tallies) expect({ lost: t.lost, doubled: t.doubled }).toEqual({ lost: 0, doubled: 0 });
}

/** Runs `step` and returns how long it took, in ms. */
export async function timed(step: () => Promise<unknown>): Promise<number> {
  const started = Date.now();
  await step();
  return Date.now() - started;
}
