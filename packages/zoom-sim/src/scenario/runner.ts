import type { Logger } from 'pino';
import type { ZoomSimulator } from '../handle.js';
import type { MeetingSpec } from '../meetings.js';
import type { MeetingInfo } from '../snapshots.js';
import type { Scenario, ScenarioMeeting, ScenarioStep } from './schema.js';

// Plays a scenario against a simulator: meeting groups start at their offsets (staggered), and each
// meeting's steps run at `atMs` after that meeting started. Timers are per meeting/step, never per frame.

export interface ScenarioRun {
  /** Meetings started so far, in start order. */
  readonly meetings: MeetingInfo[];
  /** Resolves when every meeting of the scenario has started. */
  readonly started: Promise<void>;
  cancel(): void;
}

export interface RunOptions {
  /** Start RTMS for every meeting by itself (SIM_AUTO_RTMS), whatever the scenario says. */
  forceAutoRtms?: boolean;
  log?: Logger;
}

function liveStreamId(sim: ZoomSimulator, meetingId: string): string | undefined {
  const ids = sim.meeting(meetingId)?.streamIds ?? [];
  return ids.map((id) => sim.stream(id)).find((s) => s && s.state !== 'stopped')?.id;
}

type StepHandler = (
  sim: ZoomSimulator,
  meetingId: string,
  step: ScenarioStep,
  streamId: () => string,
) => unknown;

const STEPS: Record<ScenarioStep['do'], StepHandler> = {
  startRtms: (sim, m) => sim.startRtms(m),
  stopRtms: (sim, _m, step, s) => sim.stopRtms(s(), step.stopReason),
  pauseRtms: (sim, _m, _step, s) => sim.pauseRtms(s()),
  resumeRtms: (sim, _m, _step, s) => sim.resumeRtms(s()),
  interruptMedia: (sim, _m, step, s) => sim.interruptMedia(s(), step.kind),
  interruptSignaling: (sim, _m, _step, s) => sim.interruptSignaling(s()),
  failover: (sim, _m, _step, s) => sim.failover(s()),
  keepAliveTimeout: (sim, _m, step, s) => sim.keepAliveTimeout(s(), step.socket),
  freeze: (sim, _m, _step, s) => sim.freeze(s(), true),
  thaw: (sim, _m, _step, s) => sim.freeze(s(), false),
  participantJoin: (sim, m, step) => sim.participantJoin(m, step.name ?? 'Guest'),
  participantLeave: (sim, m, step) => sim.participantLeave(m, step.name ?? (step.speaker as string | number)),
  startSharing: (sim, m, step) =>
    sim.startSharing(m, typeof step.speaker === 'number' ? step.speaker : undefined),
  stopSharing: (sim, m) => sim.stopSharing(m),
  endMeeting: (sim, m) => sim.endMeeting(m),
};

function runStep(sim: ZoomSimulator, meetingId: string, step: ScenarioStep): void {
  const streamId = () => {
    const id = liveStreamId(sim, meetingId);
    if (!id) throw new Error(`no live rtms stream for '${step.do}'`);
    return id;
  };
  STEPS[step.do](sim, meetingId, step, streamId);
}

export function runScenario(sim: ZoomSimulator, scenario: Scenario, options: RunOptions = {}): ScenarioRun {
  const timers = new Set<NodeJS.Timeout>();
  const meetings: MeetingInfo[] = [];
  let cancelled = false;
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!cancelled) fn();
    }, ms);
    timers.add(t);
  };
  const startOne = (group: ScenarioMeeting) => {
    const { count: _count, startAtMs: _at, staggerMs: _stagger, steps, ...spec } = group;
    const meetingSpec: MeetingSpec = { ...spec, autoRtms: options.forceAutoRtms || spec.autoRtms };
    const meeting = sim.startMeeting(meetingSpec);
    meetings.push(meeting);
    for (const step of steps) {
      later(step.atMs, () => {
        try {
          runStep(sim, meeting.id, step);
          options.log?.info({ meetingId: meeting.id, step: step.do }, 'scenario step');
        } catch (err) {
          options.log?.warn({ meetingId: meeting.id, step: step.do, err }, 'scenario step skipped');
        }
      });
    }
  };
  const total = scenario.meetings.reduce((n, g) => n + g.count, 0);
  let startedCount = 0;
  let resolveStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    resolveStarted = resolve;
  });
  const startAndCount = (group: ScenarioMeeting) => {
    try {
      startOne(group);
    } catch (err) {
      options.log?.error({ err }, 'scenario meeting failed to start');
    }
    if (++startedCount === total) resolveStarted();
  };
  for (const group of scenario.meetings) {
    for (let i = 0; i < group.count; i++) {
      const at = group.startAtMs + i * group.staggerMs;
      if (at === 0) startAndCount(group);
      else later(at, () => startAndCount(group));
    }
  }
  return {
    meetings,
    started,
    cancel: () => {
      cancelled = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      resolveStarted();
    },
  };
}
