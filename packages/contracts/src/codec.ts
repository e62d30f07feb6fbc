import { Catalog, type CatalogKey, type PayloadInputOf, type PayloadOf } from './catalog.js';
import { MessageValidationError } from './errors.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Validates a payload against its subject's schema and encodes it as JSON bytes. Throws MessageValidationError. */
export function encodeJson<K extends CatalogKey>(
  key: K,
  subject: string,
  value: PayloadInputOf<K>,
): Uint8Array {
  const parsed = Catalog[key].schema.safeParse(value);
  if (!parsed.success) throw new MessageValidationError(subject, parsed.error.issues);
  return encoder.encode(JSON.stringify(parsed.data));
}

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; error: MessageValidationError };

/** Decodes and validates a JSON message; never throws (consumers log and dead-letter failures). */
export function decodeJson<K extends CatalogKey>(
  key: K,
  subject: string,
  data: Uint8Array,
): DecodeResult<PayloadOf<K>> {
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(data));
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    return { ok: false, error: new MessageValidationError(subject, [{ path: [], message }], { cause }) };
  }
  const parsed = Catalog[key].schema.safeParse(json);
  if (!parsed.success) return { ok: false, error: new MessageValidationError(subject, parsed.error.issues) };
  return { ok: true, value: parsed.data as PayloadOf<K> };
}
