import { createLogger } from '@rtms/logger';
import { createHttpServer, createMetricsRegistry } from '@rtms/service-kit';
import { describe, expect, it } from 'vitest';
import { installErrorHandlers } from './http-errors.js';

describe('http-errors - installErrorHandlers', () => {
  it('answers an unexpected error with a bare 500 code and keeps the details in the log', async () => {
    const lines: string[] = [];
    const logger = createLogger(
      { service: 'test' },
      {
        write: (line: string) => {
          lines.push(line);
        },
      },
    );
    const app = createHttpServer({ logger, metrics: createMetricsRegistry('test') });
    app.decorateRequest('webhook', null);
    installErrorHandlers(app);
    app.get('/boom', async () => {
      throw new Error('db password is hunter2');
    });
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ code: 'internal_error', message: 'internal error' });
    expect(res.body).not.toContain('hunter2');
    expect(lines.join('\n')).toContain('hunter2');
    const notFound = await app.inject({ method: 'GET', url: '/nothing' });
    expect(notFound.json()).toEqual({ code: 'not_found', message: 'no such endpoint' });
    await app.close();
  });
});
