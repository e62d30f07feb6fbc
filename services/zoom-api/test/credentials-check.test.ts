import { natsTest, waitFor } from '@rtms/testkit';
import { describe, expect } from 'vitest';
import { startHarness, startSim } from './harness.js';

// The start-up self-check: one OAuth token fetched at start, the outcome in the log and in /readyz.

describe('zoom-api - start-up credentials check', () => {
  natsTest('credentials check - accepted credentials: ready, one token fetched', async ({ nats }) => {
    const h = await startHarness(nats);
    expect(h.app.credentials.state).toMatchObject({ ok: true });
    expect(h.oauthCalls()).toHaveLength(1);
  });

  natsTest(
    'credentials check - a wrong client secret: not ready, Zoom answer and the variables named',
    async ({ nats }) => {
      const secret = 'wrong-secret-value-7f3a';
      const h = await startHarness(nats, { env: { ZOOM_CLIENT_SECRET: secret } });
      const { ok, detail } = h.app.credentials.state;
      expect(ok).toBe(false);
      expect(h.app.credentials.state.final).toBe(true);
      expect(detail).toMatch(/401 invalid_client: Invalid client_id or client_secret/);
      expect(detail).toContain('check ZOOM_CLIENT_ID / ZOOM_CLIENT_SECRET');
      expect(detail).not.toContain(secret);
    },
  );

  natsTest('credentials check - a separate OAuth app is named by its own variables', async ({ nats }) => {
    const h = await startHarness(nats, { env: { ZOOM_OAUTH_CLIENT_ID: 'another-app' } });
    expect(h.app.credentials.state.detail).toContain('check ZOOM_OAUTH_CLIENT_ID / ZOOM_CLIENT_SECRET');
  });

  natsTest('credentials check - a wrong account id names ZOOM_ACCOUNT_ID', async ({ nats }) => {
    const h = await startHarness(nats, { env: { ZOOM_ACCOUNT_ID: 'not-this-account' } });
    expect(h.app.credentials.state).toMatchObject({ ok: false });
    expect(h.app.credentials.state.detail).toMatch(/Invalid account_id; check ZOOM_ACCOUNT_ID/);
  });

  natsTest(
    'credentials check - a token endpoint failing at start is asked again until it answers',
    async ({ nats }) => {
      const sim = await startSim();
      sim.injectFault({ target: 'oauth', status: 503, times: 1 });
      const h = await startHarness(nats, { sharedSim: sim });
      expect(h.app.credentials.state.detail).toMatch(/did not answer usefully: 503/);
      await waitFor(() => h.app.credentials.state.ok, { timeoutMs: 10_000, what: 'credentials accepted' });
      expect(h.oauthCalls()).toHaveLength(2);
    },
  );
});
