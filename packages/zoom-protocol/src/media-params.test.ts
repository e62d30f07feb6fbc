import { describe, expect, it } from 'vitest';
import { DEFAULT_MEDIA_PARAMS, resolveMediaParams, StatusCode } from './index.js';

describe('media params - resolution', () => {
  it('applies the documented defaults', () => {
    const r = resolveMediaParams(undefined, ['audio', 'video', 'deskshare', 'transcript', 'chat']);
    expect(r).toEqual({ ok: true, params: DEFAULT_MEDIA_PARAMS });
  });

  it('clamps send_rate above 1000 and rejects non-multiples of 20', () => {
    const ok = resolveMediaParams({ audio: { send_rate: 2000 } }, ['audio']);
    expect(ok.ok && ok.params.audio?.send_rate).toBe(1000);
    const bad = resolveMediaParams({ audio: { send_rate: 30 } }, ['audio']);
    expect(bad).toMatchObject({ ok: false, status: StatusCode.INVALID_MEDIA_AUDIO_SEND_RATE });
  });

  it('allows stereo only with opus', () => {
    expect(resolveMediaParams({ audio: { channel: 2 } }, ['audio'])).toMatchObject({
      ok: false,
      status: StatusCode.INVALID_MEDIA_AUDIO_CHANNEL,
    });
    expect(resolveMediaParams({ audio: { channel: 2, codec: 4 } }, ['audio']).ok).toBe(true);
  });

  it('enforces codec/fps rules for video and deskshare', () => {
    expect(resolveMediaParams({ video: { codec: 5, fps: 10 } }, ['video'])).toMatchObject({
      ok: false,
      status: StatusCode.INVALID_MEDIA_VIDEO_FPS,
    });
    expect(resolveMediaParams({ video: { codec: 7, fps: 30 } }, ['video'])).toMatchObject({ ok: true });
    const fallback = resolveMediaParams({ video: { fps: 24 } }, ['video']);
    expect(fallback.ok && fallback.params.video).toMatchObject({ codec: 5, fps: 5 });
    expect(resolveMediaParams({ deskshare: { codec: 6, fps: 2 } }, ['deskshare'])).toMatchObject({
      ok: false,
      status: StatusCode.INVALID_MEDIA_DESKSHARE_FPS,
    });
    expect(resolveMediaParams({ video: { codec: 9 } }, ['video'])).toMatchObject({
      ok: false,
      status: StatusCode.INVALID_MEDIA_VIDEO_CODEC,
    });
  });

  it("accepts the samples' `language` key for transcripts and checks the range", () => {
    const r = resolveMediaParams({ transcript: { language: 9 } }, ['transcript']);
    expect(r.ok && r.params.transcript?.src_language).toBe(9);
    expect(resolveMediaParams({ transcript: { src_language: 99 } }, ['transcript'])).toMatchObject({
      ok: false,
      status: StatusCode.INVALID_MEDIA_TRANSCRIPT_SOURCE_LANGUAGE,
    });
  });

  it('rejects non-object params with the params status of the kind', () => {
    expect(resolveMediaParams('x', ['audio'])).toMatchObject({
      ok: false,
      status: StatusCode.INVALID_MEDIA_PARAMS,
    });
    expect(resolveMediaParams({ chat: 5 }, ['chat'])).toMatchObject({
      ok: false,
      status: StatusCode.INVALID_MEDIA_CHAT_PARAMS,
    });
  });

  it('ignores params of kinds not requested', () => {
    expect(resolveMediaParams({ video: { codec: 99 } }, ['audio'])).toMatchObject({ ok: true });
  });
});
