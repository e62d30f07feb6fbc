// Paths pino redacts in every service. Webhook signatures, OAuth secrets/tokens and RTMS handshake
// signatures must never reach a log line, even at debug level.
export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers["x-zm-signature"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-zm-signature"]',
  '*.authorization',
  '*.Authorization',
  '*.signature',
  '*.secret',
  '*.secretToken',
  '*.clientSecret',
  '*.client_secret',
  '*.accessToken',
  '*.access_token',
  '*.token',
  '*.password',
  'signature',
  'secret',
  'accessToken',
  'access_token',
  'clientSecret',
  'client_secret',
  'config.ZOOM_CLIENT_SECRET',
  'config.ZOOM_WEBHOOK_SECRET_TOKEN',
  'config.ZOOM_ACCESS_TOKEN',
  'config.access_token',
];

export const REDACTED = '[redacted]';
