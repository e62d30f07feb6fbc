import { UrlValidationAnswerSchema, urlValidationToken } from '@rtms/zoom-protocol';
import type { Prng } from '../prng.js';
import type { WebhookSender } from './sender.js';

// `endpoint.url_validation` (docs/rtms-protocol.md §1.2): Zoom posts a plainToken and expects, within 3 s and with
// status 200 or 204, JSON `{plainToken, encryptedToken = hex(HMAC-SHA256(secret, plainToken))}`.

export interface UrlValidationResult {
  ok: boolean;
  url: string | null;
  status: number | undefined;
  plainToken: string;
  reason: string;
}

export async function validateWebhookUrl(
  sender: WebhookSender,
  secret: string,
  rng: Prng,
): Promise<UrlValidationResult> {
  const url = sender.url;
  const plainToken = rng.bytes(16).toString('base64url').slice(0, 22);
  const result = (status: number | undefined, ok: boolean, reason: string) => ({
    ok,
    url,
    status,
    plainToken,
    reason,
  });
  if (!url) return result(undefined, false, 'no webhook url configured');
  const body = JSON.stringify({
    payload: { plainToken },
    event_ts: Date.now(),
    event: 'endpoint.url_validation',
  });
  const res = await sender.post(url, body, sender.signedHeaders(body, plainToken));
  if (res.status === undefined) return result(undefined, false, `no answer: ${res.error}`);
  if (res.status !== 200 && res.status !== 204) return result(res.status, false, `status ${res.status}`);
  let json: unknown;
  try {
    json = JSON.parse(res.text);
  } catch {
    return result(res.status, false, 'answer is not JSON');
  }
  const answer = UrlValidationAnswerSchema.safeParse(json);
  if (!answer.success) return result(res.status, false, 'answer lacks plainToken/encryptedToken');
  if (answer.data.plainToken !== plainToken) return result(res.status, false, 'plainToken does not match');
  if (answer.data.encryptedToken !== urlValidationToken(secret, plainToken)) {
    return result(res.status, false, 'encryptedToken does not match');
  }
  return result(res.status, true, 'validated');
}
