import { waitFor } from '@rtms/testkit';
import type { ZoomSimulator } from '../../src/index.js';
import type { StartedPayload } from './rtms-client.js';

/** The payload of the latest `*.rtms_started` webhook the simulator sent for a stream. */
export async function startedPayload(sim: ZoomSimulator, streamId: string, nth = 1): Promise<StartedPayload> {
  const matching = () =>
    sim.webhooks.filter(
      (w) => w.event.endsWith('.rtms_started') && w.envelope.payload.rtms_stream_id === streamId,
    );
  await waitFor(() => matching().length >= nth, { what: `rtms_started #${nth} for ${streamId}` });
  return matching()[nth - 1]?.envelope.payload as unknown as StartedPayload;
}

/** A meeting with fast speech (short sentences), RTMS started; returns its stream's rtms_started payload. */
export async function liveStream(
  sim: ZoomSimulator,
  spec: Parameters<ZoomSimulator['startMeeting']>[0] = {},
) {
  const meeting = sim.startMeeting({ msPerWord: 40, autoRtms: true, ...spec });
  const streamId = meeting.streamIds[0] as string;
  return { meeting, streamId, payload: await startedPayload(sim, streamId) };
}
