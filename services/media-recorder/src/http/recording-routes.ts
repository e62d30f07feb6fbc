import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { JetStreamClient } from '@nats-io/jetstream';
import { type createHttpServer, requireToken } from '@rtms/service-kit';
import type { Logger } from 'pino';
import { FfmpegMissingError, RecordingStoreError } from '../errors.js';
import { liveAudio } from '../live-audio.js';
import type { RecordingState } from '../recording.js';
import { type RecordingStore, stateName } from '../store.js';
import { wavBytes } from '../wav-file.js';
import { parseRange } from './byte-range.js';
import { LIVE_VIDEO, type LiveVideoDeps, liveVideo } from './live-video.js';
import { readObjectRange } from './object-range.js';
import type { RecordingList } from './recording-list.js';

// GET /recordings (the list, JSON) and GET /recordings/<id>/<file> (a finalised file from the bucket, or a
// running recording's WAV assembled from the parts stored so far, or its MP4 made of them (live-video.ts);
// with Range requests so a player can seek). Behind RECORDINGS_TOKEN when it is set (Bearer or ?token=).

interface RecordingRouteDeps {
  list: RecordingList;
  store: RecordingStore;
  js: JetStreamClient;
  token?: string;
  logger: Logger;
  /** Running recordings' MP4s. */
  video: Omit<LiveVideoDeps, 'store' | 'log'>;
}

const ID = /^[A-Za-z0-9_-]{1,128}$/;
const FILE = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;
const TYPES: Record<string, string> = {
  wav: 'audio/wav',
  mp4: 'video/mp4',
  json: 'application/json; charset=utf-8',
};

const contentTypeOf = (file: string) => TYPES[file.slice(file.lastIndexOf('.') + 1).toLowerCase()];
const LIVE_FILE = /^audio(?:-[A-Za-z0-9_-]+)?\.wav$/;

/** A running recording's WAV (`audio.wav`, `audio-<user>.wav`) from its state and parts; undefined if none. */
async function liveFile(store: RecordingStore, id: string, file: string) {
  if (!LIVE_FILE.test(file)) return undefined;
  const state = await store.getJson<RecordingState>(stateName(id));
  if (!state) return undefined;
  const parts = (await store.index()).parts.get(id) ?? [];
  return liveAudio(state, parts)?.files.find((f) => f.name === file)?.layout;
}

export function registerRecordingRoutes(
  http: ReturnType<typeof createHttpServer>,
  deps: RecordingRouteDeps,
): void {
  const log = deps.logger.child({ component: 'http' });
  const videoDeps: LiveVideoDeps = { ...deps.video, store: deps.store, log };
  const onRequest = requireToken(deps.token, 'RECORDINGS_TOKEN');

  http.get('/recordings', { onRequest }, async (_req, reply) => {
    try {
      return { recordings: await deps.list.list() };
    } catch (err) {
      log.warn({ err }, 'recording list unavailable');
      return reply
        .code(503)
        .send({ error: 'recordings unavailable', detail: 'the object store did not answer' });
    }
  });

  http.get<{ Params: { id: string; file: string } }>(
    '/recordings/:id/:file',
    { onRequest },
    async (req, reply) => {
      const { id, file } = req.params;
      const type = contentTypeOf(file);
      if (!ID.test(id) || !FILE.test(file) || !type)
        return reply.code(404).send({ error: 'not found', detail: 'no such recording file' });
      const name = `${id}/${file}`;
      let info: Awaited<ReturnType<RecordingStore['info']>>;
      let live: Awaited<ReturnType<typeof liveFile>>;
      let mp4: Awaited<ReturnType<typeof liveVideo>>;
      try {
        info = await deps.store.info(name);
        // Not finalised yet: a running recording's WAV is served as it stands in the bucket, its MP4 made
        // of the parts stored so far.
        live = info ? undefined : await liveFile(deps.store, id, file);
        mp4 = info || !LIVE_VIDEO.test(file) ? undefined : await liveVideo(videoDeps, id, file);
      } catch (err) {
        if (err instanceof FfmpegMissingError) {
          log.warn(
            { object: name },
            'no ffmpeg: the MP4 of a running recording of JPEG/PNG frames cannot be made',
          );
          return reply.code(503).send({
            error: 'video unavailable',
            detail: 'this recorder has no ffmpeg to make the MP4 (apt-get install -y ffmpeg)',
          });
        }
        // ffmpeg failed, or anything else in the build (the object store's own errors are below).
        if (LIVE_VIDEO.test(file) && !(err instanceof RecordingStoreError)) {
          log.error({ err, object: name }, 'running recording MP4 not made');
          return reply
            .code(503)
            .send({ error: 'video unavailable', detail: 'the MP4 could not be made of the stored frames' });
        }
        log.warn({ err, object: name }, 'recording file unavailable');
        return reply
          .code(503)
          .send({ error: 'recordings unavailable', detail: 'the object store did not answer' });
      }
      // state.json is the recorder's bookkeeping, not a recording file.
      if ((!info && !live && !mp4) || file === 'state.json')
        return reply.code(404).send({ error: 'not found', detail: 'no such recording file (yet)' });
      const size = info ? info.size : mp4 ? mp4.file.bytes : (live?.size ?? 0);
      reply
        .header('accept-ranges', 'bytes')
        .header('content-type', type)
        .header('content-disposition', `inline; filename="${id}-${file}"`);
      if (info)
        reply
          .header('etag', `"${info.digest.replace(/^SHA-256=/, '')}"`)
          .header('last-modified', new Date(info.mtime).toUTCString())
          .header('cache-control', 'private, no-cache');
      // A running recording grows, never cached; its MP4 has a validator (If-Range: a range of this build).
      else reply.header('cache-control', 'no-store');
      if (mp4) reply.header('etag', `"${mp4.file.sha256}"`);
      const ifRange = req.headers['if-range'];
      const stale = mp4 !== undefined && ifRange !== undefined && ifRange !== `"${mp4.file.sha256}"`;
      const range = parseRange(stale ? undefined : req.headers.range, size);
      if (range.kind === 'unsatisfiable') {
        mp4?.release();
        return reply.code(416).header('content-range', `bytes */${size}`).send();
      }
      const [start, end] = range.kind === 'range' ? [range.start, range.end] : [0, size - 1];
      if (range.kind === 'range') reply.code(206).header('content-range', `bytes ${start}-${end}/${size}`);
      reply.header('content-length', String(end - start + 1));
      // An empty stream, not nothing: fastify's HEAD route would set Content-Length 0 for no payload.
      if (req.method === 'HEAD' || size === 0) {
        mp4?.release();
        return reply.send(Readable.from([]));
      }
      log.debug({ object: name, start, end, size, live: !info }, 'serving recording file');
      if (mp4) {
        const lease = mp4;
        const stream = createReadStream(lease.file.path, { start, end });
        stream.once('close', () => lease.release());
        return reply.send(stream);
      }
      const bytes = info
        ? readObjectRange(deps.js, info, start, end)
        : wavBytes(live as NonNullable<typeof live>, deps.store, start, end);
      return reply.send(Readable.from(bytes, { objectMode: false }));
    },
  );
}
