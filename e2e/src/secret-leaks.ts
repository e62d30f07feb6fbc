import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { connect } from '@nats-io/transport-node';
import { ZoomApiEndpoints, ZoomEvents, ZoomWebhookHeaders } from '@rtms/contracts';

// Every secret the system is given, set to a recognisable marker in the e2e and fault runs, and the places a
// marker must never show up: log lines, error answers (HTTP and the zoom-api $SRV service), metric labels and
// files written. A leak is reported with where it was found, never with more of the secret than the marker.

const PREFIX = 'SECRETMARKER';

/** Marker values for every secret setting (each contains PREFIX, so a truncated copy is caught too). */
export const SecretMarkers = {
  ZOOM_CLIENT_SECRET: `${PREFIX}-zoom-client-secret-5d1c`,
  ZOOM_WEBHOOK_SECRET_TOKEN: `${PREFIX}-zoom-webhook-secret-token-5d1c`,
  TRANSCRIPT_PAGE_TOKEN: `${PREFIX}-transcript-page-token-5d1c`,
} as const;

export interface Leak {
  where: string;
  secret: string;
}

/** Names of the secrets whose marker (or the marker prefix) appears in `text`. */
function secretsIn(text: string): string[] {
  if (!text.includes(PREFIX)) return [];
  const named = Object.entries(SecretMarkers)
    .filter(([, marker]) => text.includes(marker))
    .map(([name]) => name);
  return named.length > 0 ? named : ['(part of a marker)'];
}

/** Collects leaks from texts; `where` names the text (a process, an answer, a file). */
export class LeakScan {
  readonly leaks: Leak[] = [];

  text(where: string, text: string): void {
    for (const secret of secretsIn(text)) this.leaks.push({ where, secret });
  }

  lines(where: string, lines: readonly string[], allowed: (line: string) => boolean = () => false): void {
    lines.forEach((line, i) => {
      if (!allowed(line)) this.text(`${where} line ${i + 1}`, line);
    });
  }

  /** Every file under `dir` (recursively), except folders named in `skip`. */
  files(dir: string, skip: readonly string[] = []): void {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skip.includes(entry.name)) this.files(file, skip);
      } else if (entry.isFile() && statSync(file).size < 256 * 1024 * 1024) {
        this.text(`file ${file}`, readFileSync(file).toString('latin1'));
      }
    }
  }

  /** GET /metrics of every service URL. */
  async metrics(urls: readonly string[]): Promise<void> {
    for (const url of urls) {
      const res = await fetch(`${url}/metrics`).catch(() => undefined);
      if (res) this.text(`${url}/metrics`, await res.text());
    }
  }

  /** Error answers of the services: a 404 from each, a badly signed webhook, the page without its token. */
  async httpErrors(urls: readonly string[], gatewayUrl: string, sinkUrl?: string): Promise<void> {
    const answers: [string, Promise<Response>][] = urls.map((url) => [
      `${url}/no-such-path`,
      fetch(`${url}/no-such-path?token=x`),
    ]);
    answers.push([
      `${gatewayUrl}/webhook (bad signature)`,
      fetch(`${gatewayUrl}/webhook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [ZoomWebhookHeaders.timestamp]: String(Math.floor(Date.now() / 1000)),
          [ZoomWebhookHeaders.signature]: `v0=${'0'.repeat(64)}`,
        },
        body: JSON.stringify({ event: ZoomEvents.meetingStarted, event_ts: Date.now(), payload: {} }),
      }),
    ]);
    answers.push([`${gatewayUrl}/webhook (not JSON)`, fetch(`${gatewayUrl}/webhook`, { method: 'POST' })]);
    if (sinkUrl) {
      answers.push([`${sinkUrl}/ (no token)`, fetch(`${sinkUrl}/`)]);
      answers.push([`${sinkUrl}/api/meetings (wrong token)`, fetch(`${sinkUrl}/api/meetings?token=wrong`)]);
    }
    for (const [where, answer] of answers) {
      const res = await answer.catch(() => undefined);
      if (!res) continue;
      this.text(where, `${JSON.stringify([...res.headers])}\n${await res.text()}`);
    }
  }

  /** Error answers of zoom-api's $SRV service (bad requests, an unknown meeting) and its $SRV.STATS. */
  async serviceErrors(
    natsUrl: string,
    options: { user?: string; pass?: string; callZoom?: boolean } = {},
  ): Promise<void> {
    const { callZoom = true, ...auth } = options;
    const nc = await connect({ servers: natsUrl.split(','), ...auth, name: 'secret-leak-scan' });
    try {
      const probes: [string, string][] = [
        [ZoomApiEndpoints.start, 'not json'],
        [ZoomApiEndpoints.stop, JSON.stringify({ meetingId: 'x' })],
        [ZoomApiEndpoints.cancelStop, JSON.stringify({ meetingId: '999999999' })],
        // An unknown meeting: Zoom's 404 comes back through zoom-api.
        ...(callZoom
          ? [[ZoomApiEndpoints.start, JSON.stringify({ meetingId: '999999999' })] as [string, string]]
          : []),
        ['$SRV.STATS.zoom-api', ''],
        ['$SRV.INFO.zoom-api', ''],
      ];
      for (const [subject, body] of probes) {
        const reply = await nc.request(subject, body, { timeout: 30_000 }).catch((err: Error) => err);
        if (reply instanceof Error) {
          this.text(`$SRV ${subject} error`, reply.message);
          continue;
        }
        const h = reply.headers;
        const headers = h
          ? h
              .keys()
              .map((k) => `${k}: ${h.values(k).join(', ')}`)
              .join('\n')
          : '';
        this.text(`$SRV ${subject} answer`, `${headers}\n${reply.string()}`);
      }
    } finally {
      await nc.close();
    }
  }

  /** A readable report, or '' when nothing leaked. */
  report(): string {
    return this.leaks.map((l) => `${l.secret} found in ${l.where}`).join('\n');
  }
}
