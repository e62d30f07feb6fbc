import type { JsMsg } from '@nats-io/jetstream';
import { lastToken, type StreamLifecycle } from '@rtms/contracts';
import type { HandleOutcome } from '@rtms/nats';
import type { Logger } from 'pino';
import type { TranscriptFiles } from './files/transcript-files.js';
import type { SinkMetrics } from './metrics.js';
import type { StreamProgress } from './stream-progress.js';

export interface LifecycleHandlerDeps {
  files: TranscriptFiles;
  progress: StreamProgress;
  metrics: SinkMetrics;
  logger: Logger;
  /** How long to wait before looking again when the transcript consumer is behind (default 500 ms). */
  retryInMs?: number;
}

/**
 * On `stopped`, writes the stream's WebVTT and SRT files, but only once the transcript consumer has handled
 * the stream's last segment (otherwise the message is retried shortly: the two consumers run independently).
 * Other states are acknowledged and ignored.
 */
export function createLifecycleHandler(deps: LifecycleHandlerDeps) {
  const log = deps.logger.child({ component: 'lifecycle' });
  const retryInMs = deps.retryInMs ?? 500;
  return async (event: StreamLifecycle, msg: JsMsg): Promise<HandleOutcome> => {
    if (event.state !== 'stopped') return undefined;
    const streamId = lastToken(msg.subject);
    const progress = await deps.progress.caughtUp(streamId);
    if (!progress.caughtUp) {
      log.debug({ streamId, ...progress }, 'stream stopped; waiting for its last segments before captions');
      return { retryInMs };
    }
    const result = await deps.files.finalize(streamId);
    if (result) deps.metrics.captionFiles.inc();
    else log.info({ streamId, reason: event.reason }, 'stream stopped with no transcript: no caption files');
    return undefined;
  };
}
