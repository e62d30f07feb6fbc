import type { JetStreamClient } from '@nats-io/jetstream';
import { ServiceError } from '@nats-io/services';
import type { NatsConnection } from '@nats-io/transport-node';
import { type ControlEvent, RtmsControlReply, Subjects, webhookMessageId } from '@rtms/contracts';
import { createLogger } from '@rtms/logger';
import { provisionTopology, toHeaders } from '@rtms/nats';
import type { Tracing } from '@rtms/service-kit';
import { collectMessages, type NatsContext, waitFor } from '@rtms/testkit';
import {
  type RestRequestRecord,
  startZoomSimulator,
  type ZoomSimulator,
  type ZoomSimulatorOptions,
} from '@rtms/zoom-sim';
import { onTestFinished } from 'vitest';
import { buildApp, type ZoomApiApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { zoomApiTopology } from '../src/topology.js';

export const logger = createLogger({
  service: 'zoom-api-test',
  level: process.env.RTMS_TEST_LOG_LEVEL ?? 'silent',
});

/** The env a zoom-api pointed at `sim` gets: short delays so tests stay quick. */
export function simEnv(sim: ZoomSimulator, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ZOOM_API_BASE_URL: sim.restBaseUrl,
    ZOOM_OAUTH_URL: sim.oauthUrl,
    ZOOM_ACCOUNT_ID: sim.credentials.accountId,
    ZOOM_CLIENT_ID: sim.credentials.clientId,
    ZOOM_CLIENT_SECRET: sim.credentials.clientSecret,
    RTMS_AUTO_STOP_SECONDS: '2',
    ZOOM_RETRY_MAX_ATTEMPTS: '3',
    ZOOM_RETRY_BASE_MS: '50',
    ZOOM_RETRY_MAX_DELAY_MS: '200',
    ZOOM_API_TIMEOUT_MS: '2000',
    ...overrides,
  };
}

export async function startSim(options: ZoomSimulatorOptions = {}): Promise<ZoomSimulator> {
  const sim = await startZoomSimulator({ webhookUrl: null, ...options });
  onTestFinished(() => sim.close());
  return sim;
}

export interface Harness {
  sim: ZoomSimulator;
  app: ZoomApiApp;
  /** Every ControlEvent published so far, oldest first. */
  events: () => ControlEvent[];
  waitForEvent: (match: Partial<ControlEvent>, timeoutMs?: number) => Promise<ControlEvent>;
  /** PATCH calls the simulator received for an action. */
  calls: (action: string) => RestRequestRecord[];
  oauthCalls: () => RestRequestRecord[];
}

/** A simulator, the topology, and a started zoom-api app, all closed after the test. */
export async function startHarness(
  nats: NatsContext,
  options: {
    env?: Record<string, string>;
    sim?: ZoomSimulatorOptions;
    sharedSim?: ZoomSimulator;
    tracing?: Tracing;
  } = {},
): Promise<Harness> {
  const sim = options.sharedSim ?? (await startSim(options.sim));
  await provisionTopology(nats.nc, zoomApiTopology(), logger);
  const collected = collectControlEvents(nats.nc);
  const app = await startApp(nats.nc, simEnv(sim, options.env), options.tracing);
  const events = collected.events;
  return {
    sim,
    app,
    events,
    waitForEvent: collected.waitForEvent,
    calls: (action) =>
      sim.requests.filter((r) => r.method === 'PATCH' && (r.body as { action?: string })?.action === action),
    oauthCalls: () => sim.requests.filter((r) => r.path === '/oauth/token'),
  };
}

async function startApp(
  nc: NatsConnection,
  env: Record<string, string>,
  tracing?: Tracing,
): Promise<ZoomApiApp> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', ...env });
  const app = await buildApp({ config, logger, nc, ...(tracing ? { tracing } : {}) });
  await app.start();
  onTestFinished(() => app.close());
  return app;
}

export function collectControlEvents(nc: NatsConnection) {
  const sub = collectMessages(nc, 'rtms.control.events.>');
  onTestFinished(() => sub.stop());
  const events = () => sub.json<ControlEvent>();
  const matches = (e: ControlEvent, match: Partial<ControlEvent>) =>
    Object.entries(match).every(([k, v]) => e[k as keyof ControlEvent] === v);
  return {
    events,
    waitForEvent: (match: Partial<ControlEvent>, timeoutMs = 10_000) =>
      waitFor(() => events().find((e) => matches(e, match)), {
        timeoutMs,
        what: `event ${JSON.stringify(match)}`,
      }),
  };
}

/** Publishes the simulator's last webhook of `event` (for `meetingKey`) to NATS, as the webhook gateway would. */
export async function forwardWebhook(
  js: JetStreamClient,
  sim: ZoomSimulator,
  event: string,
  meetingKey?: string,
  /** Headers the gateway would add (e.g. its span's traceparent). */
  headers?: Record<string, string>,
): Promise<void> {
  const delivery = [...sim.webhooks]
    .reverse()
    .find((d) => d.event === event && (!meetingKey || d.body.includes(meetingKey)));
  if (!delivery)
    throw new Error(`the simulator sent no ${event} webhook${meetingKey ? ` for ${meetingKey}` : ''}`);
  await js.publish(Subjects.webhook(event), delivery.body, {
    msgID: webhookMessageId(delivery.body),
    ...(headers ? { headers: toHeaders(headers) } : {}),
  });
}

/** Starts a meeting in the simulator and hands its meeting.started webhook to zoom-api. */
export async function startMeeting(js: JetStreamClient, sim: ZoomSimulator) {
  const meeting = sim.startMeeting();
  await forwardWebhook(js, sim, 'meeting.started', meeting.uuid);
  return meeting;
}

export type ControlAnswer =
  | { ok: true; reply: RtmsControlReply }
  | { ok: false; code: number; description: string };

/** A request to a control endpoint; service errors come back as `{ ok: false, code, description }`. */
export async function control(nc: NatsConnection, subject: string, body: unknown): Promise<ControlAnswer> {
  const msg = await nc.request(subject, typeof body === 'string' ? body : JSON.stringify(body), {
    timeout: 15_000,
  });
  const error = ServiceError.toServiceError(msg);
  if (error) return { ok: false, code: error.code, description: error.message };
  return { ok: true, reply: RtmsControlReply.parse(msg.json()) };
}
