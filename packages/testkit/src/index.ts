// @rtms/testkit: real NATS for tests (never a mock), deadline-based waits, and process helpers.

export type { ManagedProcess } from './child-process.js';
export { startProcess } from './child-process.js';
export { collectMessages } from './collect.js';
export type { NatsContext } from './fixtures.js';
export { clusterNatsTest, isolatedNatsTest, natsTest } from './fixtures.js';
export { resetJetStream } from './jetstream-reset.js';
export type { NatsCluster, NatsClusterNode } from './nats-cluster.js';
export { CLUSTER_NAME, startNatsCluster } from './nats-cluster.js';
export type { NatsMode, ProvidedNats } from './nats-provider.js';
export { dockerUnavailableReason, provideBinary, provideNats } from './nats-provider.js';
export type { NatsServerProcess } from './nats-server-process.js';
export {
  findNatsServerBinary,
  NatsServerBinaryMissingError,
  startNatsServer,
} from './nats-server-process.js';
export type { OtlpReceiver, ReceivedSpan } from './otlp-receiver.js';
export { spansOfExport, startOtlpReceiver } from './otlp-receiver.js';
export { freePort } from './ports.js';
export { liveProcessCount } from './process-registry.js';
export { thrownBy } from './thrown-by.js';
export type { WaitOptions } from './wait-for.js';
export { WaitTimeoutError, waitFor } from './wait-for.js';
