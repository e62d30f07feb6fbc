import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import { headers as createHeaders, type MsgHdrs } from '@nats-io/transport-node';
import { type CatalogKey, encodeJson, type PayloadInputOf } from '@rtms/contracts';
import { PublishError } from './errors.js';

export interface PublishOptions {
  /** Nats-Msg-Id: the server drops a repeat inside the stream's duplicate window. */
  msgID?: string;
  headers?: Record<string, string>;
  /** How long to wait for the PubAck (default 5000 ms). */
  timeoutMs?: number;
}

export function toHeaders(values: Record<string, string> | undefined): MsgHdrs | undefined {
  if (!values) return undefined;
  const h = createHeaders();
  for (const [k, v] of Object.entries(values)) h.set(k, v);
  return h;
}

/** Publishes bytes to JetStream and resolves only once the server has stored them (PubAck). */
export async function publishBytes(
  js: JetStreamClient,
  subject: string,
  data: Uint8Array,
  options: PublishOptions = {},
): Promise<PubAck> {
  const headers = toHeaders(options.headers);
  try {
    return await js.publish(subject, data, {
      timeout: options.timeoutMs ?? 5000,
      ...(options.msgID ? { msgID: options.msgID } : {}),
      ...(headers ? { headers } : {}),
    });
  } catch (cause) {
    throw new PublishError(subject, { cause });
  }
}

/** Validates a payload with its catalogue schema, then publishes it durably. */
export function publishJson<K extends CatalogKey>(
  js: JetStreamClient,
  key: K,
  subject: string,
  value: PayloadInputOf<K>,
  options: PublishOptions = {},
): Promise<PubAck> {
  return publishBytes(js, subject, encodeJson(key, subject, value), options);
}
