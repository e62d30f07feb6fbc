import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, type ManagedProcess, startProcess, waitFor } from '@rtms/testkit';
import { type StreamInfo, startZoomSimulator, type ZoomSimulator } from '@rtms/zoom-sim';

// The whole system as real processes (each service's built `dist/main.js`) against a NATS server or cluster,
// with the Zoom simulator in the test process playing Zoom: what the fault tests break and audit.

const root = fileURLToPath(new URL('../../..', import.meta.url));

export type ServiceName = 'webhook-gateway' | 'zoom-api' | 'stream-connector' | 'transcript-sink';

export interface ServiceProcess {
  readonly service: ServiceName;
  /** Replica name (also RTMS_REPLICA_ID for connectors). */
  readonly name: string;
  readonly port: number;
  readonly proc: ManagedProcess;
  readonly url: string;
  /** False once the process has exited. */
  readonly alive: boolean;
}

export interface SystemOptions {
  natsUrl: string;
  /** NATS_REPLICAS for every service. */
  replicas?: number;
  /** Extra env for every service. */
  env?: Record<string, string>;
  /** Webhook retry delays of the simulator (Zoom: 5, 20, 60 min; faults use seconds). */
  webhookRetryDelaysMs?: number[];
  seed?: string;
}

export interface System {
  readonly sim: ZoomSimulator;
  readonly services: ServiceProcess[];
  start(service: ServiceName, name?: string, env?: Record<string, string>): Promise<ServiceProcess>;
  /** Every running service answers GET /readyz with 200. */
  allReady(): Promise<boolean>;
  close(): Promise<void>;
}

/** The environment each service needs to run against the simulator, with fast timings for tests. */
function serviceEnv(sim: ZoomSimulator, o: SystemOptions): Record<string, string> {
  return {
    NATS_URL: o.natsUrl,
    NATS_REPLICAS: String(o.replicas ?? 1),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    NO_COLOR: '1',
    SHUTDOWN_GRACE_MS: '5000',
    ZOOM_ACCOUNT_ID: sim.credentials.accountId,
    ZOOM_CLIENT_ID: sim.credentials.clientId,
    ZOOM_CLIENT_SECRET: sim.credentials.clientSecret,
    ZOOM_WEBHOOK_SECRET_TOKEN: sim.credentials.webhookSecret,
    ZOOM_API_BASE_URL: sim.restBaseUrl,
    ZOOM_OAUTH_URL: sim.oauthUrl,
    RTMS_ALLOW_INSECURE_WS: 'true',
    RTMS_MEDIA_TYPES: 'audio,transcript',
    RTMS_AUTO_START: 'false',
    RTMS_AUTO_STOP_SECONDS: '0',
    ...o.env,
  };
}

export async function startSystem(options: SystemOptions): Promise<System> {
  const gatewayPort = await freePort();
  const sim = await startZoomSimulator({
    seed: options.seed ?? 'chaos',
    webhookUrl: `http://127.0.0.1:${gatewayPort}/webhook`,
    webhookRetryDelaysMs: options.webhookRetryDelaysMs ?? [1000, 2000, 4000, 8000, 15_000],
    webhookTimeoutMs: 3000,
    mediaTickMs: 2,
    mediaPhaseSpreadMs: 20,
  });
  const services: ServiceProcess[] = [];
  const base = serviceEnv(sim, options);
  const counts = new Map<ServiceName, number>();

  const start = async (service: ServiceName, name?: string, env: Record<string, string> = {}) => {
    const n = (counts.get(service) ?? 0) + 1;
    counts.set(service, n);
    const replica = name ?? `${service}-${n}`;
    const port = service === 'webhook-gateway' && n === 1 ? gatewayPort : await freePort();
    const proc = startProcess({
      name: replica,
      command: process.execPath,
      args: [path.join(root, 'services', service, 'dist', 'main.js')],
      cwd: path.join(root, 'services', service),
      env: { ...base, PORT: String(port), RTMS_REPLICA_ID: replica, ...env },
    });
    let alive = true;
    void proc.exited.then(() => {
      alive = false;
    });
    const running: ServiceProcess = {
      service,
      name: replica,
      port,
      proc,
      url: `http://127.0.0.1:${port}`,
      get alive() {
        return alive;
      },
    };
    services.push(running);
    await waitFor(
      async () => {
        if (!alive) throw new Error(`${replica} exited:\n${proc.lines.slice(-30).join('\n')}`);
        return (await fetch(`${running.url}/readyz`).catch(() => undefined))?.ok;
      },
      { timeoutMs: 60_000, intervalMs: 100, what: `${replica} ready` },
    );
    return running;
  };

  return {
    sim,
    services,
    start,
    async allReady() {
      const live = services.filter((s) => s.alive);
      const answers = await Promise.all(
        live.map((s) =>
          fetch(`${s.url}/readyz`).then(
            (r) => r.ok,
            () => false,
          ),
        ),
      );
      return answers.every(Boolean);
    },
    async close() {
      for (const s of sim.streams()) if (s.state !== 'stopped') sim.stopRtms(s.id, 1);
      await Promise.all(services.map((s) => s.proc.stop('SIGTERM', 10_000)));
      await sim.close();
    },
  };
}

/** Live streams the simulator has (RTMS active, signaling connected). */
export function liveStreams(sim: ZoomSimulator): StreamInfo[] {
  return sim.streams().filter((s) => s.state === 'active' && s.signalingConnected);
}
