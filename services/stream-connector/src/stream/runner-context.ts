import type { BackoffPolicy } from '@rtms/retry';
import type { Tracing } from '@rtms/service-kit';
import type { MediaSocketPlan } from '../media/media-plan.js';
import type { ConnectorMetrics } from '../metrics.js';
import type { JsonPublisher } from '../publish/json-publisher.js';
import type { MediaFrameHandler } from './media-router.js';
import type { ConnectionSettings } from './stream-connection.js';

// What a StreamRunner is given (settings shared by every stream of a replica, and one stream's outputs) and
// how it ends.

export interface RunnerContext {
  replicaId: string;
  clientId: string;
  clientSecret: string;
  plans: readonly MediaSocketPlan[];
  connection: ConnectionSettings;
  backoff: BackoffPolicy;
  /** Failed attempts in a row before giving up (0 = never). */
  maxAttempts: number;
  metrics: ConnectorMetrics;
  /** A session span per owned stream, a span per connect attempt and per handshake. */
  tracing: Tracing;
}

export interface StreamOutputs {
  json: JsonPublisher;
  onMediaFrame: MediaFrameHandler;
}

/** How a runner ended: the stream stopped (Zoom said so, or we gave up), or we let go of it. */
export type RunnerEnd =
  | { kind: 'stopped'; stopReason: number | undefined; reason: string }
  | { kind: 'released'; reason: string };
