import type { JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  type StreamLifecycle,
  Streams,
  Subjects,
  streamSpecs,
  type TranscriptSegmentInput,
  transcriptSegmentId,
} from '@rtms/contracts';
import { createLogger } from '@rtms/logger';
import { provisionTopology, publishJson } from '@rtms/nats';
import { waitFor } from '@rtms/testkit';
import { buildApp, loadConfig, SERVICE, sinkTopology, type TranscriptSink } from '../src/index.js';

export const T0 = 1_760_000_000_000;

/** One simulated segment of a stream: speaker alternates Alice / Bob, two seconds apart. */
export function segment(
  streamId: string,
  i: number,
  over: Partial<TranscriptSegmentInput> = {},
): TranscriptSegmentInput {
  const userId = over.userId ?? (i % 2 === 0 ? '16778240' : '16779264');
  const timestamp = over.timestamp ?? T0 + i * 2000;
  const attribute = over.attribute ?? 'new';
  return {
    v: 1,
    segmentId: transcriptSegmentId(streamId, userId, timestamp, attribute),
    streamId,
    meetingUuid: `meeting-${streamId}==`,
    userId,
    userName: userId === '16778240' ? 'Alice' : 'Bob',
    text: `line ${i} of ${streamId}`,
    language: 9,
    timestamp,
    startTime: timestamp,
    endTime: timestamp + 1500,
    attribute,
    receivedAt: timestamp + 20,
    ...over,
  };
}

/** Publishes like the connector does: to `rtms.transcript.<id>`, with the segmentId as Nats-Msg-Id. */
export async function publishSegments(js: JetStreamClient, segments: TranscriptSegmentInput[]) {
  for (const s of segments) {
    await publishJson(js, 'transcript', Subjects.transcript(s.streamId), s, { msgID: s.segmentId });
  }
}

export async function publishStopped(js: JetStreamClient, streamId: string) {
  const event: StreamLifecycle = {
    v: 1,
    streamId,
    meetingUuid: `meeting-${streamId}==`,
    state: 'stopped',
    reason: 'rtms_stopped',
    at: Date.now(),
  };
  await publishJson(js, 'lifecycle', Subjects.lifecycle(streamId), event);
}

/** A meeting.started webhook (or another meeting event) as the webhook-gateway stores it: body verbatim. */
export async function publishMeetingStarted(
  js: JetStreamClient,
  meetingUuid: string,
  topic: string | undefined,
  startTime: number,
  event = 'meeting.started',
) {
  const object = {
    id: 81234567890,
    uuid: meetingUuid,
    host_id: 'host-1',
    ...(topic === undefined ? {} : { topic }),
    start_time: new Date(startTime).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
  const body = { event, event_ts: startTime, payload: { account_id: 'acc', object } };
  await publishJson(js, 'webhook', Subjects.webhook(event), body);
}

export interface LogRecord {
  msg: string;
  level: number;
  component?: string;
  [key: string]: unknown;
}

export interface RunningSink {
  app: TranscriptSink;
  url: string;
  logs: LogRecord[];
  /** The transcript lines logged so far. */
  lines(): LogRecord[];
  close(): Promise<void>;
}

/** Builds and starts a sink in this process against the test's NATS, with its log captured. */
export async function startSink(
  nc: NatsConnection,
  env: Record<string, string | undefined> = {},
): Promise<RunningSink> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'debug', ...env });
  const logs: LogRecord[] = [];
  const logger = createLogger(
    { service: SERVICE, level: config.LOG_LEVEL },
    { write: (line: string) => void logs.push(JSON.parse(line)) },
  );
  await provisionTopology(nc, sinkTopology(config), logger);
  // The webhook-gateway's stream, where the page finds meeting topics (meeting.started).
  const webhooks = streamSpecs().filter((s) => s.name === Streams.webhooks);
  await provisionTopology(nc, { streams: webhooks, buckets: [], consumers: [] }, logger);
  const app = buildApp({ config, logger, nc });
  const url = await app.start();
  return {
    app,
    url,
    logs,
    lines: () => logs.filter((l) => l.msg === 'transcript'),
    close: () => app.close(),
  };
}

/** Waits until the sink has logged at least `n` transcript lines; returns them. */
export function untilLines(sink: RunningSink, n: number, timeoutMs = 10_000) {
  return waitFor(() => sink.lines().length >= n && sink.lines(), {
    timeoutMs,
    what: `${n} transcript line(s) (have ${sink.lines().length})`,
  });
}
