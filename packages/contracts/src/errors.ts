/** A value cannot be used as a NATS subject token (empty, or contains `.`, `*`, `>` or white space). */
export class InvalidSubjectTokenError extends Error {
  constructor(
    readonly token: string,
    readonly what: string,
    options?: ErrorOptions,
  ) {
    super(`invalid ${what} for a subject token: '${token}'`, options);
    this.name = 'InvalidSubjectTokenError';
  }
}

/** A message did not match the schema of its subject. */
export class MessageValidationError extends Error {
  constructor(
    readonly subject: string,
    readonly issues: readonly { path: PropertyKey[]; message: string }[],
    options?: ErrorOptions,
  ) {
    super(
      `invalid message on '${subject}': ${issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
      options,
    );
    this.name = 'MessageValidationError';
  }
}
