/** A verified webhook could not be stored: NATS is away or the PubAck did not come in time. Answer 503. */
export class StoreUnavailableError extends Error {
  constructor(
    readonly code: 'nats_unavailable' | 'not_stored',
    readonly subject: string,
    options?: ErrorOptions,
  ) {
    super(
      code === 'nats_unavailable'
        ? `NATS is disconnected; '${subject}' not published`
        : `publish to '${subject}' was not acknowledged`,
      options,
    );
    this.name = 'StoreUnavailableError';
  }
}
