import type { ZoomSimulator } from '@rtms/zoom-sim';

// Webhooks arriving throughout a fault: signed by the simulator and retried like Zoom (after a 5xx or a
// timeout), each with a distinct body so every one is its own event.

export interface WebhookLoad {
  readonly sent: number;
  stop(): void;
}

export function startWebhookLoad(sim: ZoomSimulator, perSecond = 20): WebhookLoad {
  let sent = 0;
  const timer = setInterval(() => {
    sent++;
    sim.sendWebhook('meeting.participant_joined', {
      account_id: sim.credentials.accountId,
      object: {
        id: '900000001',
        uuid: 'chaos-load-meeting',
        participant: {
          user_id: String(sent),
          user_name: `chaos-${sent}`,
          join_time: new Date().toISOString(),
        },
      },
    });
  }, 1000 / perSecond);
  return {
    get sent() {
      return sent;
    },
    stop: () => clearInterval(timer),
  };
}

/** True once no webhook delivery is pending (every retry done): poll it with waitFor. */
export function webhooksSettled(sim: ZoomSimulator): boolean {
  return sim.webhooks.every((d) => d.outcome !== 'pending');
}
