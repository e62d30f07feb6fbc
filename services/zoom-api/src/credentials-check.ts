import type { CheckResult } from '@rtms/service-kit';
import type { Logger } from 'pino';
import { OAuthTokenError } from './errors.js';
import type { TokenSource } from './oauth-token.js';
import type { ZoomAuth } from './zoom-auth.js';

export interface CredentialsCheckSettings {
  auth: ZoomAuth;
  tokens: TokenSource;
  logger: Logger;
  /** Pause before asking again while the token endpoint is unreachable or failing (5xx). */
  retryMs: number;
}

/** The log line of each outcome (docs/troubleshooting.md quotes them). */
const CredentialsLog = {
  accepted: 'Zoom credentials accepted',
  rejected: 'Zoom credentials rejected',
  unreachable: 'Zoom token endpoint not reachable yet; checking again',
} as const;

/**
 * The start-up self-check: fetches one OAuth token so that wrong credentials show at start (in the log and in
 * /readyz), not at the first meeting. Zoom's answer and the variables to fix are named; no value is. A token
 * endpoint that is down is asked again every `retryMs` until it answers; a refusal is final.
 */
export class CredentialsCheck {
  private result: CheckResult = { ok: false, detail: 'Zoom credentials not checked yet' };
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly log: Logger;

  constructor(private readonly settings: CredentialsCheckSettings) {
    this.log = settings.logger.child({ component: 'credentials-check' });
  }

  /** For /readyz. */
  get state(): CheckResult {
    return this.result;
  }

  /** Resolves after the first answer (accepted, rejected or unreachable); retries go on in the background. */
  async start(): Promise<CheckResult> {
    const { auth } = this.settings;
    if (auth.kind === 'static') {
      this.result = { ok: true, detail: 'static access token (ZOOM_ACCESS_TOKEN): not checked before use' };
      this.log.info(this.result, CredentialsLog.accepted);
      return this.result;
    }
    await this.attempt();
    return this.result;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async attempt(): Promise<void> {
    if (this.stopped || this.settings.auth.kind !== 'oauth') return;
    const auth = this.settings.auth;
    try {
      await this.settings.tokens.get();
      this.result = { ok: true, detail: `OAuth token fetched from ${auth.tokenUrl}` };
      this.log.info({ tokenUrl: auth.tokenUrl }, CredentialsLog.accepted);
    } catch (err) {
      if (err instanceof OAuthTokenError && !err.retriable) {
        this.result = { ok: false, detail: rejectionDetail(auth, err), final: true };
        this.log.error(
          { tokenUrl: auth.tokenUrl, status: err.status, detail: this.result.detail },
          CredentialsLog.rejected,
        );
        return;
      }
      const answer =
        err instanceof OAuthTokenError ? `${err.status ?? ''} ${err.reason}`.trim() : String(err);
      this.result = {
        ok: false,
        detail: `Zoom's token endpoint ${auth.tokenUrl} (ZOOM_OAUTH_URL) did not answer usefully: ${answer}`,
      };
      this.log.warn({ tokenUrl: auth.tokenUrl, detail: this.result.detail }, CredentialsLog.unreachable);
      if (!this.stopped) this.timer = setTimeout(() => void this.attempt(), this.settings.retryMs);
    }
  }
}

/** Which credential Zoom refused, by its answer (`invalid_client`, `Invalid account_id`, …). */
function rejectionDetail(auth: Extract<ZoomAuth, { kind: 'oauth' }>, err: OAuthTokenError): string {
  const id = auth.vars?.clientId ?? 'ZOOM_CLIENT_ID';
  const secret = auth.vars?.clientSecret ?? 'ZOOM_CLIENT_SECRET';
  const reason = err.reason.toLowerCase();
  const fix = reason.includes('account')
    ? 'ZOOM_ACCOUNT_ID (the Account ID of the Server-to-Server OAuth app)'
    : reason.includes('client') || err.status === 401
      ? `${id} / ${secret} (the Server-to-Server OAuth app's Client ID and Client Secret)`
      : `ZOOM_ACCOUNT_ID, ${id}, ${secret}`;
  return `Zoom refused the Server-to-Server OAuth credentials: ${err.status ?? ''} ${err.reason}; check ${fix}`.replace(
    '  ',
    ' ',
  );
}
