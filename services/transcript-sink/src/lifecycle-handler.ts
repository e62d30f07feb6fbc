import type { JsMsg } from '@nats-io/jetstream';
import { lastToken, type StreamLifecycle } from '@rtms/contracts';
import type { HandleOutcome } from '@rtms/nats';
import type { Logger } from 'pino';
import type { TranscriptFiles } from './files/transcript-files.js';
import type { SinkMetrics } from './metrics.js';
import type { StreamProgress } from './stream-progress.js';

export interface LifecycleHandlerDeps {
  files: TranscriptFiles | undefined;
  progress: StreamProgress;
  metrics: SinkMetrics;
  logger: Logger;
  /** How long to wait before looking again when the transcript consumer is behind (default 500 ms). */
  retryInMs?: number;
}

/** The message of the log line that closes a stream's transcript. */
const TRANSCRIPT_ENDED_MSG = 'transcript ended';

/**
 * On `stopped`: once the transcript consumer has handled the stream's last segment (otherwise the message is
 * retried shortly: the two consumers run independently), logs that the stream's transcript ended, after its
 * last line, and writes the WebVTT and SRT files when TRANSCRIPT_DIR is set. Other states are acknowledged.
 */
export function createLifecycleHandler(deps: LifecycleHandlerDeps) {
  const log = deps.logger.child({ component: 'lifecycle' });
  const retryInMs = deps.retryInMs ?? 500;
  return async (event: StreamLifecycle, msg: JsMsg): Promise<HandleOutcome> => {
    const streamId = lastToken(msg.subject);
    if (event.state !== 'stopped') {
      log.debug({ streamId, state: event.state, reason: event.reason }, 'stream lifecycle');
      return undefined;
    }
    const progress = await deps.progress.caughtUp(streamId);
    if (!progress.caughtUp) {
      log.debug({ streamId, ...progress }, 'stream stopped; waiting for its last segments');
      return { retryInMs };
    }
    const files = deps.files ? await deps.files.finalize(streamId) : undefined;
    if (files) deps.metrics.captionFiles.inc();
    log.info(
      {
        streamId,
        meetingUuid: event.meetingUuid,
        reason: event.reason,
        stopReason: event.stopReason,
        ...(event.stopReasonText ? { stopReasonText: event.stopReasonText } : {}),
        lastSeq: progress.lastSeq,
        ...(files ? { cues: files.cues, vtt: files.vtt, srt: files.srt } : {}),
      },
      TRANSCRIPT_ENDED_MSG,
    );
    return undefined;
  };
}
