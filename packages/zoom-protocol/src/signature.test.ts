import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rtmsSignature, urlValidationResponse, urlValidationToken, webhookSignature } from './index.js';

// Vectors were computed outside this codebase (Python's hmac module) and are cross-checked with a direct
// node:crypto call written here, not with the code under test.
const independent = (key: string, msg: string) => createHmac('sha256', key).update(msg).digest('hex');

const body =
  '{"event":"meeting.rtms_started","event_ts":1626230691572,"payload":{"meeting_uuid":"4444AAAiAAAAAiAiAiiAii==","operator_id":"30R7kT7bTIKSNUFEuH_Qlg","rtms_stream_id":"609340fb2a7946909659956c8aa9250c","server_urls":"wss://127.0.0.1:443"}}';

describe('signature - rtms handshake', () => {
  it('signs client_id,uuid,stream_id with the client secret', () => {
    const sig = rtmsSignature({
      clientId: 'sim-client',
      clientSecret: 'sim-secret',
      instanceId: '4444AAAiAAAAAiAiAiiAii==',
      streamId: '609340fb2a7946909659956c8aa9250c',
    });
    expect(sig).toBe('008fc8e084865b08519dfbf3849af5fb8bf0a4f79ebe260fee99d0bd704cafac');
    expect(sig).toBe(
      independent('sim-secret', 'sim-client,4444AAAiAAAAAiAiAiiAii==,609340fb2a7946909659956c8aa9250c'),
    );
  });

  it('uses the uuid verbatim, slashes and pluses included', () => {
    const uuid = '/ab+c//d==';
    expect(rtmsSignature({ clientId: 'a', clientSecret: 'b', instanceId: uuid, streamId: 's' })).toBe(
      independent('b', `a,${uuid},s`),
    );
  });
});

describe('signature - webhooks', () => {
  it('signs v0:ts:body', () => {
    expect(webhookSignature('whsecret', '1739923528', body)).toBe(
      'v0=512600e70edf84965ebf961439499047fe7505eac2fc6b8a7c2378b8f8f74506',
    );
    expect(webhookSignature('whsecret', 1739923528, Buffer.from(body))).toBe(
      `v0=${independent('whsecret', `v0:1739923528:${body}`)}`,
    );
  });

  it('signs the body bytes as they are: invalid UTF-8 byte strings do not share a signature', () => {
    const a = Buffer.from([0x7b, 0xff, 0x7d]);
    const b = Buffer.from([0x7b, 0xfe, 0x7d]);
    expect(a.toString('utf8')).toBe(b.toString('utf8'));
    expect(webhookSignature('whsecret', 1, a)).not.toBe(webhookSignature('whsecret', 1, b));
    const expected = createHmac('sha256', 'whsecret')
      .update(Buffer.concat([Buffer.from('v0:1:'), a]))
      .digest('hex');
    expect(webhookSignature('whsecret', 1, a)).toBe(`v0=${expected}`);
  });

  it('answers url_validation with the hmac of plainToken', () => {
    expect(urlValidationToken('whsecret', 'qgg8vlvZRS6UYooatFL8Aw')).toBe(
      'ddf88355b0e25119268d211b77198b1a6f8a8c6389e35b8cc44b380fbc76ad52',
    );
    expect(urlValidationResponse('whsecret', 'x')).toEqual({
      plainToken: 'x',
      encryptedToken: independent('whsecret', 'x'),
    });
  });
});
