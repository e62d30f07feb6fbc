import type { JsMsg } from '@nats-io/jetstream';
import { lastToken, type TranscriptSegment } from '@rtms/contracts';
import type { HandleOutcome } from '@rtms/nats';
import { SpanKind, type Tracing } from '@rtms/service-kit';
import type { Logger } from 'pino';
import type { TranscriptFiles } from './files/transcript-files.js';
import type { SinkMetrics } from './metrics.js';
import type { SeenLedger } from './seen-ledger.js';
import { writeTranscriptLine } from './transcript-line.js';

export interface SegmentHandlerDeps {
  ledger: SeenLedger;
  files: TranscriptFiles | undefined;
  metrics: SinkMetrics;
  /** Where transcript lines go (the service logger, component `transcript`). */
  lines: Logger;
  logger: Logger;
  tracing: Tracing;
}

/**
 * Handles one transcript segment; runConsumer acks after it resolves (and retries it if it throws).
 *
 * Order, and why: (1) look the segment up in the ledger; (2) append it to the JSONL file, which is its own
 * record and skips a segment it already has; (3) unless the ledger had it, write the log line and wait for
 * it to leave the process; (4) record it in the ledger; then the ack. A redelivery after a lost ack finds
 * the ledger entry and writes nothing. Only a kill between (3) and the ledger's PubAck in (4) can log one
 * line twice; that line carries `redelivered: true`, and it is never lost.
 */
export function createSegmentHandler(deps: SegmentHandlerDeps) {
  const { ledger, files, metrics, lines, tracing } = deps;
  const log = deps.logger.child({ component: 'segments' });
  const handle = async (segment: TranscriptSegment, msg: JsMsg): Promise<HandleOutcome> => {
    const streamId = lastToken(msg.subject);
    if (segment.streamId !== streamId) {
      return {
        deadLetter: `payload streamId '${segment.streamId}' does not match the subject's '${streamId}'`,
      };
    }
    const redelivered = msg.info.deliveryCount > 1;
    if (redelivered) metrics.redeliveries.inc();
    const seen = await ledger.has(streamId, segment.segmentId);

    if (files) {
      const result = await files.append(streamId, msg.seq, segment);
      if (result === 'written') metrics.segmentsWritten.inc({ output: 'file' });
      else metrics.duplicatesSkipped.inc({ output: 'file' });
    }

    if (seen) {
      metrics.duplicatesSkipped.inc({ output: 'log' });
      log.debug(
        {
          subject: msg.subject,
          seq: msg.seq,
          segmentId: segment.segmentId,
          delivery: msg.info.deliveryCount,
        },
        'segment already logged: not logged again',
      );
      return undefined;
    }
    await writeTranscriptLine(lines, segment, msg.seq, redelivered);
    metrics.segmentsWritten.inc({ output: 'log' });
    await ledger.mark(streamId, segment.segmentId, msg.seq);
    return undefined;
  };
  if (!tracing.enabled) return handle;
  // One span per transcript write, a child of the connector's stream session that published the segment.
  return (segment: TranscriptSegment, msg: JsMsg): Promise<HandleOutcome> =>
    tracing.inSpan(
      'transcript write',
      {
        parent: tracing.extract(msg.headers),
        meetingUuid: segment.meetingUuid,
        kind: SpanKind.CONSUMER,
        attributes: {
          'rtms.stream_id': segment.streamId,
          'rtms.segment_id': segment.segmentId,
          'messaging.message.sequence': msg.seq,
          'messaging.delivery_count': msg.info.deliveryCount,
        },
      },
      () => handle(segment, msg),
    );
}
