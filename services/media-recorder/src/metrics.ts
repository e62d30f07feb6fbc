import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface RecorderMetrics {
  frames: Counter<'outcome'>;
  finalised: Counter<'by'>;
  recordedSeconds: Counter;
  checkpointSeconds: Histogram;
  storeRetries: Counter;
  open: Gauge;
}

export function createRecorderMetrics(registry: Registry): RecorderMetrics {
  const registers = [registry];
  return {
    frames: new Counter({
      name: 'media_recorder_frames_total',
      help: 'Frames read, by outcome (placed, late: stored already or too late, ignored: codec not recorded, invalid, conflict: a different image at a timestamp held)',
      labelNames: ['outcome'] satisfies ['outcome'],
      registers,
    }),
    finalised: new Counter({
      name: 'media_recorder_recordings_finalised_total',
      help: 'Recordings finalised (WAV and manifest stored), by cause (stopped, idle)',
      labelNames: ['by'] satisfies ['by'],
      registers,
    }),
    recordedSeconds: new Counter({
      name: 'media_recorder_recorded_seconds_total',
      help: 'Seconds of audio in finalised recordings',
      registers,
    }),
    checkpointSeconds: new Histogram({
      name: 'media_recorder_checkpoint_seconds',
      help: 'Time of one checkpoint (parts stored, messages acknowledged)',
      buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
      registers,
    }),
    storeRetries: new Counter({
      name: 'media_recorder_store_retries_total',
      help: 'Object store writes retried (NATS unreachable or slow)',
      registers,
    }),
    open: new Gauge({
      name: 'media_recorder_open_recordings',
      help: 'Recordings in progress (not finalised)',
      registers,
    }),
  };
}
