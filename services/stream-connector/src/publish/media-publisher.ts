import { performance } from 'node:perf_hooks';
import { headers as createHeaders, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { MediaHeaders } from '@rtms/contracts';
import type { ConnectorMetrics } from '../metrics.js';
import type { RecordingTap } from './recording-tap.js';

// The core-NATS side of publishing: raw audio/video/share bytes with metadata in headers. Per frame: one
// base64 decode, one header value set, one publish, batched per event-loop turn. Headers are built once per
// (stream, kind, user) and only the timestamp changes, because nats.js encodes headers synchronously inside
// publish().

/** Whether the NATS connection is up; media frames are dropped (not buffered) while it is not. */
export class NatsLink {
  connected = true;

  constructor(nc: NatsConnection) {
    void (async () => {
      for await (const s of nc.status()) {
        if (s.type === 'disconnect') this.connected = false;
        else if (s.type === 'reconnect') this.connected = true;
      }
    })();
  }
}

type MediaType = 'audio' | 'video' | 'share';

export interface Prepared {
  headers: MsgHdrs;
  options: { headers: MsgHdrs };
}

/** Most frames held for one batch. */
const MAX_BATCH = 256;

/**
 * Core publishes of one event-loop turn, handed to the NATS client together in setImmediate. The client writes
 * everything queued in one microtask to its socket at once, so frames that arrived on many Zoom sockets in one
 * I/O poll leave in one write instead of one write (a syscall) each — the largest cost per frame otherwise.
 */
export class CoreBatch {
  private readonly subjects: string[] = [];
  private readonly prepared: Prepared[] = [];
  private readonly timestamps: number[] = [];
  private readonly payloads: string[] = [];
  private readonly msgIds: (string | undefined)[] = [];
  private scheduled = false;

  constructor(private readonly nc: NatsConnection) {}

  /** `msgId`: a Nats-Msg-Id, for subjects a JetStream stream stores (recorded media). */
  add(subject: string, prepared: Prepared, timestamp: number, base64: string, msgId?: string): void {
    this.subjects.push(subject);
    this.prepared.push(prepared);
    this.timestamps.push(timestamp);
    this.payloads.push(base64);
    this.msgIds.push(msgId);
    // A backlog read in one poll (after a stall) is published as it is read, in slices, not held until the
    // whole backlog has been parsed.
    if (this.subjects.length >= MAX_BATCH) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.onImmediate);
    }
  }

  private readonly onImmediate = (): void => {
    this.scheduled = false;
    this.flush();
  };

  /** Publishes everything queued now (a recording's end mark must follow its stream's last frame). */
  flush(): void {
    const n = this.subjects.length;
    let last = '';
    let bytes: Buffer = Buffer.alloc(0);
    for (let i = 0; i < n; i++) {
      const p = this.prepared[i] as Prepared;
      // Headers are encoded inside publish(), so one reusable header set per user is safe here.
      p.headers.set(MediaHeaders.timestamp, String(this.timestamps[i]));
      const msgId = this.msgIds[i];
      if (msgId !== undefined) p.headers.set('Nats-Msg-Id', msgId);
      // A recorded frame follows its core copy: the same payload is decoded once.
      const payload = this.payloads[i] as string;
      if (payload !== last) {
        bytes = Buffer.from(payload, 'base64');
        last = payload;
      }
      this.nc.publish(this.subjects[i] as string, bytes, p.options);
    }
    this.subjects.length = 0;
    this.prepared.length = 0;
    this.timestamps.length = 0;
    this.payloads.length = 0;
    this.msgIds.length = 0;
  }
}

/** Header values may not contain CR or LF. */
const headerSafe = (s: string) => s.replace(/[\r\n]+/g, ' ');

/** Publishes one stream's frames of one media type. */
export interface MediaChannelOptions {
  batch: CoreBatch;
  link: NatsLink;
  metrics: ConnectorMetrics;
  type: MediaType;
  /** `rtms.<type>.<rtms_stream_id>`. */
  subject: string;
  /** The media format header (codec, rate, channels…). */
  format: string;
  meetingUuid: string;
  /** Record the frame → publish latency of one frame in this many. */
  sampleEvery: number;
  /** Also publishes each frame into RTMS_MEDIA for the media recorder (recording on). */
  record?: RecordingTap | undefined;
}

export class MediaChannelPublisher {
  private readonly byUser = new Map<number, Prepared>();
  private count = 0;
  private readonly batch: CoreBatch;
  private readonly link: NatsLink;
  private readonly metrics: ConnectorMetrics;
  private readonly type: MediaType;
  private readonly subject: string;
  private readonly format: string;
  private readonly meetingUuid: string;
  private readonly sampleEvery: number;
  private readonly record: RecordingTap | undefined;

  constructor(o: MediaChannelOptions) {
    this.batch = o.batch;
    this.link = o.link;
    this.metrics = o.metrics;
    this.type = o.type;
    this.subject = o.subject;
    this.format = o.format;
    this.meetingUuid = o.meetingUuid;
    this.sampleEvery = o.sampleEvery;
    this.record = o.record;
  }

  /** `data` is Zoom's base64 payload; `receivedAt` is performance.now() when the frame arrived. */
  publish(
    userId: number,
    userName: string | undefined,
    timestamp: number,
    data: string,
    receivedAt: number,
  ): void {
    if (!this.link.connected) {
      this.metrics.dropped('core', 'nats_disconnected');
      return;
    }
    const prepared = this.byUser.get(userId) ?? this.prepare(userId, userName);
    this.batch.add(this.subject, prepared, timestamp, data);
    this.record?.frame(this.type, userId, userName, timestamp, data, this.format);
    this.metrics.message(this.type);
    this.count += 1;
    if (this.count % this.sampleEvery === 0) {
      setImmediate(() => this.metrics.coreLatency((performance.now() - receivedAt) / 1000));
    }
  }

  private prepare(userId: number, userName: string | undefined): Prepared {
    // Multi-stream audio names one user per frame; keep the cache bounded all the same.
    if (this.byUser.size >= 256) this.byUser.clear();
    const prepared = prepareMediaHeaders(userId, userName, this.format, this.meetingUuid);
    this.byUser.set(userId, prepared);
    return prepared;
  }
}

/** The reusable header set of one user's frames: only the timestamp (and a Nats-Msg-Id) change per frame. */
export function prepareMediaHeaders(
  userId: number,
  userName: string | undefined,
  format: string,
  meetingUuid: string,
): Prepared {
  const headers = createHeaders();
  headers.set(MediaHeaders.userId, String(userId));
  if (userName) headers.set(MediaHeaders.userName, headerSafe(userName));
  headers.set(MediaHeaders.format, format);
  headers.set(MediaHeaders.meetingUuid, headerSafe(meetingUuid));
  headers.set(MediaHeaders.timestamp, '0');
  return { headers, options: { headers } };
}
