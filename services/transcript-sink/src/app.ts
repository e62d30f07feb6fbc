import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { Buckets, Streams, transcriptSinkLifecycleConsumerSpec } from '@rtms/contracts';
import { type RunningConsumer, runConsumer } from '@rtms/nats';
import {
  createHttpServer,
  createMetricsRegistry,
  disabledTracing,
  natsConnectedCheck,
  type ReadinessCheck,
  streamsPresentCheck,
  type Tracing,
} from '@rtms/service-kit';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { SERVICE, type SinkConfig } from './config.js';
import { TranscriptFiles } from './files/transcript-files.js';
import { createLifecycleHandler } from './lifecycle-handler.js';
import { MeetingDirectory } from './live/meeting-directory.js';
import { MeetingStarts } from './live/meeting-starts.js';
import { registerPageRoutes } from './live/page-routes.js';
import { RecordingLinks } from './live/recording-links.js';
import { SpeakerIndex } from './live/speaker-index.js';
import { TranscriptFeed } from './live/transcript-feed.js';
import { createSinkMetrics, type SinkMetrics } from './metrics.js';
import { SeenLedger } from './seen-ledger.js';
import { createSegmentHandler } from './segment-handler.js';
import { StreamProgress } from './stream-progress.js';

/** Listen addresses only this machine reaches. */
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export interface SinkDeps {
  config: SinkConfig;
  logger: Logger;
  nc: NatsConnection;
  /**
   * Where transcript lines go (default: the service logger, component `transcript`). The process passes
   * createTranscriptLogger's: a line must have left the process before its ledger record is made.
   */
  lines?: Logger;
  /** A span per transcript write (default: off). */
  tracing?: Tracing;
}

export interface TranscriptSink {
  readonly http: FastifyInstance;
  readonly registry: Registry;
  readonly metrics: SinkMetrics;
  /** Starts the consumers, then listens on HOST:PORT; resolves with the address. */
  start(): Promise<string>;
  /** Stops fetching, finishes the segment in hand, waits for file writes, closes the HTTP server. */
  close(): Promise<void>;
}

/**
 * Builds the sink from its dependencies. Expects the topology main.ts provisions (RTMS_TRANSCRIPTS,
 * RTMS_EVENTS, RTMS_DLQ, the transcript-sink-seen bucket and this sink's consumers). The NATS connection
 * stays the caller's to drain.
 */
export function buildApp(deps: SinkDeps): TranscriptSink {
  const { config, nc } = deps;
  const logger = deps.logger;
  const log = logger.child({ component: 'sink', consumer: config.TRANSCRIPT_SINK_CONSUMER });
  const js = jetstream(nc);
  const durable = config.TRANSCRIPT_SINK_CONSUMER;
  const lifecycleDurable = transcriptSinkLifecycleConsumerSpec(durable).durable;
  const files = config.TRANSCRIPT_DIR ? new TranscriptFiles(config.TRANSCRIPT_DIR, logger) : undefined;
  const registry = createMetricsRegistry(SERVICE);
  let progress: StreamProgress | undefined;
  const metrics = createSinkMetrics(registry, async () => (progress ? progress.pending() : 0));
  const running: RunningConsumer[] = [];
  let consuming = false;
  let closing = false;
  let speakers: SpeakerIndex | undefined;

  const consumersRunning: ReadinessCheck = () =>
    consuming ? { ok: true } : { ok: false, detail: 'transcript consumer is not running' };
  const http = createHttpServer({
    logger: logger.child({ component: 'http' }),
    metrics: registry,
    readiness: {
      nats: natsConnectedCheck(nc),
      streams: streamsPresentCheck(nc, [Streams.transcripts, Streams.events, Streams.deadLetters]),
      consumer: consumersRunning,
    },
  });
  const watch = (name: string, consumer: RunningConsumer) => {
    running.push(consumer);
    consumer.done.then(
      () => {
        if (!closing) {
          consuming = false;
          log.error({ consumer: name }, 'consumer loop ended unexpectedly; /readyz now fails');
        }
      },
      (err: unknown) => {
        consuming = false;
        log.error({ err, consumer: name }, 'consumer loop failed; /readyz now fails');
      },
    );
  };

  let closed: Promise<void> | undefined;
  return {
    http,
    registry,
    metrics,
    async start() {
      await files?.prepare();
      const jsm = await jetstreamManager(nc);
      progress = new StreamProgress(jsm, durable);
      if (config.TRANSCRIPT_PAGE) {
        speakers = new SpeakerIndex({ js, logger });
        speakers.start();
        const starts = new MeetingStarts(jsm, logger);
        registerPageRoutes(http, {
          directory: new MeetingDirectory({
            jsm,
            logger,
            starts,
            speakers,
            ...(config.RECORDINGS_URL
              ? { recordings: new RecordingLinks(jsm, config.RECORDINGS_URL, logger) }
              : {}),
          }),
          feed: new TranscriptFeed({ js, logger, metrics }),
          js,
          maxClients: config.TRANSCRIPT_PAGE_MAX_CLIENTS,
          ...(config.TRANSCRIPT_PAGE_TOKEN ? { token: config.TRANSCRIPT_PAGE_TOKEN } : {}),
          logger,
        });
      }
      const kv = await new Kvm(js).open(Buckets.transcriptSinkSeen);
      const handle = createSegmentHandler({
        ledger: new SeenLedger(kv, durable),
        files,
        metrics,
        lines: deps.lines ?? logger.child({ component: 'transcript' }),
        logger,
        tracing: deps.tracing ?? disabledTracing,
      });
      watch(
        durable,
        await runConsumer({ js, stream: Streams.transcripts, durable, key: 'transcript', logger, handle }),
      );
      watch(
        lifecycleDurable,
        await runConsumer({
          js,
          stream: Streams.events,
          durable: lifecycleDurable,
          key: 'lifecycle',
          logger,
          handle: createLifecycleHandler({ files, progress, metrics, logger }),
        }),
      );
      consuming = true;
      const address = await http.listen({ port: config.PORT, host: config.HOST });
      const pageToken = config.TRANSCRIPT_PAGE_TOKEN !== undefined;
      log.info(
        { address, transcriptDir: config.TRANSCRIPT_DIR ?? null, page: config.TRANSCRIPT_PAGE, pageToken },
        'transcript sink listening',
      );
      if (config.TRANSCRIPT_PAGE && !pageToken && !LOOPBACK.has(config.HOST))
        log.warn(
          { host: config.HOST },
          'the live transcript page has no access token: anyone reaching this port reads every transcript; set TRANSCRIPT_PAGE_TOKEN',
        );
      return address;
    },
    close() {
      closed ??= (async () => {
        closing = true;
        consuming = false;
        log.info('closing: stopping consumers, finishing the segment in hand');
        await Promise.allSettled(running.map((c) => c.stop()));
        await files?.idle();
        await speakers?.stop();
        await http.close();
        log.info('transcript sink closed');
      })();
      return closed;
    },
  };
}
