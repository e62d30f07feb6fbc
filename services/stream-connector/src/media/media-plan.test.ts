import { Codec, DEFAULT_MEDIA_PARAMS, MediaType } from '@rtms/zoom-protocol';
import { describe, expect, it } from 'vitest';
import { mediaFormatOf, mediaUrlFor, planMediaSockets, wireKindsOf } from './media-plan.js';

const params = DEFAULT_MEDIA_PARAMS;

describe('media plan - which sockets a stream opens', () => {
  it('maps user names to wire kinds, in protocol order, `all` to every kind', () => {
    expect(wireKindsOf(['transcript', 'share', 'audio'])).toEqual(['audio', 'deskshare', 'transcript']);
    expect(wireKindsOf(['all'])).toEqual(['audio', 'video', 'deskshare', 'transcript', 'chat']);
  });

  it('split: one socket per kind with its own flag, URL key and params, falling back to `all`', () => {
    const plans = planMediaSockets(['audio', 'share'], 'split', params);
    const [audio, share] = plans;
    if (!audio || !share) throw new Error('expected two sockets');
    expect(plans.map((p) => [p.name, p.mediaType, p.urlKeys])).toEqual([
      ['audio', MediaType.AUDIO, ['audio', 'all']],
      ['deskshare', MediaType.DESKSHARE, ['sharescreen', 'all']],
    ]);
    expect(plans[0]?.mediaParams).toEqual({ audio: params.audio });
    expect(mediaUrlFor(share, { audio: 'wss://a', all: 'wss://all' })).toBe('wss://all');
    expect(mediaUrlFor(audio, { audio: 'wss://a', all: 'wss://all' })).toBe('wss://a');
    expect(mediaUrlFor(audio, {})).toBeUndefined();
  });

  it('single: one socket on the all URL, flags OR-ed, ALL (32) when every type is asked for', () => {
    const [one] = planMediaSockets(['audio', 'transcript'], 'single', params);
    expect(one).toMatchObject({ name: 'all', mediaType: 9, urlKeys: ['all'] });
    expect(Object.keys(one?.mediaParams ?? {})).toEqual(['audio', 'transcript']);
    expect(planMediaSockets(['all'], 'single', params)[0]?.mediaType).toBe(MediaType.ALL);
  });

  it('describes the bytes of each media kind in Rtms-Format', () => {
    expect(mediaFormatOf('audio', params)).toBe('audio/L16;rate=16000;channels=1');
    expect(
      mediaFormatOf('audio', { audio: { ...params.audio, codec: Codec.OPUS, sample_rate: 3, channel: 2 } }),
    ).toBe('audio/opus;rate=48000;channels=2');
    expect(mediaFormatOf('video', params)).toBe('image/jpeg');
    expect(mediaFormatOf('deskshare', { deskshare: { ...params.deskshare, codec: Codec.H264 } })).toBe(
      'video/h264',
    );
  });
});
