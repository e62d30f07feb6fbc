// Named errors of the media recorder; each keeps its cause.

export class InvalidAudioFormatError extends Error {
  constructor(
    readonly format: string,
    options?: ErrorOptions,
  ) {
    super(`audio format '${format}' is not audio/<codec>;rate=<hz>;channels=<n>`, options);
    this.name = 'InvalidAudioFormatError';
  }
}

export class RecordingStoreError extends Error {
  constructor(
    readonly operation: string,
    readonly object: string,
    options?: ErrorOptions,
  ) {
    super(`object store ${operation} of '${object}' failed`, options);
    this.name = 'RecordingStoreError';
  }
}

export class RecorderClosedError extends Error {
  constructor(options?: ErrorOptions) {
    super('the recorder is closing', options);
    this.name = 'RecorderClosedError';
  }
}
