#!/usr/bin/env node
// The simulator as a process (`npm run sim`, and Zoom for `npm start` without credentials): config from
// the environment, the built-in demo or SIM_SCENARIO, a banner of what it does, graceful stop on signals.
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '@rtms/config';
import { createLogger } from '@rtms/logger';
import closeWithGrace from 'close-with-grace';
import { DEMO_SCENARIO } from '../demo-script.js';
import { loadScenarioFile, parseScenario, ScenarioError } from '../scenario/load.js';
import { startZoomSimulator } from '../simulator.js';
import { banner } from './banner.js';
import { SimEnvSchema } from './config.js';

async function main(): Promise<void> {
  const cfg = loadConfig('zoom-sim', SimEnvSchema);
  const log = createLogger({ service: 'zoom-sim', level: cfg.LOG_LEVEL });
  const scenario = cfg.SIM_SCENARIO ? await loadScenarioFile(cfg.SIM_SCENARIO) : parseScenario(DEMO_SCENARIO);
  // Real Zoom never reuses a meeting or stream id: without a seed, every run plays with fresh ids.
  const seed = String(cfg.SIM_SEED ?? scenario.seed ?? `run-${randomBytes(4).toString('hex')}`);
  const sim = await startZoomSimulator({
    host: cfg.SIM_HOST,
    port: cfg.SIM_PORT,
    publicUrl: cfg.SIM_PUBLIC_URL,
    clientId: cfg.ZOOM_CLIENT_ID,
    clientSecret: cfg.ZOOM_CLIENT_SECRET,
    accountId: cfg.ZOOM_ACCOUNT_ID,
    webhookSecret: cfg.ZOOM_WEBHOOK_SECRET_TOKEN[0],
    webhookUrl: cfg.SIM_WEBHOOK_URL === 'off' ? null : cfg.SIM_WEBHOOK_URL,
    webhookRetryDelaysMs: cfg.SIM_WEBHOOK_RETRY_DELAYS_MS,
    webhookTimeoutMs: cfg.SIM_WEBHOOK_TIMEOUT_MS,
    seed,
    fixedEpochMs: cfg.SIM_FIXED_EPOCH_MS || undefined,
    keepAliveIntervalMs: cfg.SIM_KEEPALIVE_INTERVAL_MS,
    signalingGraceMs: cfg.SIM_SIGNALING_GRACE_MS,
    mediaGraceMs: cfg.SIM_MEDIA_GRACE_MS,
    restSuccessStatus: cfg.SIM_REST_SUCCESS_STATUS,
    logger: log,
  });
  closeWithGrace({ delay: 5000 }, async ({ err, signal }) => {
    if (err) log.error({ err }, 'stopping after an error');
    log.info({ signal }, 'stopping');
    await sim.close();
  });
  if (cfg.SIM_VALIDATE_WEBHOOK_URL) {
    const result = await sim.validateWebhookUrl();
    log[result.ok ? 'info' : 'warn']({ result }, 'webhook url validation');
  }
  const run = sim.runScenario(scenario, { forceAutoRtms: cfg.SIM_AUTO_RTMS });
  process.stdout.write(banner(sim, cfg, scenario, { name: cfg.SIM_SCENARIO ?? 'built-in demo', seed }, run));
}

main().catch((err: unknown) => {
  const known = err instanceof ConfigError || err instanceof ScenarioError;
  process.stderr.write(
    `zoom-sim: ${known ? (err as Error).message : String((err as Error)?.stack ?? err)}\n`,
  );
  process.exit(1);
});
