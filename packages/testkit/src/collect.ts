import type { Msg, NatsConnection } from '@nats-io/transport-node';
import { waitFor } from './wait-for.js';

/** Subscribes (core NATS) and collects messages; `until(n)` waits for at least n. Call `stop()` when done. */
export function collectMessages(nc: NatsConnection, subject: string) {
  const messages: Msg[] = [];
  const sub = nc.subscribe(subject, {
    callback: (err, msg) => {
      if (!err) messages.push(msg);
    },
  });
  return {
    messages,
    json: <T = unknown>() => messages.map((m) => m.json<T>()),
    until: (n: number, timeoutMs = 10_000) =>
      waitFor(() => messages.length >= n && messages, { timeoutMs, what: `${n} message(s) on ${subject}` }),
    stop: () => sub.unsubscribe(),
  };
}
