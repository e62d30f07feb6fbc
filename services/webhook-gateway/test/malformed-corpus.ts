import net from 'node:net';
import { type Answer, postSigned, request, SECRET, sign } from './helpers.js';

// A generated corpus of malformed webhook requests (every one must be refused with a 4xx and store nothing):
// truncated JSON, wrong types, bad event names and unicode edge cases, binary bodies, huge and malformed
// headers, wrong content types and methods, broken HTTP framing.

/** Deterministic PRNG (mulberry32), so a failing case can be reproduced by its index. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export type Case = { name: string; send: (url: string) => Promise<Pick<Answer, 'status'>> };

export const VALID = JSON.stringify({
  event: 'meeting.rtms_started',
  event_ts: 1_626_230_691_572,
  payload: {
    meeting_uuid: 'u==',
    rtms_stream_id: '609340fb2a7946909659956c8aa9250c',
    server_urls: 'wss://x',
  },
});

/** Sends raw bytes on a socket and reads the status line of whatever comes back (0 if nothing). */
function raw(url: string, bytes: string | Buffer): Promise<{ status: number }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      text += d;
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (match) resolve({ status: Number(match[1]) });
      else reject(new Error(`no HTTP answer to raw request: ${JSON.stringify(text.slice(0, 200))}`));
    });
    socket.end(bytes);
  });
}

export function corpus(): Case[] {
  const rand = prng(20_240_214);
  const cases: Case[] = [];
  const signed = (name: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    cases.push({ name, send: (url) => postSigned(url, body, { headers }) });
  const unsigned = (name: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    cases.push({
      name,
      send: (url) => request(url, { body, headers: { 'content-type': 'application/json', ...headers } }),
    });

  // Truncated JSON, signed (→ 400) and unsigned (→ 401), at 70 cut points.
  for (let i = 0; i < 70; i++) {
    const cut = Math.floor((i / 70) * VALID.length);
    if (i % 2 === 0) signed(`truncated signed @${cut}`, VALID.slice(0, cut));
    else unsigned(`truncated unsigned @${cut}`, VALID.slice(0, cut));
  }

  // Wrong types in the envelope, signed.
  const wrong: unknown[] = [
    null,
    true,
    42,
    'string',
    [],
    [VALID],
    {},
    { event: 123, event_ts: 1, payload: {} },
    { event: null, event_ts: 1, payload: {} },
    { event: ['meeting.started'], event_ts: 1, payload: {} },
    { event: { name: 'x' }, event_ts: 1, payload: {} },
    { event: '', event_ts: 1, payload: {} },
    { event: 'meeting.started', event_ts: '1', payload: {} },
    { event: 'meeting.started', event_ts: -1, payload: {} },
    { event: 'meeting.started', event_ts: 1.5, payload: {} },
    { event: 'meeting.started', event_ts: null, payload: {} },
    { event: 'meeting.started', event_ts: { ms: 1 }, payload: {} },
    { event: 'meeting.started', payload: {} },
    { event: 'meeting.started', event_ts: 1 },
    { event: 'meeting.started', event_ts: 1, payload: [] },
    { event: 'meeting.started', event_ts: 1, payload: 'x' },
    { event: 'meeting.started', event_ts: 1, payload: null },
    { event: 'endpoint.url_validation', event_ts: 1, payload: { plainToken: 5 } },
    { event: 'endpoint.url_validation', event_ts: 1, payload: { plainToken: '' } },
    { event: 'endpoint.url_validation', event_ts: 1, payload: { plainToken: 'x'.repeat(300) } },
    { event: 'endpoint.url_validation', event_ts: 1, payload: { plainToken: ['a'] } },
  ];
  for (const [i, value] of wrong.entries()) signed(`wrong types #${i}`, JSON.stringify(value) ?? 'undefined');
  signed('1e400 literal', '{"event":"meeting.started","event_ts":1e400,"payload":{}}');
  signed('NaN literal', '{"event":"meeting.started","event_ts":NaN,"payload":{}}');
  signed('trailing comma', '{"event":"meeting.started","event_ts":1,"payload":{},}');
  signed('single quotes', "{'event':'meeting.started','event_ts':1,'payload':{}}");
  signed('two documents', `${VALID}${VALID}`);
  signed('empty body', '');
  signed('whitespace body', ' \n\t ');

  // Event names that are not subject tokens, including unicode edge cases.
  const badEvents = [
    'meeting.*',
    'meeting.>',
    '>',
    'meeting..started',
    '.meeting',
    'meeting.',
    'meeting started',
    'Meeting.Started',
    'meeting.stårted',
    'meeting.started\u0000',
    'meeting.started\n',
    'meeting\u202estarted',
    'meeting\u200dstarted',
    'meeting.😀',
    '\ud800',
    'meeting.\udfff',
    '\ufeffmeeting.started',
    'ｍeeting.started',
    'meeting.started\u2028',
    `${'x'.repeat(1000)}.*`,
    'meeting-started',
    'a'.repeat(5000),
    `meeting.${'x'.repeat(195)}`,
    'meeting/started',
  ];
  for (const [i, event] of badEvents.entries())
    signed(`bad event name #${i}`, JSON.stringify({ event, event_ts: 1, payload: {} }));
  // Lone surrogates and BOMs at the byte level.
  signed('escaped lone surrogate event', '{"event":"\\ud83d","event_ts":1,"payload":{}}');
  signed('UTF-16LE body', Buffer.from(VALID, 'utf16le'));
  signed(
    'UTF-16BE BOM body',
    Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(VALID, 'utf16le').swap16()]),
  );
  signed('overlong UTF-8 slash', Buffer.from([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d]));
  signed(
    'CESU surrogate bytes',
    Buffer.concat([
      Buffer.from('{"event":"'),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from('","event_ts":1,"payload":{}}'),
    ]),
  );
  signed('BOM then garbage', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{oops')]));

  // Binary bodies, signed and unsigned.
  for (let i = 0; i < 30; i++) {
    const bytes = Buffer.alloc(1 + Math.floor(rand() * 512), 0);
    for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(rand() * 256);
    if (i % 2 === 0) signed(`binary signed #${i}`, bytes);
    else
      unsigned(`binary unsigned #${i}`, bytes, { 'x-zm-request-timestamp': '1', 'x-zm-signature': 'v0=00' });
  }

  // Headers: huge, repeated, malformed values.
  const now = () => String(Math.floor(Date.now() / 1000));
  unsigned('8 KiB signature header', VALID, {
    'x-zm-signature': `v0=${'a'.repeat(8192)}`,
    'x-zm-request-timestamp': '1',
  });
  unsigned('8 KiB timestamp header', VALID, {
    'x-zm-signature': `v0=${'a'.repeat(64)}`,
    'x-zm-request-timestamp': '9'.repeat(8192),
  });
  cases.push({
    name: 'headers over 16 KiB in total',
    send: (url) =>
      request(url, {
        body: VALID,
        headers: { 'content-type': 'application/json', 'x-pad': 'p'.repeat(20_000) },
      }),
  });
  cases.push({
    name: '200 extra headers',
    send: (url) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      for (let i = 0; i < 200; i++) headers[`x-extra-${i}`] = 'v'.repeat(50);
      return request(url, { body: VALID, headers });
    },
  });
  cases.push({
    name: 'repeated signature headers',
    send: (url) => {
      const ts = now();
      const sig = sign(SECRET, ts, VALID);
      return request(url, {
        body: VALID,
        headers: {
          'content-type': 'application/json',
          'x-zm-signature': [sig, sig],
          'x-zm-request-timestamp': ts,
        },
      });
    },
  });
  for (const ts of ['', ' ', 'abc', '-1', '1.5', '0x10', '1e9', '９９９', `${'1'.repeat(40)}`])
    unsigned(`timestamp ${JSON.stringify(ts)}`, VALID, {
      'x-zm-request-timestamp': Buffer.from(ts, 'utf8').toString('latin1'),
      'x-zm-signature': `v0=${'0'.repeat(64)}`,
    });
  for (const sig of [
    'v0=',
    'v0',
    `v0=${'g'.repeat(64)}`,
    `v0=${'a'.repeat(63)}`,
    `v0=${'a'.repeat(65)}`,
    `V0=${'a'.repeat(64)}`,
    'Bearer x',
    `v0=${'é'.repeat(32)}`,
  ])
    cases.push({
      name: `signature ${JSON.stringify(sig.slice(0, 12))}`,
      send: (url) =>
        request(url, {
          body: VALID,
          headers: {
            'content-type': 'application/json',
            'x-zm-request-timestamp': now(),
            'x-zm-signature': Buffer.from(sig, 'utf8').toString('latin1'),
          },
        }),
    });

  // Content types and methods.
  for (const type of [
    'text/plain',
    'application/jsonx',
    'application/xml',
    'multipart/form-data; boundary=x',
    'application/x-www-form-urlencoded',
    'json',
    '*/*',
    'application/octet-stream',
  ])
    cases.push({
      name: `content-type ${type}`,
      send: (url) => {
        const ts = now();
        return request(url, {
          body: VALID,
          headers: {
            'content-type': type,
            'x-zm-request-timestamp': ts,
            'x-zm-signature': sign(SECRET, ts, VALID),
          },
        });
      },
    });
  for (const method of ['GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])
    cases.push({
      name: `method ${method}`,
      send: (url) =>
        request(url, {
          method,
          body: method === 'GET' ? undefined : VALID,
          headers: { 'content-type': 'application/json' },
        }),
    });
  signed(
    'body over the limit',
    `{"event":"meeting.started","event_ts":1,"payload":{"pad":"${'x'.repeat(70_000)}"}}`,
  );

  // Broken HTTP framing, on raw sockets.
  const frames = [
    'POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
    'POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}',
    'POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n{}',
    'POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
    'POST /webhook HTTP/9.9\r\nHost: x\r\n\r\n',
    'P\u00d6ST /webhook HTTP/1.1\r\nHost: x\r\n\r\n',
    'POST /webhook HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
    '\u0000\u0001\u0002\u0003\r\n\r\n',
    `POST /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    'POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{"event"',
  ];
  for (const [i, frame] of frames.entries())
    cases.push({ name: `raw frame #${i}`, send: (url) => raw(url, Buffer.from(frame, 'latin1')) });
  return cases;
}
