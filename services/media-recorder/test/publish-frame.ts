import type { JetStreamClient } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { MediaHeaders, RecordingSubjects, recordingFrameId } from '@rtms/contracts';

// A 20 ms L16 audio frame at 8 kHz (every sample `value`) published into RTMS_MEDIA as the connector does,
// for tests that feed the recorder without a simulator and a connector.

export function publishAudioFrame(
  js: JetStreamClient,
  f: { streamId: string; user: string; timestamp: number; value: number; meetingUuid: string },
) {
  const h = headers();
  h.set(MediaHeaders.userId, f.user);
  h.set(MediaHeaders.userName, `user ${f.user}`);
  h.set(MediaHeaders.timestamp, String(f.timestamp));
  h.set(MediaHeaders.format, 'audio/L16;rate=8000;channels=1');
  h.set(MediaHeaders.meetingUuid, f.meetingUuid);
  const data = Buffer.alloc(320);
  for (let i = 0; i < 160; i++) data.writeInt16LE(f.value, i * 2);
  return js.publish(RecordingSubjects.audio(f.streamId), data, {
    headers: h,
    msgID: recordingFrameId(f.streamId, 'audio', f.user, f.timestamp),
  });
}
