import { Streams } from '@rtms/contracts';
import { describe, expect, it } from 'vitest';
import { ADMIN_USER, AuthUserNames, authorizationBlock, passwordVariable } from './auth-config.js';
import { natsPermissions } from './nats-permissions.js';
import { ServiceAccessTable } from './service-access.js';

describe('permissions - from the contracts to the nats-server authorization block', () => {
  it('permissions - each service may publish only its own subjects and API calls', () => {
    const gateway = natsPermissions(ServiceAccessTable['webhook-gateway']);
    expect(gateway.publish.allow).toContain('zoom.webhook.>');
    expect(gateway.publish.allow).toContain(`$JS.API.STREAM.CREATE.${Streams.webhooks}`);
    expect(gateway.publish.allow.some((s) => s.startsWith('rtms.'))).toBe(false);
    expect(gateway.subscribe.allow).toEqual(['_INBOX.>']);

    const sink = natsPermissions(ServiceAccessTable['transcript-sink']);
    for (const forbidden of ['zoom.webhook.>', 'rtms.api.start', '$JS.API.STREAM.DELETE.ZOOM_WEBHOOKS'])
      expect(sink.publish.allow).not.toContain(forbidden);
    expect(sink.publish.allow.some((s) => s.startsWith('zoom.'))).toBe(false);
    // Of the webhook stream, only single messages (the live page's meeting topics): no info, no consumer.
    expect(sink.publish.allow.filter((s) => s.includes('ZOOM_WEBHOOKS'))).toEqual([
      '$JS.API.STREAM.MSG.GET.ZOOM_WEBHOOKS',
    ]);

    const zoomApi = natsPermissions(ServiceAccessTable['zoom-api']);
    expect(zoomApi.subscribe.allow).toEqual(expect.arrayContaining(['rtms.api.start', '$SRV.*']));
    expect(zoomApi.allowResponses).toBe(true);
    // Its own durables only, never the connector's.
    expect(zoomApi.publish.allow).toContain('$JS.API.CONSUMER.MSG.NEXT.ZOOM_WEBHOOKS.zoom-api');
    expect(zoomApi.publish.allow.some((s) => s.includes('stream-connector'))).toBe(false);

    // No user but the administrator may delete or purge a stream; the recorder deletes objects of its own
    // object store (a purge of one object's chunks), and nothing else.
    for (const user of Object.values(ServiceAccessTable)) {
      const own = ('objectStores' in user ? user.objectStores : []).map(
        (b) => `$JS.API.STREAM.PURGE.OBJ_${b}`,
      );
      const p = natsPermissions(user).publish.allow.filter((s) => !own.includes(s));
      expect(p.some((s) => /STREAM\.(DELETE|PURGE)|^>$|\$JS\.API\.>/.test(s))).toBe(false);
    }
    const recorder = natsPermissions(ServiceAccessTable['media-recorder']).publish.allow;
    expect(recorder).toEqual(
      expect.arrayContaining(['$O.rtms-recordings.>', '$JS.API.STREAM.CREATE.OBJ_rtms-recordings']),
    );
    expect(recorder.filter((s) => s.includes('PURGE'))).toEqual(['$JS.API.STREAM.PURGE.OBJ_rtms-recordings']);
  });

  it('permissions - the reader reads transcripts and may not touch the sink consumer', () => {
    const reader = natsPermissions(ServiceAccessTable['transcript-reader']);
    expect(reader.publish.allow.every((s) => s.startsWith('$JS.'))).toBe(true);
    expect(reader.publish.deny).toContain('$JS.API.CONSUMER.DELETE.RTMS_TRANSCRIPTS.transcript-sink');
  });

  it('auth block - one user per service, a reader, an admin; passwords literal or from the environment', () => {
    const fromEnv = authorizationBlock();
    for (const user of AuthUserNames) {
      expect(fromEnv).toContain(`{ user: "${user}", password: $${passwordVariable(user)}`);
    }
    expect(passwordVariable('zoom-api')).toBe('NATS_PASSWORD_ZOOM_API');
    expect(fromEnv).toContain(`{ user: "${ADMIN_USER}", password: $NATS_PASSWORD_RTMS_ADMIN }`);
    const literal = authorizationBlock((u) => ({ value: `pw "${u}"` }));
    expect(literal).toContain('{ user: "zoom-api", password: "pw \\"zoom-api\\""');
    expect(literal).toMatch(/^authorization \{\n {2}users = \[/);
  });
});
