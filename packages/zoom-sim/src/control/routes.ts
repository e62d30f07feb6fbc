import { MediaKinds } from '@rtms/zoom-protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZoomSimulator } from '../handle.js';
import { ScenarioError } from '../scenario/load.js';
import { MeetingSpecSchema, type ScenarioInput } from '../scenario/schema.js';

// The HTTP control API under /sim (docs/zoom-simulator.md): the same actions as the library handle, for the
// CLI, scripts and tests in other processes. Bodies are validated; errors are `{ error }` JSON.

const FaultBody = z.object({
  target: z.enum(['rest', 'oauth', 'all']).optional(),
  status: z.number().int().min(400).max(599).optional(),
  retryAfterSec: z.number().int().min(0).optional(),
  latencyMs: z.number().int().min(0).max(120_000).optional(),
  times: z.number().int().min(1).optional(),
  persistent: z.boolean().optional(),
});
const StartMeetingsBody = MeetingSpecSchema.extend({ count: z.number().int().min(1).max(10_000).optional() });
const StopBody = z.object({ stopReason: z.number().int().min(0).max(255).optional() }).optional();
const KindBody = z.object({ kind: z.enum(MediaKinds).optional() }).optional();
const KeepAliveBody = z.object({ socket: z.enum(['signaling', 'media']).optional() }).optional();
const FreezeBody = z.object({ frozen: z.boolean().optional() }).optional();
const WebhookUrlBody = z.object({ url: z.url().nullable() });
const CountBody = z.object({ count: z.number().int().min(1).optional() }).optional();
const NameBody = z.object({ name: z.string().min(1) });
const SpeakerBody = z.object({ speaker: z.number().int().min(0).optional() }).optional();
const RawWebhookBody = z.object({ event: z.string().min(1), payload: z.record(z.string(), z.unknown()) });

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? undefined);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw Object.assign(new Error(`invalid body: ${issue?.path.join('.') || 'body'}: ${issue?.message}`), {
    statusCode: 400,
  });
}

type Params = { id: string };

export function registerControlRoutes(app: FastifyInstance, sim: ZoomSimulator): void {
  // Liveness, like every service of the system (docker compose and npm start poll it).
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/sim', async () => ({
    url: sim.url,
    restBaseUrl: sim.restBaseUrl,
    oauthUrl: sim.oauthUrl,
    wsUrl: sim.wsUrl,
    clientId: sim.credentials.clientId,
    accountId: sim.credentials.accountId,
  }));
  app.get('/sim/state', async () => ({ meetings: sim.meetings(), streams: sim.streams() }));
  app.get('/sim/requests', async () => sim.requests);
  app.get('/sim/webhooks', async () => sim.webhooks);

  app.post('/sim/meetings', async (req, reply) => {
    const { count, ...spec } = parse(StartMeetingsBody, req.body ?? {});
    return reply.code(201).send(sim.startMeetings(count ?? 1, spec));
  });
  app.get<{ Params: Params }>('/sim/meetings/:id', async (req, reply) => {
    const m = sim.meeting(req.params.id);
    return m ?? reply.code(404).send({ error: `meeting not found: '${req.params.id}'` });
  });
  app.post<{ Params: Params }>('/sim/meetings/:id/end', async (req) => {
    sim.endMeeting(req.params.id);
    return sim.meeting(req.params.id);
  });
  app.post<{ Params: Params }>('/sim/meetings/:id/rtms/start', async (req, reply) =>
    reply.code(201).send(sim.startRtms(req.params.id)),
  );

  app.post<{ Params: Params }>('/sim/meetings/:id/participants', async (req, reply) => {
    const { name } = parse(NameBody, req.body);
    return reply.code(201).send({ userId: sim.participantJoin(req.params.id, name) });
  });
  app.delete<{ Params: Params & { who: string } }>(
    '/sim/meetings/:id/participants/:who',
    async (req, reply) => {
      const who = /^\d+$/.test(req.params.who) ? Number(req.params.who) : req.params.who;
      sim.participantLeave(req.params.id, who);
      return reply.code(204).send();
    },
  );
  app.post<{ Params: Params }>('/sim/meetings/:id/sharing', async (req, reply) => {
    sim.startSharing(req.params.id, parse(SpeakerBody, req.body)?.speaker);
    return reply.code(204).send();
  });
  app.delete<{ Params: Params }>('/sim/meetings/:id/sharing', async (req, reply) => {
    sim.stopSharing(req.params.id);
    return reply.code(204).send();
  });
  app.post('/sim/scenario', async (req, reply) => {
    let run: ReturnType<ZoomSimulator['runScenario']>;
    try {
      run = sim.runScenario(req.body as ScenarioInput);
    } catch (err) {
      if (err instanceof ScenarioError) return reply.code(400).send({ error: err.message });
      throw err;
    }
    return reply.code(202).send({ meetingsStarted: run.meetings.length });
  });

  app.get<{ Params: Params }>('/sim/streams/:id', async (req, reply) => {
    const s = sim.stream(req.params.id);
    return s ?? reply.code(404).send({ error: `rtms stream not found: '${req.params.id}'` });
  });
  const streamAction = (name: string, run: (id: string, body: unknown) => void) =>
    app.post<{ Params: Params }>(`/sim/streams/:id/${name}`, async (req) => {
      run(req.params.id, req.body);
      return sim.stream(req.params.id);
    });
  streamAction('stop', (id, b) => sim.stopRtms(id, parse(StopBody, b)?.stopReason));
  streamAction('pause', (id) => sim.pauseRtms(id));
  streamAction('resume', (id) => sim.resumeRtms(id));
  streamAction('interrupt-media', (id, b) => sim.interruptMedia(id, parse(KindBody, b)?.kind));
  streamAction('interrupt-signaling', (id) => sim.interruptSignaling(id));
  streamAction('failover', (id) => sim.failover(id));
  streamAction('keepalive-timeout', (id, b) => sim.keepAliveTimeout(id, parse(KeepAliveBody, b)?.socket));
  streamAction('freeze', (id, b) => sim.freeze(id, parse(FreezeBody, b)?.frozen ?? true));

  app.post('/sim/faults', async (req, reply) => {
    sim.injectFault(parse(FaultBody, req.body));
    return reply.code(204).send();
  });
  app.delete('/sim/faults', async (_req, reply) => {
    sim.clearFaults();
    return reply.code(204).send();
  });
  app.put('/sim/webhooks/url', async (req, reply) => {
    sim.setWebhookUrl(parse(WebhookUrlBody, req.body).url);
    return reply.code(204).send();
  });
  app.post('/sim/webhooks/duplicate', async (req, reply) => {
    sim.duplicateNextWebhooks(parse(CountBody, req.body)?.count ?? 1);
    return reply.code(204).send();
  });
  app.post('/sim/webhooks/validate', async () => sim.validateWebhookUrl());
  app.post('/sim/webhooks/send', async (req, reply) => {
    const { event, payload } = parse(RawWebhookBody, req.body);
    return reply.code(202).send(sim.sendWebhook(event, payload));
  });
  app.post('/sim/tokens/expire', async (_req, reply) => {
    sim.expireTokens();
    return reply.code(204).send();
  });
}
