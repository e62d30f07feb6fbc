import type { ServerResponse } from 'node:http';
import {
  type Consumer,
  type ConsumerMessages,
  DeliverPolicy,
  type JetStreamClient,
  type OrderedConsumerOptions,
} from '@nats-io/jetstream';
import { type CatalogKey, decodeJson, Streams, Subjects } from '@rtms/contracts';
import type { Logger } from 'pino';
import type { SinkMetrics } from '../metrics.js';

export interface TranscriptFeedSettings {
  js: JetStreamClient;
  logger: Logger;
  metrics: SinkMetrics;
  /** Comment line sent this often so proxies and the server's idle timeout keep the connection (15 s). */
  heartbeatMs?: number;
  /** A client that stopped reading is dropped once this much output waits for it (1 MiB). */
  maxBufferedBytes?: number;
}

interface Client {
  streamId: string;
  res: ServerResponse;
  close: () => Promise<void>;
}

/** Server-side consumers of one page: ordered (ephemeral, no acks), gone soon after the page is. */
const INACTIVE_THRESHOLD_MS = 30_000;

/**
 * Server-Sent Events for one meeting's transcript: an ordered consumer replays `rtms.transcript.<id>` from the
 * start (or after `Last-Event-ID` when the browser reconnects) and then follows it live. Events: `segment`
 * (id = stream sequence, data = TranscriptSegment), `caught-up` once the history is replayed, `lifecycle`
 * (the connector's last and later StreamLifecycle messages).
 */
export class TranscriptFeed {
  private readonly clients = new Set<Client>();
  private readonly log: Logger;
  private readonly heartbeatMs: number;
  private readonly maxBufferedBytes: number;

  constructor(private readonly settings: TranscriptFeedSettings) {
    this.log = settings.logger.child({ component: 'live' });
    this.heartbeatMs = settings.heartbeatMs ?? 15_000;
    this.maxBufferedBytes = settings.maxBufferedBytes ?? 1024 * 1024;
  }

  get size(): number {
    return this.clients.size;
  }

  /** Starts a feed on a response whose headers are not sent yet. Throws when JetStream cannot serve it. */
  async open(streamId: string, afterSeq: number | undefined, res: ServerResponse): Promise<void> {
    const { js } = this.settings;
    const segments = await js.consumers.get(Streams.transcripts, {
      filter_subjects: Subjects.transcript(streamId),
      inactive_threshold: INACTIVE_THRESHOLD_MS,
      ...(afterSeq ? { opt_start_seq: afterSeq + 1 } : { deliver_policy: DeliverPolicy.All }),
    } satisfies Partial<OrderedConsumerOptions>);
    const pendingAtStart = (await segments.info(true)).num_pending;

    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // The connection is this feed's alone: when the feed ends, so does the connection (no idle keep-alive).
      connection: 'close',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    const send = (event: string, data: unknown, id?: number) => {
      if (res.writableEnded) return;
      res.write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      if (res.writableLength > this.maxBufferedBytes) {
        this.log.warn({ streamId, buffered: res.writableLength }, 'live client is not reading: dropped');
        res.end();
      }
    };

    const opened: { consumer: Consumer; messages: ConsumerMessages }[] = [];
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), this.heartbeatMs);
    let closed: Promise<void> | undefined;
    const client: Client = {
      streamId,
      res,
      close: () => {
        closed ??= (async () => {
          clearInterval(heartbeat);
          this.clients.delete(client);
          this.settings.metrics.liveClients.set(this.clients.size);
          if (!res.writableEnded) res.end();
          await Promise.allSettled(
            opened.map(async ({ consumer, messages }) => {
              await messages.close();
              await consumer.delete();
            }),
          );
        })();
        return closed;
      },
    };
    this.clients.add(client);
    this.settings.metrics.liveClients.set(this.clients.size);
    res.on('close', () => void client.close());

    let caughtUp = false;
    if (pendingAtStart === 0) {
      caughtUp = true;
      send('caught-up', { seq: afterSeq ?? 0 });
    }
    const track = async (consumer: Consumer): Promise<ConsumerMessages> => {
      const messages = await consumer.consume();
      opened.push({ consumer, messages });
      // The page may have gone while the consumer was being made: close what close() did not see.
      if (closed) await Promise.allSettled([messages.close(), consumer.delete()]);
      return messages;
    };
    let segmentMessages: ConsumerMessages;
    try {
      segmentMessages = await track(segments);
    } catch (err) {
      await client.close();
      await segments.delete().catch(() => undefined);
      throw err;
    }
    void this.pump(client, segmentMessages, 'transcript', (value, seq, pending) => {
      send('segment', value, seq);
      if (!caughtUp && pending === 0) {
        caughtUp = true;
        send('caught-up', { seq });
      }
    });

    // The lifecycle (live / stopped) is a nicety: without RTMS_EVENTS the transcript still flows.
    try {
      const lifecycle = await js.consumers.get(Streams.events, {
        filter_subjects: Subjects.lifecycle(streamId),
        inactive_threshold: INACTIVE_THRESHOLD_MS,
        deliver_policy: DeliverPolicy.Last,
      } satisfies Partial<OrderedConsumerOptions>);
      void this.pump(client, await track(lifecycle), 'lifecycle', (value) => send('lifecycle', value));
    } catch (err) {
      this.log.debug({ err, streamId }, 'no lifecycle feed for stream');
    }
  }

  /** Ends every feed (the HTTP server's preClose: open event streams would hold `close()` forever). */
  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.clients].map((c) => c.close()));
  }

  private async pump<K extends CatalogKey & ('transcript' | 'lifecycle')>(
    client: Client,
    messages: ConsumerMessages,
    key: K,
    deliver: (value: unknown, seq: number, pending: number) => void,
  ): Promise<void> {
    try {
      for await (const msg of messages) {
        const decoded = decodeJson(key, msg.subject, msg.data);
        if (decoded.ok) deliver(decoded.value, msg.seq, msg.info.pending);
        else
          this.log.warn(
            { subject: msg.subject, seq: msg.seq, err: decoded.error },
            'invalid message not shown',
          );
      }
    } catch (err) {
      this.log.warn(
        { err, streamId: client.streamId },
        'live feed ended by an error; the browser reconnects',
      );
    } finally {
      await client.close();
    }
  }
}
