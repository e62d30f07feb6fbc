import type { JsMsg } from '@nats-io/jetstream';

/**
 * Runs `work` while telling JetStream every `intervalMs` that the message is still being worked on, so a long
 * Zoom call (with retries) is not redelivered to another replica meanwhile; a killed replica stops telling,
 * and the message comes back after one ack wait.
 */
export async function whileInProgress<T>(msg: JsMsg, intervalMs: number, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => msg.working(), Math.max(100, intervalMs));
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
