import { describe, expect, it } from 'vitest';
import { NalType, nalType, nalUnits, rbspOf } from './annex-b.js';
import { parseSps } from './h264-sps.js';

const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));

describe('h264-sps - Annex B', () => {
  it('h264-sps - splits access units at 3- and 4-byte start codes and drops trailing zeros', () => {
    const au = hex('00000001670a0b00000001680c000001650d0e0000');
    const nals = nalUnits(au);
    expect(nals.map((n) => Buffer.from(n).toString('hex'))).toEqual(['670a0b', '680c', '650d0e']);
    expect(nals.map(nalType)).toEqual([NalType.sps, NalType.pps, NalType.idr]);
    expect(nalUnits(hex('0102030405'))).toEqual([]);
  });

  it('h264-sps - the RBSP has its emulation prevention bytes removed', () => {
    expect(Buffer.from(rbspOf(hex('650000030100000302'))).toString('hex')).toBe('000001000002');
  });
});

describe('h264-sps - sizes from the SPS', () => {
  // SPSs written by libx264 (ffmpeg -c:v libx264) and by the simulator's encoder.
  it.each([
    ['6764001facd9405005bb0110000003001000000300a0f1831960', 100, 1280, 720],
    ['6742c00ad902cff9f0110000030001000003000a0f122648', 66, 176, 100], // cropped bottom
    ['67f4000c919b282a10f1f1f808800000030080000005078a14cb', 244, 322, 242], // 4:4:4, cropped in 1s
    ['67640028acd94078044fde022000000300200000030143e2c5b2c0', 100, 1920, 1080], // interlaced
  ])('h264-sps - %s is profile %i, %i×%i', (sps, profile, width, height) => {
    const info = parseSps(hex(sps));
    expect([info.profile, info.width, info.height]).toEqual([profile, width, height]);
  });

  it('h264-sps - a cut-short SPS throws', () => {
    expect(() => parseSps(hex('6764001f'))).toThrow(RangeError);
  });
});
