import { binaryContent, chatContent, type Frame, MsgType, transcriptContent } from '@rtms/zoom-protocol';
import type { JsonPublisher } from '../publish/json-publisher.js';
import type { MediaChannelPublisher } from '../publish/media-publisher.js';
import type { RtmsSocket } from '../ws/rtms-socket.js';

// The hot path: a media frame from Zoom → NATS. One switch on msg_type, the protocol's cheap accessors (a few
// typeof checks, no schema, no copies), then the publisher. Frames of kinds this stream does not publish and
// metadata frames (23–27) are ignored.

export interface MediaPublishers {
  audio?: MediaChannelPublisher | undefined;
  video?: MediaChannelPublisher | undefined;
  share?: MediaChannelPublisher | undefined;
  json: JsonPublisher;
  transcript: boolean;
  chat: boolean;
}

export type MediaFrameHandler = (frame: Frame, receivedAt: number, socket: RtmsSocket) => void;

export function createMediaRouter(p: MediaPublishers): MediaFrameHandler {
  const binary = (
    out: MediaChannelPublisher | undefined,
    frame: Frame,
    receivedAt: number,
    socket: RtmsSocket,
  ) => {
    if (!out) return;
    const c = binaryContent(frame);
    if (!c) {
      socket.malformed(JSON.stringify(frame), 'media frame without content.data or content.timestamp');
      return;
    }
    out.publish(c.user_id ?? 0, c.user_name, c.timestamp, c.data, receivedAt);
  };
  return (frame, receivedAt, socket) => {
    switch (frame.msg_type) {
      case MsgType.MEDIA_DATA_AUDIO:
        binary(p.audio, frame, receivedAt, socket);
        return;
      case MsgType.MEDIA_DATA_VIDEO:
        binary(p.video, frame, receivedAt, socket);
        return;
      case MsgType.MEDIA_DATA_SHARE:
        binary(p.share, frame, receivedAt, socket);
        return;
      case MsgType.MEDIA_DATA_TRANSCRIPT: {
        if (!p.transcript) return;
        const c = transcriptContent(frame);
        if (c) p.json.transcript(c, receivedAt);
        else
          socket.malformed(
            JSON.stringify(frame),
            'transcript frame without content.data or content.timestamp',
          );
        return;
      }
      case MsgType.MEDIA_DATA_CHAT: {
        if (!p.chat) return;
        const c = chatContent(frame);
        if (c) p.json.chat(c, receivedAt);
        else socket.malformed(JSON.stringify(frame), 'chat frame without content.data or content.timestamp');
        return;
      }
      default:
        return;
    }
  };
}
