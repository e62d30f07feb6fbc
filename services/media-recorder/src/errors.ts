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

/** ffmpeg could not make an MP4 from a recording's frames (not retried: the file is left out). */
export class MediaEncodeError extends Error {
  constructor(
    readonly file: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`ffmpeg could not make ${file}: ${detail}`, options);
    this.name = 'MediaEncodeError';
  }
}

/** A running recording's MP4 of JPEG/PNG frames was asked for and this recorder has no ffmpeg. */
export class FfmpegMissingError extends Error {
  constructor(
    readonly file: string,
    options?: ErrorOptions,
  ) {
    super(`no ffmpeg: ${file} of JPEG/PNG frames cannot be made`, options);
    this.name = 'FfmpegMissingError';
  }
}
