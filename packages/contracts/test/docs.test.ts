import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  bucketSpecs,
  Catalog,
  Consumers,
  consumerSpecs,
  ObjectStores,
  recorderConsumerSpec,
  recorderLeasesBucketSpec,
  recordingsStoreSpec,
  streamSpecs,
  transcriptSinkConsumerSpec,
  transcriptSinkLifecycleConsumerSpec,
  transcriptSinkSeenBucketSpec,
  ZoomApiEndpoints,
} from '../src/index.js';

const doc = readFileSync(fileURLToPath(new URL('../../../docs/subjects.md', import.meta.url)), 'utf8');

/** Rows of the markdown table under a `## heading`, as arrays of cells with backticks removed. */
function table(heading: string): string[][] {
  const section = doc.split(/^## /m).find((s) => s.startsWith(heading));
  if (!section) throw new Error(`docs/subjects.md has no "## ${heading}" section`);
  return section
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .slice(2)
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim().replaceAll('`', '')),
    );
}

const sorted = (xs: Iterable<string>) => [...xs].sort();

describe('contracts - docs/subjects.md matches the code', () => {
  it('lists every catalogue subject with its transport and stream, and nothing else', () => {
    const rows = table('Subjects');
    expect(sorted(rows.map((r) => r[0] ?? ''))).toEqual(sorted(Object.values(Catalog).map((e) => e.pattern)));
    for (const entry of Object.values(Catalog)) {
      const row = rows.find((r) => r[0] === entry.pattern);
      expect(row?.[1], entry.pattern).toBe(entry.transport === 'core' ? 'core NATS' : 'JetStream');
      expect(row?.[2], entry.pattern).toBe('stream' in entry ? entry.stream : '–');
    }
  });

  it('lists every stream with its subjects, storage and retention', () => {
    const rows = table('Streams');
    const specs = streamSpecs();
    expect(sorted(rows.map((r) => r[0] ?? ''))).toEqual(sorted(specs.map((s) => s.name)));
    for (const spec of specs) {
      const row = rows.find((r) => r[0] === spec.name);
      expect(row?.[1], spec.name).toBe(spec.subjects.join(', '));
      expect(row?.[2], spec.name).toBe(spec.storage);
      expect(row?.[3], spec.name).toBe(spec.retention);
    }
  });

  it('lists every durable consumer with its stream and filter', () => {
    const rows = table('Durable consumers');
    const specs = [
      ...consumerSpecs(),
      transcriptSinkConsumerSpec(Consumers.transcriptSink),
      transcriptSinkLifecycleConsumerSpec(Consumers.transcriptSink),
      recorderConsumerSpec('<id>'),
    ];
    expect(sorted(rows.map((r) => `${r[0]}/${r[1]}`))).toEqual(
      sorted(specs.map((s) => `${s.stream}/${s.durable}`)),
    );
    for (const spec of specs) {
      const row = rows.find((r) => r[0] === spec.stream && r[1] === spec.durable);
      expect(row?.[2], spec.durable).toBe(spec.filterSubject);
    }
  });

  it('lists every KV bucket', () => {
    expect(sorted(table('Key-value buckets').map((r) => r[0] ?? ''))).toEqual(
      sorted(
        [...bucketSpecs(), transcriptSinkSeenBucketSpec(), recorderLeasesBucketSpec()].map((b) => b.name),
      ),
    );
  });

  it('lists every object store bucket', () => {
    expect(sorted(table('Object store buckets').map((r) => r[0] ?? ''))).toEqual(
      sorted(Object.values(ObjectStores)),
    );
    expect(recordingsStoreSpec().name).toBe(ObjectStores.recordings);
  });

  it('lists every service endpoint', () => {
    expect(sorted(table('Services').map((r) => r[1] ?? ''))).toEqual(sorted(Object.values(ZoomApiEndpoints)));
  });
});
