// Prints every transcript segment as it is spoken: `node examples/print-transcripts.mjs` (NATS_URL, CONSUMER).
// On a server with users (npm start, docker compose) connect as the read-only reader:
// NATS_USER=transcript-reader NATS_PASSWORD=$(cat .data/secrets/nats-transcript-reader). That user may read
// RTMS_TRANSCRIPTS with its own consumers and nothing else: it cannot publish a transcript or a webhook.
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

const nc = await connect({
  servers: (process.env.NATS_URL ?? 'nats://127.0.0.1:4222').split(','),
  ...(process.env.NATS_USER ? { user: process.env.NATS_USER, pass: process.env.NATS_PASSWORD ?? '' } : {}),
});
// Your subscriber's own durable consumer: JetStream remembers what it acked, so a restart resumes there.
// Another name gets its own copy of every segment; processes sharing a name share the segments.
const durable = process.env.CONSUMER ?? 'print-transcripts';
const jsm = await jetstreamManager(nc);
await jsm.consumers
  .add('RTMS_TRANSCRIPTS', {
    durable_name: durable,
    filter_subject: 'rtms.transcript.>',
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.New,
  })
  .catch((err) => {
    console.error(`cannot subscribe: ${err.message}. Is the gateway running (npm start)?`);
    process.exit(1);
  });
const messages = await (await jetstream(nc).consumers.get('RTMS_TRANSCRIPTS', durable)).consume();
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => messages.close());
console.error(`listening on rtms.transcript.> as consumer '${durable}'`);
for await (const msg of messages) {
  const s = msg.json(); // a TranscriptSegment: docs/subscribing.md
  console.log(`${new Date(s.timestamp).toISOString()} [${s.streamId}] ${s.userName}: ${s.text}`);
  msg.ack();
}
await nc.drain();
