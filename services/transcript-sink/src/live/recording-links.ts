import type { JetStreamManager } from '@nats-io/jetstream';
import { ObjectStores, RecordingManifest } from '@rtms/contracts';
import type { Logger } from 'pino';

// Links from the live page to a meeting's recording on the media recorder (RECORDINGS_URL). Whether a
// stream has a finished recording is read from the `rtms-recordings` object store: its `manifest.json`'s
// description (the last message on its meta subject) and, the manifest being one chunk, the chunk itself: two
// single-message reads, no consumer (the sink's NATS user may only read single messages of that bucket).
// A finished recording does not change, so each is looked up until found, then remembered.

export interface RecordingLink {
  /** A file of the recording on the recorder: `audio.wav`, `manifest.json`. */
  name: string;
  url: string;
}

const BUCKET = ObjectStores.recordings;
const STREAM = `OBJ_${BUCKET}`;
/** The object store's meta subject of an object: the name in padded base64url (as @nats-io/obj writes it). */
const metaSubject = (name: string) =>
  `$O.${BUCKET}.M.${Buffer.from(name, 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_')}`;

interface ObjectMeta {
  nuid: string;
  chunks: number;
  deleted?: boolean;
}

export class RecordingLinks {
  private readonly found = new Map<string, RecordingLink[]>();
  private readonly base: string;
  private readonly log: Logger;

  constructor(
    private readonly jsm: JetStreamManager,
    /** The recorder's public base URL (RECORDINGS_URL). */
    baseUrl: string,
    logger: Logger,
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
    this.log = logger.child({ component: 'recording-links' });
  }

  /** The finished recording's files, or undefined (none, not finished, or the bucket unreadable). */
  async of(streamId: string): Promise<RecordingLink[] | undefined> {
    const known = this.found.get(streamId);
    if (known) return known;
    try {
      const manifest = await this.manifest(streamId);
      if (!manifest) return undefined;
      const names = [...manifest.files.map((f) => f.name.slice(streamId.length + 1)), 'manifest.json'];
      const links = names.map((name) => ({
        name,
        url: `${this.base}/recordings/${encodeURIComponent(streamId)}/${encodeURIComponent(name)}`,
      }));
      if (this.found.size > 10_000) this.found.clear();
      this.found.set(streamId, links);
      return links;
    } catch (err) {
      this.log.debug({ err, streamId }, 'recording not readable');
      return undefined;
    }
  }

  private async manifest(streamId: string): Promise<RecordingManifest | undefined> {
    const meta = await this.jsm.streams.getMessage(STREAM, {
      last_by_subj: metaSubject(`${streamId}/manifest.json`),
    });
    if (!meta) return undefined;
    const info = meta.json<ObjectMeta>();
    if (info.deleted || info.chunks !== 1) return undefined;
    const chunk = await this.jsm.streams.getMessage(STREAM, { last_by_subj: `$O.${BUCKET}.C.${info.nuid}` });
    if (!chunk) return undefined;
    const parsed = RecordingManifest.safeParse(chunk.json());
    if (!parsed.success) {
      this.log.warn({ streamId, err: parsed.error }, 'recording manifest is invalid: no link');
      return undefined;
    }
    return parsed.data;
  }
}
