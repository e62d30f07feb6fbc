import { randomBytes } from 'node:crypto';
import { ZoomEvents, ZoomWebhookHeaders, ZoomWebhookRequest } from '@rtms/contracts';
import type { CheckResult } from '@rtms/service-kit';
import { urlValidationToken, webhookSignature } from '@rtms/zoom-protocol';
import type { Logger } from 'pino';

export interface PublicUrlCheckSettings {
  /** PUBLIC_WEBHOOK_URL: the https:// URL Zoom posts to. */
  url: string;
  /** The current webhook secret token (the first of ZOOM_WEBHOOK_SECRET_TOKEN). */
  secret: string;
  logger: Logger;
  timeoutMs?: number;
  now?: () => number;
  fetch?: typeof fetch;
}

/** The log lines of each outcome (docs/troubleshooting.md quotes them). */
export const PublicUrlLog = {
  ok: 'public webhook URL reaches this gateway',
  failed: 'public webhook URL check failed',
} as const;

/**
 * The gateway's start-up self-check: one signed `endpoint.url_validation` (docs/rtms-protocol.md §1.2) sent to
 * PUBLIC_WEBHOOK_URL, as Zoom would send it. It passes when the answer is right **and** the request was seen
 * arriving here (not at another deployment answering that URL). Advisory: /readyz shows it without ever
 * making the gateway unready (a load balancer that waits for readiness would otherwise never route to it).
 */
export class PublicUrlCheck {
  private result: CheckResult = { ok: false, advisory: true, detail: 'public webhook URL not checked yet' };
  private token: string | undefined;
  private arrived = false;
  private readonly log: Logger;

  constructor(private readonly settings: PublicUrlCheckSettings) {
    this.log = settings.logger.child({ component: 'public-url-check' });
  }

  get state(): CheckResult {
    return this.result;
  }

  /** Called by the webhook route for every verified url_validation request. */
  observe(plainToken: string): void {
    if (plainToken === this.token) this.arrived = true;
  }

  async run(): Promise<CheckResult> {
    const { url, secret } = this.settings;
    this.token = `rtms-self-check-${randomBytes(12).toString('hex')}`;
    this.arrived = false;
    const now = this.settings.now ?? Date.now;
    const body = JSON.stringify({
      event: ZoomEvents.urlValidation,
      event_ts: now(),
      payload: { plainToken: this.token },
    });
    const timestamp = String(Math.floor(now() / 1000));
    let problem: string | undefined;
    try {
      const res = await (this.settings.fetch ?? fetch)(url, {
        method: 'POST',
        body,
        redirect: 'manual',
        headers: {
          'content-type': ZoomWebhookRequest.contentType,
          [ZoomWebhookHeaders.timestamp]: timestamp,
          [ZoomWebhookHeaders.signature]: webhookSignature(secret, timestamp, body),
        },
        signal: AbortSignal.timeout(this.settings.timeoutMs ?? 5000),
      });
      const answer = (await res.json().catch(() => undefined)) as { encryptedToken?: unknown } | undefined;
      if (res.status === 401)
        problem = 'answered 401: the service at this URL has another ZOOM_WEBHOOK_SECRET_TOKEN';
      else if (res.status !== 200 && res.status !== 204) problem = `answered ${res.status} instead of 200`;
      else if (answer?.encryptedToken !== urlValidationToken(secret, this.token))
        problem = 'answered 200 without the right encryptedToken: something else answers this URL';
      else if (!this.arrived)
        problem =
          'answered, but the request never arrived at this gateway: another deployment answers this URL';
    } catch (err) {
      const cause =
        err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
      problem = `no answer (${cause}): the URL does not reach this host (tunnel down, DNS, proxy, TLS)`;
    }
    this.result = problem
      ? { ok: false, advisory: true, final: true, detail: `PUBLIC_WEBHOOK_URL ${url}: ${problem}` }
      : { ok: true, detail: `PUBLIC_WEBHOOK_URL ${url} reaches this gateway` };
    if (problem) this.log.error({ url, detail: this.result.detail }, PublicUrlLog.failed);
    else this.log.info({ url }, PublicUrlLog.ok);
    return this.result;
  }
}
