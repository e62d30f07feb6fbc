import { EventType } from '@rtms/zoom-protocol';
import type { SimContext } from './context.js';
import { sendSubscribedEvent } from './media/ticker.js';
import type { Meeting } from './model.js';
import { StreamStateError } from './streams.js';

// Participant and screen-share changes during a meeting, announced as EVENT_UPDATEs (3/4 join/leave, 5/6
// sharing start/stop) on the signaling socket of every live stream that subscribed to them.

function broadcast(
  ctx: SimContext,
  meeting: Meeting,
  eventType: number,
  extra: Record<string, unknown>,
): void {
  for (const stream of meeting.streams) {
    if (stream.state === 'stopped' || !stream.clock) continue;
    sendSubscribedEvent(stream, eventType, ctx.now(), extra);
  }
}

/** A silent participant joins; returns its user_id. */
export function participantJoin(ctx: SimContext, meeting: Meeting, userName: string): number {
  const userId =
    16_000_000 + meeting.ordinal * 4096 + meeting.speakers.length + meeting.extraParticipants.length + 1;
  meeting.extraParticipants.push({ userId, userName });
  broadcast(ctx, meeting, EventType.PARTICIPANT_JOIN, {
    participants: [{ user_id: userId, user_name: userName }],
  });
  return userId;
}

/** A participant leaves, by user_id or name (a speaker's script lines still play: the script is fixed). */
export function participantLeave(ctx: SimContext, meeting: Meeting, who: number | string): void {
  const match = (p: { userId: number; userName: string }) => p.userId === who || p.userName === who;
  const extra = meeting.extraParticipants.findIndex(match);
  const speaker = meeting.speakers.find(match);
  if (extra < 0 && !speaker) throw new StreamStateError(`no participant '${who}' in meeting ${meeting.id}`);
  const userId = extra >= 0 ? meeting.extraParticipants[extra]?.userId : speaker?.userId;
  if (extra >= 0) meeting.extraParticipants.splice(extra, 1);
  broadcast(ctx, meeting, EventType.PARTICIPANT_LEAVE, { participants: [{ user_id: userId }] });
}

export function startSharing(ctx: SimContext, meeting: Meeting, speakerIndex?: number): void {
  if (speakerIndex !== undefined) meeting.sharer = speakerIndex;
  const sharer = meeting.speakers[meeting.sharer];
  if (!sharer) throw new StreamStateError(`no speaker ${meeting.sharer} in meeting ${meeting.id}`);
  meeting.sharing = true;
  meeting.media.add('deskshare');
  broadcast(ctx, meeting, EventType.SHARING_START, { user_id: sharer.userId, user_name: sharer.userName });
}

export function stopSharing(ctx: SimContext, meeting: Meeting): void {
  if (!meeting.sharing) return;
  meeting.sharing = false;
  broadcast(ctx, meeting, EventType.SHARING_STOP, {});
}
