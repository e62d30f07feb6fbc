import type { JetStreamManager } from '@nats-io/jetstream';
import { Consumers, ScheduledStop, Streams, Subjects } from '@rtms/contracts';
import type { RestRequestRecord, ZoomSimulator } from '@rtms/zoom-sim';

// zoom-api's delayed stops as the two sides see them: what it scheduled (RTMS_SCHEDULE, the message it fires
// from, with the exact dueAt) and the RTMS status calls Zoom (the simulator) received.

const STATUS_PATH = /^\/v2\/live_meetings\/([^/]+)\/rtms_app\/status$/;

/** The simulator's PATCH …/rtms_app/status calls of one action, by meeting id, oldest first. */
export function rtmsCalls(sim: ZoomSimulator, action: 'start' | 'stop'): Map<string, RestRequestRecord[]> {
  const byMeeting = new Map<string, RestRequestRecord[]>();
  for (const r of sim.requests) {
    const meetingId = STATUS_PATH.exec(r.path)?.[1];
    if (r.method !== 'PATCH' || !meetingId || (r.body as { action?: string }).action !== action) continue;
    byMeeting.set(meetingId, [...(byMeeting.get(meetingId) ?? []), r]);
  }
  return byMeeting;
}

export const succeeded = (r: RestRequestRecord) => r.status >= 200 && r.status < 300;

/**
 * The pending delayed stop of each meeting, read from RTMS_SCHEDULE (direct get of the subject's last
 * message: the stream is a work queue, which takes no second consumer). Missing once fired and acknowledged.
 */
export async function pendingStops(
  jsm: JetStreamManager,
  meetingIds: readonly string[],
): Promise<Map<string, ScheduledStop>> {
  const out = new Map<string, ScheduledStop>();
  await Promise.all(
    meetingIds.map(async (id) => {
      const msg = await jsm.streams.getMessage(Streams.schedule, {
        last_by_subj: Subjects.scheduledStop(id),
      });
      const stop = msg ? ScheduledStop.safeParse(msg.json()) : undefined;
      if (stop?.success) out.set(id, stop.data);
    }),
  );
  return out;
}

/** Whether zoom-api's schedule is empty: every stop acknowledged (fired or skipped), none in anyone's hands. */
export async function scheduleDrained(jsm: JetStreamManager): Promise<boolean> {
  const [stream, consumer] = await Promise.all([
    jsm.streams.info(Streams.schedule),
    jsm.consumers.info(Streams.schedule, Consumers.zoomApiSchedule),
  ]);
  return stream.state.messages === 0 && consumer.num_ack_pending === 0 && consumer.num_pending === 0;
}
