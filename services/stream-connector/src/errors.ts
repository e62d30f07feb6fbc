import { describeCloseCode, describeStatusCode } from '@rtms/zoom-protocol';

/** A socket's close code for people: `code NORMAL (1000): …, reason '…'`. */
export function closeDetail(code: number, reason: string): string {
  return `code ${describeCloseCode(code).text}${reason ? `, reason '${reason}'` : ''}`;
}

/** A WebSocket to Zoom could not be opened (DNS, TCP, TLS, HTTP upgrade refused, timeout). */
export class SocketOpenError extends Error {
  constructor(
    readonly url: string,
    readonly role: string,
    options?: ErrorOptions,
  ) {
    super(`could not open the ${role} WebSocket to '${url}'`, options);
    this.name = 'SocketOpenError';
  }
}

/** Zoom did not answer a handshake in time. */
export class HandshakeTimeoutError extends Error {
  constructor(
    readonly role: string,
    readonly timeoutMs: number,
    options?: ErrorOptions,
  ) {
    super(`no ${role} handshake response within ${timeoutMs} ms`, options);
    this.name = 'HandshakeTimeoutError';
  }
}

/** A socket closed while a handshake was waiting for its answer, or before the chain was complete. */
export class SocketClosedError extends Error {
  constructor(
    readonly role: string,
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(`the ${role} WebSocket closed: ${detail}`, options);
    this.name = 'SocketClosedError';
  }
}

/** Zoom answered a handshake with a non-zero status code. */
interface HandshakeRejection {
  role: string;
  statusCode: number;
  reason: string;
  /** A second connection for the same stream is still active on Zoom's side: retry with backoff. */
  duplicate?: boolean;
  /** Retrying cannot help (unsupported media type, invalid params): give up on this socket. */
  permanent?: boolean;
}

export class HandshakeRejectedError extends Error {
  readonly role: string;
  readonly statusCode: number;
  readonly reason: string;
  readonly duplicate: boolean;
  readonly permanent: boolean;

  constructor(rejection: HandshakeRejection, options?: ErrorOptions) {
    const { role, statusCode, reason } = rejection;
    super(
      `${role} handshake rejected: status ${describeStatusCode(statusCode).text}${reason ? `; Zoom's reason '${reason}'` : ''}`,
      options,
    );
    this.name = 'HandshakeRejectedError';
    this.role = role;
    this.statusCode = statusCode;
    this.reason = reason;
    this.duplicate = rejection.duplicate ?? false;
    this.permanent = rejection.permanent ?? false;
  }
}

/** The signaling handshake response named no URL this connector can use for a media socket. */
export class NoMediaUrlError extends Error {
  constructor(
    readonly socket: string,
    options?: ErrorOptions,
  ) {
    super(`the signaling handshake offered no server URL for the '${socket}' media socket`, options);
    this.name = 'NoMediaUrlError';
  }
}

/** `server_urls` holds no URL the connector may use (no wss://, or ws:// while RTMS_ALLOW_INSECURE_WS=false). */
export class NoUsableServerUrlError extends Error {
  constructor(
    readonly serverUrls: string,
    options?: ErrorOptions,
  ) {
    super(
      `no usable signaling URL in server_urls '${serverUrls}' (wss:// required unless RTMS_ALLOW_INSECURE_WS)`,
      options,
    );
    this.name = 'NoUsableServerUrlError';
  }
}

/** The stream registry could not be updated after repeated compare-and-set conflicts. */
export class RegistryConflictError extends Error {
  constructor(
    readonly streamId: string,
    readonly attempts: number,
    options?: ErrorOptions,
  ) {
    super(`stream registry entry '${streamId}' kept changing: gave up after ${attempts} attempts`, options);
    this.name = 'RegistryConflictError';
  }
}
