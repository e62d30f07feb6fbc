import { createHmac, timingSafeEqual } from 'node:crypto';

// Zoom's webhook signature (docs/rtms-protocol.md §1.3): x-zm-signature = "v0=" + hex(HMAC-SHA256(secret,
// "v0:" + x-zm-request-timestamp + ":" + body)). The HMAC runs over the raw body bytes as received, never a
// decoded or re-serialised form: two byte sequences that decode to the same text must not share a signature.

export const VerifyFailureReasons = [
  'missing_headers',
  'malformed_signature',
  'malformed_timestamp',
  'timestamp_out_of_window',
  'signature_mismatch',
] as const;
export type VerifyFailureReason = (typeof VerifyFailureReasons)[number];

export type VerifyResult =
  | { ok: true /** Index of the secret that matched (0 = current). */; secretIndex: number }
  | { ok: false; reason: VerifyFailureReason };

export interface VerifierSettings {
  /** Current secret first; older ones are still accepted during a rotation. */
  secrets: readonly string[];
  toleranceSeconds: number;
  /** Epoch ms. */
  now: () => number;
}

const SIGNATURE_RE = /^v0=[0-9a-fA-F]{64}$/;
// Unix seconds; 12 digits reach year 33658, more is not a timestamp.
const TIMESTAMP_RE = /^\d{1,12}$/;

export type HeaderValue = string | string[] | undefined;

export type WebhookVerifier = (
  signature: HeaderValue,
  timestamp: HeaderValue,
  rawBody: Uint8Array,
) => VerifyResult;

/** Checks of the headers alone (no body needed), in the verifier's order; the body's HMAC comes after. */
export type HeaderCheck = (signature: HeaderValue, timestamp: HeaderValue) => VerifyFailureReason | undefined;

/**
 * The header checks: both headers present (a repeated header is malformed), their shapes, the timestamp
 * window (stale and future alike). A request failing one of them can never verify, whatever its body.
 */
export function createHeaderCheck(settings: Omit<VerifierSettings, 'secrets'>): HeaderCheck {
  return (signature, timestamp) => {
    if (signature === undefined || timestamp === undefined) return 'missing_headers';
    if (typeof signature !== 'string' || !SIGNATURE_RE.test(signature)) return 'malformed_signature';
    if (typeof timestamp !== 'string' || !TIMESTAMP_RE.test(timestamp)) return 'malformed_timestamp';
    const nowSeconds = Math.floor(settings.now() / 1000);
    if (Math.abs(nowSeconds - Number(timestamp)) > settings.toleranceSeconds)
      return 'timestamp_out_of_window';
    return undefined;
  };
}

/**
 * A verifier for one set of secrets: the header checks (`createHeaderCheck`), then the HMAC under each
 * secret with a constant-time compare of equal-length digests.
 */
export function createWebhookVerifier(settings: VerifierSettings): WebhookVerifier {
  if (settings.secrets.length === 0) throw new RangeError('at least one webhook secret is required');
  const secrets = settings.secrets.map((s) => Buffer.from(s, 'utf8'));
  const checkHeaders = createHeaderCheck(settings);
  return (signature, timestamp, rawBody) => {
    const failure = checkHeaders(signature, timestamp);
    if (failure) return { ok: false, reason: failure };
    const given = Buffer.from((signature as string).slice(3), 'hex');
    const prefix = `v0:${timestamp as string}:`;
    let matched = -1;
    // Every secret is tried (no early exit), so timing does not tell which one matched.
    for (let i = 0; i < secrets.length; i++) {
      const expected = createHmac('sha256', secrets[i] as Buffer)
        .update(prefix)
        .update(rawBody)
        .digest();
      if (timingSafeEqual(expected, given) && matched === -1) matched = i;
    }
    return matched === -1 ? { ok: false, reason: 'signature_mismatch' } : { ok: true, secretIndex: matched };
  };
}
