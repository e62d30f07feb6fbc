import { Counter, Gauge, type Registry } from 'prom-client';

export interface SinkMetrics {
  segmentsWritten: Counter<'output'>;
  duplicatesSkipped: Counter<'output'>;
  redeliveries: Counter;
  captionFiles: Counter;
  lag: Gauge;
  liveClients: Gauge;
}

/** Outputs a segment is written to: the log line, and the JSONL file when TRANSCRIPT_DIR is set. */
const Outputs = ['log', 'file'] as const;

/**
 * The sink's Prometheus metrics on the service registry. `lag` asks JetStream at scrape time how many
 * segments the consumer has not been handed yet (consumer info `num_pending`).
 */
export function createSinkMetrics(registry: Registry, pending: () => Promise<number>): SinkMetrics {
  const registers = [registry];
  const metrics: SinkMetrics = {
    segmentsWritten: new Counter({
      name: 'transcript_sink_segments_written_total',
      help: 'Transcript segments written, by output (log line, JSONL file)',
      labelNames: ['output'] satisfies ['output'],
      registers,
    }),
    duplicatesSkipped: new Counter({
      name: 'transcript_sink_duplicates_skipped_total',
      help: 'Segments delivered again after being written (lost ack, restart, republish) and not written twice',
      labelNames: ['output'] satisfies ['output'],
      registers,
    }),
    redeliveries: new Counter({
      name: 'transcript_sink_redeliveries_total',
      help: 'Transcript messages JetStream delivered more than once (delivery count > 1)',
      registers,
    }),
    captionFiles: new Counter({
      name: 'transcript_sink_caption_files_total',
      help: 'Stopped streams whose WebVTT and SRT files were written',
      registers,
    }),
    lag: new Gauge({
      name: 'transcript_sink_lag_segments',
      help: 'Segments in the stream this sink has not received yet (consumer num_pending)',
      registers,
      async collect() {
        try {
          this.set(await pending());
        } catch {
          // JetStream unreachable: keep the last value; /readyz reports the outage.
        }
      },
    }),
    liveClients: new Gauge({
      name: 'transcript_sink_live_clients',
      help: 'Live transcript page connections (Server-Sent Events) open now',
      registers,
    }),
  };
  for (const output of Outputs) {
    metrics.segmentsWritten.inc({ output }, 0);
    metrics.duplicatesSkipped.inc({ output }, 0);
  }
  return metrics;
}
