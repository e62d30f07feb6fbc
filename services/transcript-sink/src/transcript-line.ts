import type { TranscriptSegment } from '@rtms/contracts';
import type { Logger } from 'pino';

/** The message of every transcript log line; filter on it (`msg == "transcript"`) to get the transcript. */
export const TRANSCRIPT_MSG = 'transcript';

/** The structured fields of one transcript log line (docs/transcript-sink.md lists them). */
export function transcriptLineFields(segment: TranscriptSegment, seq: number, redelivered: boolean) {
  // Speaker and text first: they are what a reader scans for in a terminal.
  return {
    speaker: segment.userName,
    text: segment.text,
    meetingUuid: segment.meetingUuid,
    streamId: segment.streamId,
    userId: segment.userId,
    language: segment.language,
    startTime: segment.startTime,
    endTime: segment.endTime,
    ...(segment.attribute === 'new' ? {} : { attribute: segment.attribute }),
    segmentId: segment.segmentId,
    seq,
    // A redelivery the ledger has no record of: if an earlier attempt was killed right after writing its
    // line, this line repeats it (same segmentId). Never set on a first delivery.
    ...(redelivered ? { redelivered: true } : {}),
  };
}

/**
 * Writes the line and resolves once it has been handed on: out of the process when `log` writes
 * synchronously (the process's transcript logger, createTranscriptLogger), to the transport's thread with
 * pretty output. Not with pino's default destination: it writes asynchronously and its flush calls back
 * at once, before the line has left.
 */
export async function writeTranscriptLine(
  log: Logger,
  segment: TranscriptSegment,
  seq: number,
  redelivered: boolean,
): Promise<void> {
  log.info(transcriptLineFields(segment, seq, redelivered), TRANSCRIPT_MSG);
  await new Promise<void>((resolve, reject) => log.flush((err) => (err ? reject(err) : resolve())));
}
