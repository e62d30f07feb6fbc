import type { JetStreamClient } from '@nats-io/jetstream';
import { type ControlEvent, Subjects } from '@rtms/contracts';
import { publishJson } from '@rtms/nats';
import type { Logger } from 'pino';

export type ControlEventInput = Omit<ControlEvent, 'v' | 'at'>;

/**
 * Publishes every outcome on `rtms.control.events.<action>` (stream RTMS_CONTROL). Events are for operators and
 * tests: a failed publish is logged, never turned into a failed RTMS call.
 */
export class ControlEvents {
  private readonly log: Logger;

  constructor(
    private readonly js: JetStreamClient,
    logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.log = logger.child({ component: 'control-events' });
  }

  async publish(event: ControlEventInput): Promise<void> {
    const subject = Subjects.controlEvent(event.action);
    try {
      await publishJson(this.js, 'controlEvent', subject, { v: 1, ...event, at: this.now() });
    } catch (err) {
      this.log.error(
        { err, subject, meetingId: event.meetingId, outcome: event.outcome },
        'control event not published',
      );
    }
  }
}
