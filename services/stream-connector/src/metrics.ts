import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** What a message counter counts: published kinds, plus frames read from Zoom. */
const MessageTypes = ['audio', 'video', 'share', 'transcript', 'chat', 'event', 'lifecycle'] as const;
export type MessageType = (typeof MessageTypes)[number];

const ReconnectCauses = [
  'takeover',
  'failover',
  'rtms_interrupted',
  'signaling_closed',
  'signaling_silent',
  'media_interrupted',
  'media_closed',
  'media_silent',
  'connect_failed',
  'duplicate_signal',
  'media_failed',
] as const;
export type ReconnectCause = (typeof ReconnectCauses)[number];

const LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5];

/**
 * The connector's Prometheus metrics. Per-frame counters use pre-bound label children (a field increment per
 * frame, no label lookup).
 */
export function createConnectorMetrics(registry: Registry) {
  const registers = [registry];
  const streamsOwned = new Gauge({
    name: 'rtms_connector_streams_owned',
    help: 'RTMS streams this replica owns (holds the lease of)',
    registers,
  });
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter<L>({ name: `rtms_connector_${name}`, help, labelNames, registers });
  const reconnects = counter('reconnects_total', 'Reconnections started, by cause', ['cause']);
  const messages: Counter<'type'> = new Counter({
    name: 'rtms_connector_messages_total',
    help: 'Messages published to NATS, by type',
    labelNames: ['type'] as const,
    registers,
    collect: () => fold(),
  });
  const publishLatency = new Histogram({
    name: 'rtms_connector_publish_latency_seconds',
    help: 'Zoom frame received → published (core NATS: handed to the client; JetStream: acknowledged)',
    labelNames: ['transport'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const keepAlives = counter('keepalives_answered_total', 'Keep-alive requests answered, by socket', [
    'socket',
  ]);
  const malformed = counter(
    'malformed_frames_total',
    'Frames from Zoom that were not valid JSON with an integer msg_type, or lacked expected fields',
    ['socket'],
  );
  const handshakeFailures = counter(
    'handshake_failures_total',
    'Failed connection attempts, by socket and outcome',
    ['socket', 'outcome'],
  );
  const implicitHandshakes = counter(
    'implicit_media_handshakes_total',
    'Media sockets whose data came before the handshake answer (msg 4): taken as a successful handshake',
    ['socket'],
  );
  const dropped = counter(
    'publish_dropped_total',
    'Messages not published: NATS disconnected (media) or the bounded JetStream queue overflowed',
    ['transport', 'reason'],
  );
  const publishRetries = counter(
    'publish_retries_total',
    'JetStream publishes retried after a timeout or error (same Nats-Msg-Id, never doubled)',
  );
  const leaseEvents = counter(
    'lease_events_total',
    'Ownership lease events: claimed, lost, released, expired_locally',
    ['event'],
  );
  const webhooks = counter('webhooks_total', 'RTMS webhooks handled, by event and registry outcome', [
    'event',
    'outcome',
  ]);
  const outboxPending = new Gauge({
    name: 'rtms_connector_outbox_pending',
    help: 'JetStream messages queued or awaiting their ack',
    registers,
  });

  // Per-frame counts are plain increments, folded into the Prometheus counter when it is scraped: prom-client
  // builds a label hash on every inc(), which would cost more than the rest of an audio frame's handling.
  const counts = Object.fromEntries(MessageTypes.map((t) => [t, 0])) as Record<MessageType, number>;
  const reported = { ...counts };
  const fold = () => {
    for (const t of MessageTypes) {
      const delta = counts[t] - reported[t];
      if (delta > 0) messages.labels(t).inc(delta);
      reported[t] = counts[t];
    }
  };
  const coreLatency = publishLatency.labels('core');
  const jsLatency = publishLatency.labels('jetstream');

  return {
    streamsOwned,
    reconnects: (cause: ReconnectCause) => reconnects.labels(cause).inc(),
    message: (type: MessageType) => {
      counts[type] += 1;
    },
    coreLatency: (seconds: number) => coreLatency.observe(seconds),
    jetstreamLatency: (seconds: number) => jsLatency.observe(seconds),
    keepAliveAnswered: keepAlives.labels('signaling'),
    mediaKeepAliveAnswered: keepAlives.labels('media'),
    malformed: (socket: 'signaling' | 'media') => malformed.labels(socket).inc(),
    handshakeFailure: (socket: string, outcome: string) => handshakeFailures.labels(socket, outcome).inc(),
    implicitMediaHandshake: (socket: string) => implicitHandshakes.labels(socket).inc(),
    dropped: (transport: 'core' | 'jetstream', reason: string) => dropped.labels(transport, reason).inc(),
    publishRetry: () => publishRetries.inc(),
    lease: (event: 'claimed' | 'lost' | 'released' | 'expired_locally') => leaseEvents.labels(event).inc(),
    webhook: (event: string, outcome: string) => webhooks.labels(event, outcome).inc(),
    outboxPending,
  };
}

export type ConnectorMetrics = ReturnType<typeof createConnectorMetrics>;
