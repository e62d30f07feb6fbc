import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import { Writable } from 'node:stream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Streams, streamSpecs } from '@rtms/contracts';
import { createLogger } from '@rtms/logger';
import { provisionTopology } from '@rtms/nats';
import type { Tracing } from '@rtms/service-kit';
import { type NatsContext, waitFor } from '@rtms/testkit';
import { onTestFinished } from 'vitest';
import { buildApp, type Gateway, loadConfig } from '../src/index.js';

// Signatures here are computed with node:crypto directly, never with the gateway's own helper.
export const SECRET = 'test-secret-current';
export const OLD_SECRET = 'test-secret-previous';

export function sign(secret: string, timestamp: string, body: string | Buffer): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest('hex')}`;
}

export function hmacHex(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}

/** A controllable clock, starting at the real time (so the testkit's own timers are unaffected). */
export function testClock(start = Date.now()) {
  const clock = {
    t: start,
    now: () => clock.t,
    advance: (ms: number) => {
      clock.t += ms;
    },
    seconds: () => String(Math.floor(clock.t / 1000)),
  };
  return clock;
}
export type TestClock = ReturnType<typeof testClock>;

export function webhookBody(event = 'meeting.rtms_started', overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    event,
    event_ts: Date.now(),
    payload: {
      meeting_uuid: '4444AAAiAAAAAiAiAiiAii==',
      operator_id: '30R7kT7bTIKSNUFEuH_Qlg',
      rtms_stream_id: randomUUID().replaceAll('-', ''),
      server_urls: 'wss://127.0.0.1:443',
    },
    ...overrides,
  });
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: () => Record<string, unknown>;
}

/** One real HTTP request on a fresh connection, with headers exactly as given (no defaults added). */
export function request(
  url: string,
  options: {
    method?: string;
    path?: string;
    headers?: Record<string, string | string[]>;
    body?: Buffer | string;
  },
): Promise<Answer> {
  const target = new URL(options.path ?? '/webhook', url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      target,
      { method: options.method ?? 'POST', headers: options.headers ?? {}, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** POSTs a body signed with `secret` at the clock's time (or `timestamp`), as Zoom does. */
export function postSigned(
  url: string,
  body: string | Buffer,
  options: { secret?: string; timestamp?: string; clock?: TestClock; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const timestamp = options.timestamp ?? options.clock?.seconds() ?? String(Math.floor(Date.now() / 1000));
  return request(url, {
    body,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'x-zm-request-timestamp': timestamp,
      'x-zm-signature': sign(options.secret ?? SECRET, timestamp, body),
      'x-zm-request-id': randomUUID(),
      'x-zm-trackingid': `v=2.0;clid=us06;rid=${randomUUID().slice(0, 8)}`,
      'user-agent': 'Zoom Marketplace/1.0a',
      ...options.headers,
    },
  });
}

export interface Harness {
  app: Gateway;
  url: string;
  nc: NatsConnection;
  /** Every log line the gateway wrote, parsed. */
  logs: Record<string, unknown>[];
  close: () => Promise<void>;
}

/**
 * Provisions ZOOM_WEBHOOKS, then starts a gateway on 127.0.0.1 and a random port, on its own connection.
 * It is closed when the test finishes (closing it earlier is fine: close is idempotent).
 */
export async function startGateway(
  nats: NatsContext,
  env: Record<string, string> = {},
  options: { clock?: TestClock; provision?: boolean; tracing?: Tracing } = {},
): Promise<Harness> {
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const logger = createLogger({ service: 'webhook-gateway', level: 'debug' }, sink);
  const nc = await nats.connect('webhook-gateway');
  if (options.provision !== false) {
    await provisionTopology(
      nc,
      { streams: streamSpecs().filter((s) => s.name === Streams.webhooks) },
      logger,
    );
  }
  const config = loadConfig({
    ZOOM_WEBHOOK_SECRET_TOKEN: SECRET,
    PORT: '0',
    HOST: '127.0.0.1',
    NATS_URL: nats.url,
    WEBHOOK_PUBLISH_TIMEOUT_MS: '1000',
    ...env,
  });
  const app = buildApp({
    config,
    logger,
    nc,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.tracing ? { tracing: options.tracing } : {}),
  });
  onTestFinished(() => app.close());
  const url = await app.start();
  return { app, url, nc, logs, close: () => app.close() };
}

/**
 * Messages stored in ZOOM_WEBHOOKS, oldest first, with subject, body text and headers. After a NATS restart
 * the test's own client reconnects on its own schedule, so the read is retried until the server answers.
 */
export function storedWebhooks(nats: NatsContext) {
  return waitFor(() => readStoredWebhooks(nats), { timeoutMs: 20_000, what: 'the stored webhooks' });
}

async function readStoredWebhooks(nats: NatsContext) {
  const info = await nats.jsm.streams.info(Streams.webhooks);
  const out: { seq: number; subject: string; body: string; headers: Record<string, string> }[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await nats.jsm.streams.getMessage(Streams.webhooks, { seq });
    if (!m) continue;
    const headers: Record<string, string> = {};
    for (const key of m.header?.keys() ?? []) headers[key] = m.header?.get(key) ?? '';
    out.push({ seq, subject: m.subject, body: new TextDecoder().decode(m.data), headers });
  }
  return out;
}
