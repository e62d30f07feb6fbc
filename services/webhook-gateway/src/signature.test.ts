import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createWebhookVerifier } from './signature.js';

// Expected values are computed here with node:crypto directly, not with the code under test.
const sign = (secret: string, ts: string, body: string | Buffer) =>
  `v0=${createHmac('sha256', secret).update(`v0:${ts}:`).update(body).digest('hex')}`;

const NOW_MS = 1_739_923_528_000;
const TS = String(NOW_MS / 1000);
const BODY = '{"event":"meeting.started","event_ts":1739923528000,"payload":{}}';

describe('signature - createWebhookVerifier', () => {
  const verify = createWebhookVerifier({
    secrets: ['current', 'old'],
    toleranceSeconds: 300,
    now: () => NOW_MS,
  });

  it('accepts a valid signature and says which secret matched', () => {
    expect(verify(sign('current', TS, BODY), TS, Buffer.from(BODY))).toEqual({ ok: true, secretIndex: 0 });
    expect(verify(sign('old', TS, BODY), TS, Buffer.from(BODY))).toEqual({ ok: true, secretIndex: 1 });
  });

  it('accepts uppercase hex', () => {
    const sig = sign('current', TS, BODY)
      .replace(/[a-f]/g, (c) => c.toUpperCase())
      .replace('V0=', 'v0=');
    expect(verify(sig, TS, Buffer.from(BODY)).ok).toBe(true);
  });

  it('refuses each broken input with its reason', () => {
    const body = Buffer.from(BODY);
    const good = sign('current', TS, BODY);
    const cases: [Parameters<typeof verify>, string][] = [
      [[undefined, TS, body], 'missing_headers'],
      [[good, undefined, body], 'missing_headers'],
      [['', TS, body], 'malformed_signature'],
      [[good.slice(0, -2), TS, body], 'malformed_signature'],
      [[`v1=${good.slice(3)}`, TS, body], 'malformed_signature'],
      [[[good, good], TS, body], 'malformed_signature'],
      [[`${good}, ${good}`, TS, body], 'malformed_signature'],
      [[good, `${TS}.5`, body], 'malformed_timestamp'],
      [[good, `-${TS}`, body], 'malformed_timestamp'],
      [[good, '1'.repeat(13), body], 'malformed_timestamp'],
      [[good, [TS], body], 'malformed_timestamp'],
      [[sign('current', '1', BODY), '1', body], 'timestamp_out_of_window'],
      [[good, String(Number(TS) + 301), body], 'timestamp_out_of_window'],
      [[sign('wrong', TS, BODY), TS, body], 'signature_mismatch'],
      [[good, TS, Buffer.from(BODY.replace('started', 'ended'))], 'signature_mismatch'],
      [[good, TS, Buffer.from(BODY.replace(',', ', '))], 'signature_mismatch'],
    ];
    for (const [args, reason] of cases)
      expect(verify(...args), JSON.stringify(args[0])).toEqual({ ok: false, reason });
  });

  it('accepts timestamps exactly at the edge of the window', () => {
    for (const ts of [String(Number(TS) - 300), String(Number(TS) + 300)])
      expect(verify(sign('current', ts, BODY), ts, Buffer.from(BODY)).ok).toBe(true);
  });

  it('hashes raw bytes: invalid UTF-8 that decodes to the same text does not share a signature', () => {
    const replacement = Buffer.from('{"x":"\uFFFD"}'); // EF BF BD
    const invalid = Buffer.from([...Buffer.from('{"x":"'), 0xff, ...Buffer.from('"}')]);
    expect(invalid.toString('utf8')).toBe(replacement.toString('utf8'));
    const sig = sign('current', TS, replacement);
    expect(verify(sig, TS, replacement).ok).toBe(true);
    expect(verify(sig, TS, invalid)).toEqual({ ok: false, reason: 'signature_mismatch' });
  });

  it('needs at least one secret', () => {
    expect(() => createWebhookVerifier({ secrets: [], toleranceSeconds: 1, now: Date.now })).toThrow(
      RangeError,
    );
  });
});
