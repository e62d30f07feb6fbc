/** Could not connect to NATS before the deadline (or the attempt was aborted). */
export class NatsConnectError extends Error {
  constructor(
    readonly servers: string,
    readonly attempts: number,
    options?: ErrorOptions,
  ) {
    super(`could not connect to NATS at '${servers}' after ${attempts} attempt(s)`, options);
    this.name = 'NatsConnectError';
  }
}

/** A stream, consumer or KV bucket could not be created or updated to match contracts. */
export class ProvisionError extends Error {
  constructor(
    readonly resource: string,
    options?: ErrorOptions,
  ) {
    super(`could not provision ${resource}`, options);
    this.name = 'ProvisionError';
  }
}

/** A JetStream publish was not acknowledged (NATS down, timeout, no stream). */
export class PublishError extends Error {
  constructor(
    readonly subject: string,
    options?: ErrorOptions,
  ) {
    super(`publish to '${subject}' was not acknowledged`, options);
    this.name = 'PublishError';
  }
}

/** The server cannot hold the configured number of replicas. */
export class ReplicaCountError extends Error {
  constructor(
    readonly replicas: number,
    why: string,
    options?: ErrorOptions,
  ) {
    super(
      `NATS_REPLICAS=${replicas} cannot be met: ${why}. Run a cluster of at least ${replicas} JetStream ` +
        'servers, or lower NATS_REPLICAS (1 for a single server)',
      options,
    );
    this.name = 'ReplicaCountError';
  }
}
