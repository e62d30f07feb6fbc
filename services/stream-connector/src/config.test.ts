import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@rtms/config';
import { TopologyDefaults } from '@rtms/contracts';
import { thrownBy } from '@rtms/testkit';
import { Codec, DEFAULT_MEDIA_PARAMS } from '@rtms/zoom-protocol';
import { describe, expect, it } from 'vitest';
import { ConnectorEnv, loadConfig, mediaParamsOf } from './config.js';

const base = { ZOOM_CLIENT_ID: 'id', ZOOM_CLIENT_SECRET: 'secret' };

const configError = (env: Record<string, string>) => thrownBy(() => loadConfig(env), ConfigError);

describe('config - stream-connector environment', () => {
  it('defaults: transcript only, split sockets, Zoom backoff, lease TTL from contracts', () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({
      PORT: 3002,
      RTMS_MEDIA_TYPES: ['transcript'],
      RTMS_MEDIA_SOCKETS: 'split',
      RTMS_BUFFER_DATA: false,
      RTMS_ALLOW_INSECURE_WS: false,
      RTMS_BACKOFF_BASE_MS: 3000,
      RTMS_BACKOFF_MAX_MS: 30_000,
      RTMS_LEASE_TTL_MS: TopologyDefaults.leaseTtlMs,
    });
    expect(c.RTMS_LEASE_TTL_MS).toBeLessThanOrEqual(5000);
    expect(mediaParamsOf(c)).toEqual({ transcript: DEFAULT_MEDIA_PARAMS.transcript });
  });

  it('media types and params from the environment, checked by the protocol rules', () => {
    const c = loadConfig({
      ...base,
      RTMS_MEDIA_TYPES: 'audio, video ,transcript',
      RTMS_AUDIO_SAMPLE_RATE: '48000',
      RTMS_AUDIO_CODEC: 'opus',
      RTMS_AUDIO_CHANNELS: '2',
      RTMS_VIDEO_CODEC: 'h264',
      RTMS_VIDEO_FPS: '25',
      RTMS_TRANSCRIPT_LANGUAGE: '9',
    });
    const p = mediaParamsOf(c);
    expect(p.audio).toMatchObject({ sample_rate: 3, codec: Codec.OPUS, channel: 2, send_rate: 20 });
    expect(p.video).toMatchObject({ codec: Codec.H264, fps: 25 });
    expect(p.transcript).toMatchObject({ src_language: 9, enable_lid: true });
  });

  it('names the variable at fault and how to fix it', () => {
    const e = configError({
      RTMS_MEDIA_TYPES: 'audio,smell',
      RTMS_VIDEO_FPS: '10',
      RTMS_BACKOFF_MAX_MS: '5',
    });
    const vars = e.issues.map((i) => i.variable).sort();
    expect(vars).toEqual(['RTMS_BACKOFF_MAX_MS', 'RTMS_MEDIA_TYPES', 'ZOOM_CLIENT_ID', 'ZOOM_CLIENT_SECRET']);
    expect(e.message).toContain(
      'ZOOM_CLIENT_ID: is required. Fix: set it to the Client ID of your Zoom RTMS app',
    );
  });

  it('rejects media params the protocol forbids, pointing at the variable', () => {
    const e = configError({ ...base, RTMS_MEDIA_TYPES: 'video', RTMS_VIDEO_FPS: '10' });
    expect(e.issues.map((i) => i.variable)).toEqual(['RTMS_VIDEO_FPS']);
    expect(e.message).toContain('needs codec H264');
    const stereo = configError({ ...base, RTMS_MEDIA_TYPES: 'audio', RTMS_AUDIO_CHANNELS: '2' });
    expect(stereo.issues.map((i) => i.variable)).toEqual(['RTMS_AUDIO_CHANNELS']);
  });

  it('documents every variable: a .describe() each and a line in .env.example', () => {
    const example = readFileSync(fileURLToPath(new URL('../../../.env.example', import.meta.url)), 'utf8');
    for (const [name, field] of Object.entries(ConnectorEnv.shape)) {
      expect(field.description, name).toBeTruthy();
      expect(example, name).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
    }
  });
});
