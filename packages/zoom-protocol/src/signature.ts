import { createHmac, timingSafeEqual } from 'node:crypto';

// HMAC-SHA256 signatures on Zoom's wire (docs/rtms-protocol.md §1.2, §1.3, §3.2). All hex is lowercase.

function hmacHex(key: string, message: string | Buffer): string {
  return createHmac('sha256', key).update(message).digest('hex');
}

/**
 * The RTMS handshake signature, reused on the signaling and every media socket:
 * hex(HMAC-SHA256(client_secret, client_id + "," + instanceId + "," + rtms_stream_id)). `instanceId` is the
 * meeting_uuid / webinar_uuid / session_id / engagement_id, verbatim (including `==`, `/`, `+`).
 */
export function rtmsSignature(input: {
  clientId: string;
  clientSecret: string;
  instanceId: string;
  streamId: string;
}): string {
  return hmacHex(input.clientSecret, `${input.clientId},${input.instanceId},${input.streamId}`);
}

/** Constant-time comparison of two hex strings (false when lengths differ). */
export function hexEquals(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

/**
 * The `x-zm-signature` header value: "v0=" + hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + rawBody)).
 * `timestamp` is the `x-zm-request-timestamp` header value (Unix seconds, as sent); `rawBody` the exact bytes.
 * The signing half of a deliberate pair: the simulator (and the gateway's public-URL self-check) sign with it,
 * the gateway verifies with its own code (services/webhook-gateway/src/signature.ts); the gateway's
 * signature-pair test runs the two against each other and against fixed vectors. No verifier lives here.
 */
export function webhookSignature(
  secret: string,
  timestamp: string | number,
  rawBody: string | Buffer,
): string {
  // The body is hashed as the bytes it is: decoding it to a string first would map different byte
  // sequences (invalid UTF-8) to one signature.
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(rawBody).digest('hex')}`;
}

/** `encryptedToken` answering `endpoint.url_validation`: hex(HMAC-SHA256(secret, plainToken)). */
export function urlValidationToken(secret: string, plainToken: string): string {
  return hmacHex(secret, plainToken);
}

/** The full JSON answer to `endpoint.url_validation`. */
export function urlValidationResponse(
  secret: string,
  plainToken: string,
): { plainToken: string; encryptedToken: string } {
  return { plainToken, encryptedToken: urlValidationToken(secret, plainToken) };
}
