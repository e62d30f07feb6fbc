import type { TranscriptSegment } from '@rtms/contracts';

/** The message of every transcript log line; filter on it (`msg == "transcript"`) to get the transcript. */
export const TRANSCRIPT_MSG = 'transcript';

/**
 * The structured fields of one transcript line (docs/transcript-sink.md lists them): the sink's log line and
 * `rtms tail --json` print the same.
 */
export function transcriptLineFields(segment: TranscriptSegment, seq: number, redelivered = false) {
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
