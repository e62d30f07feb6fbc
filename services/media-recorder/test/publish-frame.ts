import type { JetStreamClient } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { MediaHeaders, RecordingSubjects, recordingFrameId } from '@rtms/contracts';

// A 20 ms L16 audio frame at 8 kHz (every sample `value`), or a video or share frame, published into RTMS_MEDIA
// as the connector does, for tests that feed the recorder without a simulator and a connector.

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

/** A video or share frame (`format`: image/jpeg, video/h264, …) published into RTMS_MEDIA as the connector does. */
export function publishImageFrame(
  js: JetStreamClient,
  f: {
    streamId: string;
    kind: 'video' | 'share';
    timestamp: number;
    format: string;
    data: Uint8Array;
    meetingUuid: string;
  },
) {
  const h = headers();
  h.set(MediaHeaders.userId, '7');
  h.set(MediaHeaders.userName, 'Ada');
  h.set(MediaHeaders.timestamp, String(f.timestamp));
  h.set(MediaHeaders.format, f.format);
  h.set(MediaHeaders.meetingUuid, f.meetingUuid);
  // One frame per timestamp here: the timestamp makes the id (the connector's also hashes the payload).
  return js.publish(RecordingSubjects[f.kind](f.streamId), f.data, {
    headers: h,
    msgID: `${f.streamId}:${f.kind}:7:${f.timestamp}`,
  });
}
