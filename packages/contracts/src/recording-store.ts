import { ObjectStores } from './names.js';
import { TopologyDefaults, type TopologyOptions } from './topology.js';

export interface ObjectStoreSpec {
  name: string;
  description: string;
  /** Bucket-wide object lifetime (0 = kept until deleted). */
  ttlMs: number;
  storage: 'file' | 'memory';
}

/** Finished recordings (`<rtms_stream_id>/audio.wav`, `manifest.json`) and the parts of running ones. */
export function recordingsStoreSpec(options: TopologyOptions = {}): ObjectStoreSpec {
  const o = { ...TopologyDefaults, ...options };
  return {
    name: ObjectStores.recordings,
    description: 'media-recorder: recordings and manifests per rtms_stream_id',
    ttlMs: o.recordingRetentionMs,
    storage: 'file',
  };
}
