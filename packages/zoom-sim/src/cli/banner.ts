import type { ZoomSimulator } from '../handle.js';
import type { ScenarioRun } from '../scenario/runner.js';
import type { Scenario } from '../scenario/schema.js';
import type { SimEnv } from './config.js';

/** What `npm run sim` prints: where it listens, how services point at it, and what it is going to do. */
export function banner(
  sim: ZoomSimulator,
  cfg: SimEnv,
  scenario: Scenario,
  { name, seed }: { name: string; seed: string },
  run: ScenarioRun,
): string {
  const total = scenario.meetings.reduce((n, g) => n + g.count, 0);
  const auto = cfg.SIM_AUTO_RTMS || scenario.meetings.every((g) => g.autoRtms);
  const steps = scenario.meetings.flatMap((g) => g.steps.map((s) => `${s.do}@${s.atMs}ms`));
  const rows: [string, string][] = [
    ['REST', `${sim.restBaseUrl}  (ZOOM_API_BASE_URL)`],
    ['OAuth', `${sim.oauthUrl}  (ZOOM_OAUTH_URL)`],
    ['RTMS', `${sim.wsUrl}/rtms/s1/signaling  (server_urls)`],
    ['control', `${sim.url}/sim/state`],
    ['webhooks', cfg.SIM_WEBHOOK_URL === 'off' ? 'off (recorded only)' : `POST ${cfg.SIM_WEBHOOK_URL}`],
    ['app', `client id ${cfg.ZOOM_CLIENT_ID}, account ${cfg.ZOOM_ACCOUNT_ID}`],
    ['seed', `${seed}  (SIM_SEED=${seed} plays this run's ids and bytes again)`],
  ];
  const started = run.meetings
    .slice(0, 5)
    .map((m) => `    ${m.product} ${m.id} (uuid ${m.uuid}) "${m.topic}"`);
  const rtms = auto
    ? 'RTMS starts by itself (SIM_AUTO_RTMS=true)'
    : `RTMS starts when the app calls PATCH ${sim.restBaseUrl}/live_meetings/{id}/rtms_app/status`;
  const lines = [
    'Zoom simulator',
    ...rows.map(([k, v]) => `  ${k.padEnd(9)} ${v}`),
    `Plan (${name}): ${total} meeting(s); ${rtms}.`,
    ...(steps.length ? [`  steps: ${steps.slice(0, 8).join(', ')}${steps.length > 8 ? ', …' : ''}`] : []),
    ...(started.length ? ['  started:', ...started] : []),
    `Keep-alive every ${cfg.SIM_KEEPALIVE_INTERVAL_MS} ms. Ctrl-C stops.`,
  ];
  return `${lines.join('\n')}\n`;
}
