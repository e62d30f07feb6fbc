import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ZoomWebhookHeaders } from '@rtms/contracts';
import { waitFor } from '@rtms/testkit';
import { webhookSignature } from '@rtms/zoom-protocol';
import { SIM_DEFAULT_CREDENTIALS, startZoomSimulator } from '@rtms/zoom-sim';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createWebhookVerifier } from '../src/signature.js';

// The deliberate pair (docs/architecture.md, "Zoom's webhook format"): the signer the simulator uses
// (webhookSignature in @rtms/zoom-protocol) and the gateway's own verifier (src/signature.ts) are written
// independently, so a mistake in one is not copied into the other. They are run against fixed vectors and
// against each other. The vectors follow docs/rtms-protocol.md §1.3 ("v0=" + hex(HMAC-SHA256(secret,
// "v0:" + timestamp + ":" + raw body))) and were computed outside this codebase, with Python's hmac module.

interface Vector {
  what: string;
  secret: string;
  timestamp: string;
  body: Buffer;
  signature: string;
}

const VECTORS: Vector[] = [
  {
    what: 'meeting.rtms_started',
    secret: 'whsecret',
    timestamp: '1739923528',
    body: Buffer.from(
      '{"event":"meeting.rtms_started","event_ts":1626230691572,"payload":{"meeting_uuid":"4444AAAiAAAAAiAiAiiAii==","operator_id":"30R7kT7bTIKSNUFEuH_Qlg","rtms_stream_id":"609340fb2a7946909659956c8aa9250c","server_urls":"wss://127.0.0.1:443"}}',
    ),
    signature: 'v0=512600e70edf84965ebf961439499047fe7505eac2fc6b8a7c2378b8f8f74506',
  },
  {
    what: 'endpoint.url_validation under the simulator secret',
    secret: 'sim-webhook-secret-token',
    timestamp: '1700000000',
    body: Buffer.from(
      '{"event":"endpoint.url_validation","event_ts":1700000000000,"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"}}',
    ),
    signature: 'v0=9ccb7a656db3cfa0bfacf87ba035ea7e32d68c6a5972bf8432026c117bf58f1c',
  },
  {
    what: 'non-ASCII secret and body (UTF-8 bytes)',
    secret: 'sécret ☕',
    timestamp: '1',
    body: Buffer.from(
      '{"event":"meeting.started","event_ts":1000,"payload":{"object":{"id":1,"uuid":"a/b+c==","topic":"Réunion ☕"}}}',
    ),
    signature: 'v0=0657a16fccafab5163ff177eaea2f3e3f2a0652790d91613dfdfccf8896a5e07',
  },
  {
    what: 'empty body',
    secret: 'whsecret',
    timestamp: '1739923528',
    body: Buffer.alloc(0),
    signature: 'v0=b448fe4e9de6eb9206083ed93cfdfa4e1a940759e5e735c82419734bc9f3c762',
  },
  {
    what: 'invalid UTF-8 byte in the body',
    secret: 'whsecret',
    timestamp: '1739923528',
    body: Buffer.from([0x7b, 0x22, 0x78, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]),
    signature: 'v0=c8dea9d71505b58802fa537bb50ebfbe52f96897011bc8cc7957ac77dc68545e',
  },
];

/** The gateway's verifier with its clock set to the vector's timestamp. */
const verifierAt = (secret: string, timestamp: string) =>
  createWebhookVerifier({ secrets: [secret], toleranceSeconds: 300, now: () => Number(timestamp) * 1000 });

describe('signature pair - fixed vectors', () => {
  it.each(VECTORS)('signature pair - the signer produces the vector: $what', (v) => {
    expect(webhookSignature(v.secret, v.timestamp, v.body)).toBe(v.signature);
  });

  it.each(VECTORS)('signature pair - the verifier accepts the vector: $what', (v) => {
    expect(verifierAt(v.secret, v.timestamp)(v.signature, v.timestamp, v.body)).toEqual({
      ok: true,
      secretIndex: 0,
    });
  });

  it.each(VECTORS)(
    'signature pair - the verifier refuses the vector with another body, signature or secret: $what',
    (v) => {
      const verify = verifierAt(v.secret, v.timestamp);
      const flipped = Buffer.concat([v.body, Buffer.from(' ')]);
      expect(verify(v.signature, v.timestamp, flipped)).toEqual({ ok: false, reason: 'signature_mismatch' });
      const last = v.signature.at(-1) === '0' ? '1' : '0';
      expect(verify(`${v.signature.slice(0, -1)}${last}`, v.timestamp, v.body)).toEqual({
        ok: false,
        reason: 'signature_mismatch',
      });
      expect(verifierAt(`${v.secret}x`, v.timestamp)(v.signature, v.timestamp, v.body).ok).toBe(false);
    },
  );
});

describe('signature pair - against each other', () => {
  it('signature pair - what the signer signs the verifier accepts, under any other secret it refuses', () => {
    const bodies = [
      Buffer.from('{}'),
      Buffer.from('{"event":"x","event_ts":0,"payload":{"t":"\u0000\u2028"}}'),
      Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
    ];
    for (const secret of ['a', 'sim-webhook-secret-token', 'ümlaut-🔑'])
      for (const timestamp of ['0', '1739923528', '999999999999'])
        for (const body of bodies) {
          const signature = webhookSignature(secret, timestamp, body);
          expect(verifierAt(secret, timestamp)(signature, timestamp, body).ok).toBe(true);
          expect(verifierAt(`${secret}!`, timestamp)(signature, timestamp, body).ok).toBe(false);
        }
  });

  it('signature pair - webhooks the simulator sends over HTTP verify at the gateway', async () => {
    const arrived: { headers: http.IncomingHttpHeaders; body: Buffer }[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        arrived.push({ headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const { port } = server.address() as AddressInfo;
    const sim = await startZoomSimulator({ webhookUrl: `http://127.0.0.1:${port}/webhook` });
    onTestFinished(() => sim.close());

    sim.sendWebhook('meeting.started', { object: { id: 1, uuid: 'u==', topic: 'Réunion ☕' } });
    sim.sendWebhook('e2e.binary', { text: '\u0000\u2028\uD83D\uDE00' });
    await waitFor(() => arrived.length >= 2, { what: 'two webhooks arrived' });

    const verify = createWebhookVerifier({
      secrets: [SIM_DEFAULT_CREDENTIALS.webhookSecret],
      toleranceSeconds: 300,
      now: Date.now,
    });
    for (const { headers, body } of arrived)
      expect(
        verify(headers[ZoomWebhookHeaders.signature], headers[ZoomWebhookHeaders.timestamp], body),
      ).toEqual({ ok: true, secretIndex: 0 });
  });
});
