// Seeded PRNG (sfc32 seeded from a cyrb128 string hash): every id and every media byte the simulator makes
// comes from one of these, derived from the simulator seed plus a stable label, so runs repeat exactly.

function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  bytes(n: number): Buffer;
  hex(chars: number): string;
}

export function createPrng(seed: string): Prng {
  let [a, b, c, d] = cyrb128(seed);
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const bytes = (n: number) => {
    const out = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) out[i] = int(0, 255);
    return out;
  };
  return {
    next,
    int,
    pick: (items) => {
      const item = items[int(0, items.length - 1)];
      if (item === undefined) throw new RangeError('pick from an empty list');
      return item;
    },
    bytes,
    hex: (chars) =>
      bytes(Math.ceil(chars / 2))
        .toString('hex')
        .slice(0, chars),
  };
}

/** Zoom-looking identifiers drawn from a PRNG. */
export const ids = {
  /** 16 bytes base64, like Zoom's meeting UUIDs (`4444AAAiAAAAAiAiAiiAii==`); may contain `/` and `+`. */
  uuid: (rng: Prng) => rng.bytes(16).toString('base64'),
  /** 11-digit numeric meeting id. */
  meetingNumber: (rng: Prng) => String(rng.int(10_000_000_000, 99_999_999_999)),
  /** 32 hex chars, like rtms_stream_id. */
  streamId: (rng: Prng) => rng.hex(32),
  /** 22 chars base64url, like operator_id / host_id. */
  userKey: (rng: Prng) => rng.bytes(16).toString('base64url').slice(0, 22),
};
