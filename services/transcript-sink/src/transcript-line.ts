import type { TranscriptSegment } from '@rtms/contracts';
import { TRANSCRIPT_MSG, transcriptLineFields } from '@rtms/transcript';
import type { Logger } from 'pino';

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
