import { get, type IncomingHttpHeaders } from 'node:http';
import { waitFor } from '@rtms/testkit';

interface SseEvent {
  event: string;
  id?: string;
  data: string;
}

export interface SseConnection {
  status: number;
  headers: IncomingHttpHeaders;
  events: SseEvent[];
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  until(predicate: (events: SseEvent[]) => boolean, what: string): Promise<SseEvent[]>;
  close(): void;
}

/**
 * A minimal EventSource for tests, on its own connection (no pooled keep-alive socket that would outlive the
 * test): parses `event`, `id` and `data` fields; other bodies are kept as `body`.
 */
export function openEvents(
  url: string,
  headers: Record<string, string> = {},
): Promise<SseConnection & { body: string }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { headers: { accept: 'text/event-stream', ...headers }, agent: false }, (res) => {
      const events: SseEvent[] = [];
      const conn = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        body: '',
        ended: new Promise<void>((done) => res.on('close', () => done())),
        until: (predicate: (e: SseEvent[]) => boolean, what: string) =>
          waitFor(() => predicate(events) && events, { what }),
        close: () => req.destroy(),
      };
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        conn.body += chunk;
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
          const fields = new Map<string, string>();
          for (const line of buffer.slice(0, end).split('\n')) {
            const colon = line.indexOf(':');
            if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
          }
          buffer = buffer.slice(end + 2);
          const event = fields.get('event');
          if (event) events.push({ event, id: fields.get('id'), data: fields.get('data') ?? '' });
        }
      });
      resolve(conn);
    });
    req.on('error', reject);
  });
}
