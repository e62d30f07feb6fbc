import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, type ManagedProcess, startProcess, waitFor } from '@rtms/testkit';
import { type StreamInfo, startZoomSimulator, type ZoomSimulator } from '@rtms/zoom-sim';
import { LeakScan, SecretMarkers } from '../secret-leaks.js';
import { simZoomEnv } from '../sim-env.js';

// The whole system as real processes (each service's built `dist/main.js`) against a NATS server or cluster,
// with the Zoom simulator in the test process playing Zoom: what the fault tests break and audit.

const root = fileURLToPath(new URL('../../..', import.meta.url));

type ServiceName = 'webhook-gateway' | 'zoom-api' | 'stream-connector' | 'transcript-sink';

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
  /** A server with users: each service connects as its own user (its name), the checks as `rtms-admin`. */
  users?: { password: (user: string) => string };
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
    ...simZoomEnv(sim),
    RTMS_ALLOW_INSECURE_WS: 'true',
    RTMS_MEDIA_TYPES: 'audio,transcript',
    RTMS_AUTO_START: 'false',
    RTMS_AUTO_STOP_SECONDS: '0',
    TRANSCRIPT_PAGE_TOKEN: SecretMarkers.TRANSCRIPT_PAGE_TOKEN,
    ...o.env,
  };
}

export async function startSystem(options: SystemOptions): Promise<System> {
  const gatewayPort = await freePort();
  const sim = await startZoomSimulator({
    // Every secret is a recognisable marker; close() fails the test if one leaked (secret-leaks.ts).
    clientSecret: SecretMarkers.ZOOM_CLIENT_SECRET,
    webhookSecret: SecretMarkers.ZOOM_WEBHOOK_SECRET_TOKEN,
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
  const { users } = options;
  const userEnv = (service: ServiceName): Record<string, string> =>
    users ? { NATS_USER: service, NATS_PASSWORD: users.password(service) } : {};

  const spawn = (service: ServiceName, replica: string, port: number, env: Record<string, string>) => {
    const proc = startProcess({
      name: replica,
      command: process.execPath,
      args: [path.join(root, 'services', service, 'dist', 'main.js')],
      cwd: path.join(root, 'services', service),
      env: { ...base, PORT: String(port), RTMS_REPLICA_ID: replica, ...userEnv(service), ...env },
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
    return running;
  };

  /** Resolves true once /readyz answers 200, false if the process exits first. */
  const ready = async (running: ServiceProcess) => {
    const exited = running.proc.exited.then(() => false);
    const answered = waitFor(
      async () => !running.alive || (await fetch(`${running.url}/readyz`).catch(() => undefined))?.ok,
      { timeoutMs: 60_000, intervalMs: 100, what: `${running.name} ready` },
    ).then(() => running.alive);
    return Promise.race([exited, answered]);
  };

  const start = async (service: ServiceName, name?: string, env: Record<string, string> = {}) => {
    const n = (counts.get(service) ?? 0) + 1;
    counts.set(service, n);
    const replica = name ?? `${service}-${n}`;
    const isGateway = service === 'webhook-gateway' && n === 1;
    // A port found free a moment ago can be taken (by another listener or an outgoing connection) before the
    // service listens: then it exits with EADDRINUSE and is started again on another port.
    for (let attempt = 1; ; attempt++) {
      const port = isGateway && attempt === 1 ? gatewayPort : await freePort();
      if (isGateway) sim.setWebhookUrl(`http://127.0.0.1:${port}/webhook`);
      const running = spawn(service, replica, port, env);
      if (await ready(running)) {
        services.push(running);
        return running;
      }
      const output = running.proc.lines.join('\n');
      if (!output.includes('EADDRINUSE') || attempt >= 3)
        throw new Error(
          `${replica} exited before it was ready:\n${running.proc.lines.slice(-30).join('\n')}`,
        );
    }
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
      const scan = new LeakScan();
      const admin = users ? { user: 'rtms-admin', pass: users.password('rtms-admin') } : {};
      await scanRunning(scan, services, options.natsUrl, admin).catch((err: Error) =>
        scan.text('the scan itself', err.message),
      );
      for (const s of sim.streams()) if (s.state !== 'stopped') sim.stopRtms(s.id, 1);
      await Promise.all(services.map((s) => s.proc.stop('SIGTERM', 10_000)));
      await sim.close();
      for (const s of services) scan.lines(`${s.name} log`, s.proc.lines);
      const leaks = scan.report();
      if (leaks) throw new Error(`a secret leaked:\n${leaks}`);
    },
  };
}

/** Metrics and error answers of the services still running, before they are stopped. */
async function scanRunning(
  scan: LeakScan,
  services: ServiceProcess[],
  natsUrl: string,
  auth: { user?: string; pass?: string },
): Promise<void> {
  const live = services.filter((s) => s.alive);
  await scan.metrics(live.map((s) => s.url));
  const gateway = live.find((s) => s.service === 'webhook-gateway');
  const sink = live.find((s) => s.service === 'transcript-sink');
  if (gateway)
    await scan.httpErrors(
      live.map((s) => s.url),
      gateway.url,
      sink?.url,
    );
  // Only the $SRV answers that need no Zoom call: a fault test may have left Zoom failing on purpose.
  if (live.some((s) => s.service === 'zoom-api'))
    await scan.serviceErrors(natsUrl, { ...auth, callZoom: false });
}

/** Live streams the simulator has (RTMS active, signaling connected). */
export function liveStreams(sim: ZoomSimulator): StreamInfo[] {
  return sim.streams().filter((s) => s.state === 'active' && s.signalingConnected);
}
