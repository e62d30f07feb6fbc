// @rtms/testkit: real NATS for tests (never a mock), deadline-based waits, and process helpers.

export type { ManagedProcess } from './child-process.js';
export { startProcess } from './child-process.js';
export { collectMessages } from './collect.js';
export type { NatsContext } from './fixtures.js';
export { clusterNatsTest, isolatedNatsTest, natsTest } from './fixtures.js';
export { startNatsCluster } from './nats-cluster.js';
/** @public named in natsTest's type: a test module that extends natsTest needs it to emit declarations. */
export type { ProvidedNats } from './nats-provider.js';
export { provideBinary, provideNats } from './nats-provider.js';
export type { NatsServerProcess } from './nats-server-process.js';
export { startNatsServer } from './nats-server-process.js';
export type { ReceivedSpan } from './otlp-receiver.js';
export { startOtlpReceiver } from './otlp-receiver.js';
export { freePort, freePorts } from './ports.js';
export { startServiceProcess } from './service-process.js';
export { thrownBy } from './thrown-by.js';
export { goertzel, tonePurity } from './tone.js';
export { waitFor } from './wait-for.js';
