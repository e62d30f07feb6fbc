import { readFileSync } from 'node:fs';
import path from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { waitFor } from '@rtms/testkit';
import { expect } from 'vitest';

/**
 * `npm start`'s nats-server runs with users: a client without a password is refused, and the read-only
 * transcript-reader (its password generated under the data folder) is refused a forged webhook.
 */
export async function expectServicesUseOwnUsers(url: string, dataDir: string): Promise<void> {
  await expect(connect({ servers: url, reconnect: false })).rejects.toThrow(/authori[sz]ation/i);
  const pass = readFileSync(path.join(dataDir, 'secrets', 'nats-transcript-reader'), 'utf8').trim();
  const reader = await connect({ servers: url, user: 'transcript-reader', pass });
  try {
    const refused = watchViolations(reader);
    reader.publish('zoom.webhook.meeting.started', '{}');
    await waitFor(() => refused.includes('zoom.webhook.meeting.started'), {
      timeoutMs: 5000,
      what: 'the forged webhook refused',
    });
  } finally {
    await reader.close();
  }
}

function watchViolations(nc: NatsConnection): string[] {
  const subjects: string[] = [];
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'error' && s.error.name === 'PermissionViolationError')
        subjects.push((s.error as Error & { subject: string }).subject);
    }
  })();
  return subjects;
}
