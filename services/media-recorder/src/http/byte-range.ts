// The `Range` request header of a file download (RFC 9110 §14): one range of bytes, `bytes=<first>-<last>`,
// `bytes=<first>-` or `bytes=-<suffix length>`. Players (an <audio> element, ffplay, VLC) ask for one range to
// seek; a request with several ranges gets the whole file (allowed: a server may ignore Range).

type RangeAnswer =
  /** No Range, another unit, or several ranges: the whole file, 200. */
  | { kind: 'whole' }
  /** One satisfiable range: these bytes (inclusive), 206. */
  | { kind: 'range'; start: number; end: number }
  /** A bytes range that is malformed or starts beyond the end: 416 with `Content-Range: bytes *\/size`. */
  | { kind: 'unsatisfiable' };

const SPEC = /^(\d*)-(\d*)$/;

export function parseRange(header: string | undefined, size: number): RangeAnswer {
  if (header === undefined) return { kind: 'whole' };
  const eq = header.indexOf('=');
  if (eq < 0 || header.slice(0, eq).trim().toLowerCase() !== 'bytes') return { kind: 'whole' };
  const specs = header.slice(eq + 1).split(',');
  if (specs.length > 1) return { kind: 'whole' };
  const m = SPEC.exec((specs[0] as string).trim());
  if (!m || (m[1] === '' && m[2] === '')) return { kind: 'unsatisfiable' };
  if (m[1] === '') {
    // The last n bytes.
    const n = Number(m[2]);
    if (n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const last = m[2] === '' ? size - 1 : Number(m[2]);
  if (start >= size || last < start) return { kind: 'unsatisfiable' };
  return { kind: 'range', start, end: Math.min(last, size - 1) };
}
