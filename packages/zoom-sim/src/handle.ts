import type { MediaKind } from '@rtms/zoom-protocol';
import { StopReason } from '@rtms/zoom-protocol';
import type { SimContext } from './context.js';
import { failover, interruptMedia, interruptSignaling, keepAliveExpired, setFrozen } from './interrupts.js';
import { createMeeting, findMeetingOrThrow, type MeetingSpec } from './meetings.js';
import { participantJoin, participantLeave, startSharing, stopSharing } from './participants.js';
import type { Prng } from './prng.js';
import type { ProtocolError } from './registry.js';
import type { FaultInjector, RestFault } from './rest/faults.js';
import type { RestRequestRecord } from './rest/http-app.js';
import type { TokenStore } from './rest/tokens.js';
import { parseScenario } from './scenario/load.js';
import { type RunOptions, runScenario, type ScenarioRun } from './scenario/runner.js';
import type { ScenarioInput } from './scenario/schema.js';
import { type MeetingInfo, meetingInfo, type StreamInfo, streamInfo } from './snapshots.js';
import {
  endMeeting,
  findStreamOrThrow,
  liveStreamOf,
  pauseStream,
  resumeStream,
  StreamStateError,
  startStream,
  stopStream,
} from './streams.js';
import type { WebhookDelivery } from './webhooks/sender.js';
import { type UrlValidationResult, validateWebhookUrl } from './webhooks/url-validation.js';

/** The running simulator: URLs, logs, and every control action (also reachable over HTTP under /sim). */
export interface ZoomSimulator {
  /** http://host:port — REST, OAuth and the control API. */
  readonly url: string;
  /** `${url}/v2`: what ZOOM_API_BASE_URL should be. */
  readonly restBaseUrl: string;
  /** `${url}/oauth/token`: what ZOOM_OAUTH_URL should be. */
  readonly oauthUrl: string;
  /** ws://host:port — the base of every server_urls / media URL. */
  readonly wsUrl: string;
  readonly credentials: { clientId: string; clientSecret: string; accountId: string; webhookSecret: string };
  /** REST/OAuth calls received, oldest first (control API calls excluded; newest 10,000 kept). */
  readonly requests: readonly RestRequestRecord[];
  /** Webhooks sent (one record per event, attempts inside), oldest first (newest 10,000 kept). */
  readonly webhooks: readonly WebhookDelivery[];
  /** Bad frames received on established RTMS sockets (ignored, as Zoom documents no error frame). */
  readonly protocolErrors: readonly ProtocolError[];
  /** Starts a meeting (sends meeting.started); with `autoRtms` also starts RTMS. */
  startMeeting(spec?: MeetingSpec): MeetingInfo;
  startMeetings(count: number, spec?: MeetingSpec): MeetingInfo[];
  /** Ends a meeting by id or UUID: live streams stop with reason 6, then meeting.ended. */
  endMeeting(meetingKey: string): void;
  /** Starts RTMS as if the app had called the REST start; returns the new stream. */
  startRtms(meetingKey: string): StreamInfo;
  /** Stops a stream (by stream id, or the live stream of a meeting id/UUID) with any stop_reason. */
  stopRtms(key: string, stopReason?: number): void;
  pauseRtms(streamId: string): void;
  resumeRtms(streamId: string): void;
  /** Media-only interruption (EVENT_UPDATE 7): drops the media socket(s) of `kind`, or all. */
  interruptMedia(streamId: string, kind?: MediaKind): void;
  /** Signaling interruption: all sockets drop, `*.rtms_interrupted` is sent. */
  interruptSignaling(streamId: string): void;
  /** Server failover: new server_urls in a second `*.rtms_started` for the same stream. */
  failover(streamId: string): void;
  /** Acts as if the client missed its keep-alives on that socket kind. */
  keepAliveTimeout(streamId: string, socket?: 'signaling' | 'media'): void;
  /** Hung server: stop sending anything on the stream's sockets (keep-alives included), or resume. */
  freeze(streamId: string, frozen?: boolean): void;
  /** A silent participant joins (EVENT_UPDATE 3 to subscribers); returns its user_id. */
  participantJoin(meetingKey: string, userName: string): number;
  /** A participant leaves, by user_id or name (EVENT_UPDATE 4). */
  participantLeave(meetingKey: string, who: number | string): void;
  /** Screen share starts (EVENT_UPDATE 5, deskshare frames flow); `speaker` is an index. */
  startSharing(meetingKey: string, speaker?: number): void;
  stopSharing(meetingKey: string): void;
  /** Plays a scenario (meetings, staggering, timed fault steps); cancelled by close(). */
  runScenario(scenario: ScenarioInput, options?: Omit<RunOptions, 'log'>): ScenarioRun;
  injectFault(fault: RestFault): void;
  clearFaults(): void;
  setWebhookUrl(url: string | null): void;
  /** The next `count` webhooks are each delivered twice. */
  duplicateNextWebhooks(count?: number): void;
  /** Sends any event with the simulator's signing. */
  sendWebhook(event: string, payload: Record<string, unknown>): WebhookDelivery;
  /** Runs Zoom's endpoint.url_validation challenge against the webhook URL and checks the answer. */
  validateWebhookUrl(): Promise<UrlValidationResult>;
  /** Invalidates every issued access token (the next REST call gets 401). */
  expireTokens(): void;
  meeting(key: string): MeetingInfo | undefined;
  meetings(): MeetingInfo[];
  stream(streamId: string): StreamInfo | undefined;
  streams(): StreamInfo[];
  close(): Promise<void>;
}

export interface HandleDeps {
  ctx: SimContext;
  tokens: TokenStore;
  faults: FaultInjector;
  requests: RestRequestRecord[];
  rng: Prng;
  urls: () => { url: string; wsUrl: string };
  close: () => Promise<void>;
}

export function createHandle(d: HandleDeps): ZoomSimulator {
  const { ctx } = d;
  const stream = (id: string) => findStreamOrThrow(ctx, id);
  const info = (id: string) => {
    const s = ctx.registry.streams.get(id);
    return s && streamInfo(s, ctx.serverUrlsFor(s));
  };
  const startMeeting = (spec: MeetingSpec = {}) => {
    const meeting = createMeeting(ctx, spec);
    if (spec.durationMs !== undefined) {
      meeting.endTimer = setTimeout(() => endMeeting(ctx, meeting), spec.durationMs);
      meeting.endTimer.unref();
    }
    if (spec.autoRtms) startStream(ctx, meeting);
    return meetingInfo(meeting);
  };
  let closed: Promise<void> | undefined;
  const runs = new Set<ScenarioRun>();
  const handle: ZoomSimulator = {
    get url() {
      return d.urls().url;
    },
    get restBaseUrl() {
      return `${d.urls().url}/v2`;
    },
    get oauthUrl() {
      return `${d.urls().url}/oauth/token`;
    },
    get wsUrl() {
      return d.urls().wsUrl;
    },
    credentials: {
      clientId: ctx.cfg.clientId,
      clientSecret: ctx.cfg.clientSecret,
      accountId: ctx.cfg.accountId,
      webhookSecret: ctx.cfg.webhookSecret,
    },
    requests: d.requests,
    webhooks: ctx.webhooks.deliveries,
    protocolErrors: ctx.registry.protocolErrors,
    startMeeting,
    startMeetings: (count, spec = {}) => Array.from({ length: count }, () => startMeeting(spec)),
    endMeeting: (key) => endMeeting(ctx, findMeetingOrThrow(ctx, key)),
    startRtms: (key) => {
      const s = startStream(ctx, findMeetingOrThrow(ctx, key));
      return streamInfo(s, ctx.serverUrlsFor(s));
    },
    stopRtms: (key, stopReason = StopReason.HOST_TRIGGERED) => {
      const byId = ctx.registry.streams.get(key);
      const target = byId ?? liveStreamOf(findMeetingOrThrow(ctx, key));
      if (!target) throw new StreamStateError(`no live rtms stream for '${key}'`);
      stopStream(ctx, target, stopReason);
    },
    pauseRtms: (id) => pauseStream(ctx, stream(id)),
    resumeRtms: (id) => resumeStream(ctx, stream(id)),
    interruptMedia: (id, kind) => void interruptMedia(ctx, stream(id), kind),
    interruptSignaling: (id) => interruptSignaling(ctx, stream(id)),
    failover: (id) => failover(ctx, stream(id)),
    keepAliveTimeout: (id, socket = 'signaling') => keepAliveExpired(ctx, stream(id), socket),
    freeze: (id, frozen = true) => setFrozen(stream(id), frozen),
    participantJoin: (key, name) => participantJoin(ctx, findMeetingOrThrow(ctx, key), name),
    participantLeave: (key, who) => participantLeave(ctx, findMeetingOrThrow(ctx, key), who),
    startSharing: (key, speaker) => startSharing(ctx, findMeetingOrThrow(ctx, key), speaker),
    stopSharing: (key) => stopSharing(ctx, findMeetingOrThrow(ctx, key)),
    runScenario: (scenario, options = {}) => {
      const run = runScenario(handle, parseScenario(scenario), {
        ...options,
        log: ctx.log.child({ component: 'scenario' }),
      });
      runs.add(run);
      return run;
    },
    injectFault: (fault) => d.faults.add(fault),
    clearFaults: () => d.faults.clear(),
    setWebhookUrl: (url) => {
      ctx.webhooks.url = url;
    },
    duplicateNextWebhooks: (count = 1) => ctx.webhooks.duplicateNext(count),
    sendWebhook: (event, payload) => ctx.webhooks.send(event, payload),
    validateWebhookUrl: () => validateWebhookUrl(ctx.webhooks, ctx.cfg.webhookSecret, d.rng),
    expireTokens: () => d.tokens.expireAll(),
    meeting: (key) => {
      const m = ctx.registry.findMeeting(key);
      return m && meetingInfo(m);
    },
    meetings: () => [...ctx.registry.meetings.values()].map(meetingInfo),
    stream: info,
    streams: () => [...ctx.registry.streams.values()].map((s) => streamInfo(s, ctx.serverUrlsFor(s))),
    close: () => {
      for (const run of runs) run.cancel();
      closed ??= d.close();
      return closed;
    },
  };
  return handle;
}
