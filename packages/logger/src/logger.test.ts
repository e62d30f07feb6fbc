import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, loggerOptions, REDACTED } from './index.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, stream };
}

describe('logger - createLogger', () => {
  it('writes JSON with the service name, object first', () => {
    const { lines, stream } = capture();
    const log = createLogger({ service: 'webhook-gateway' }, stream);
    log.child({ component: 'verify' }).info({ event: 'meeting.started' }, 'verified');
    expect(lines[0]).toMatchObject({
      service: 'webhook-gateway',
      component: 'verify',
      event: 'meeting.started',
      msg: 'verified',
    });
  });

  it('redacts signatures, secrets and tokens', () => {
    const { lines, stream } = capture();
    const log = createLogger({ service: 's' }, stream);
    log.info({
      req: { headers: { authorization: 'Bearer abc', 'x-zm-signature': 'v0=dead' } },
      handshake: { signature: 'beef', meeting_uuid: 'u' },
      oauth: { access_token: 't', clientSecret: 'c' },
      config: { ZOOM_WEBHOOK_SECRET_TOKEN: 'w', PORT: 3000 },
    });
    const line = JSON.stringify(lines[0]);
    for (const secret of ['Bearer abc', 'v0=dead', 'beef', '"t"', '"c"', '"w"'])
      expect(line).not.toContain(secret);
    expect(lines[0]).toMatchObject({
      handshake: { signature: REDACTED, meeting_uuid: 'u' },
      config: { PORT: 3000 },
    });
  });

  it('is pretty only when asked or on a TTY', () => {
    expect(loggerOptions({ service: 's', pretty: false }).transport).toBeUndefined();
    expect(loggerOptions({ service: 's', pretty: true }).transport).toBeDefined();
  });

  it('serializes error causes', () => {
    const { lines, stream } = capture();
    createLogger({ service: 's' }, stream).error(
      { err: new Error('outer', { cause: new Error('inner') }) },
      'x',
    );
    expect(JSON.stringify(lines[0])).toContain('inner');
  });
});
