import type { Logger } from 'pino';
import type { ConnectorConfig } from './config.js';

/** The log line of the start-up self-report (docs/troubleshooting.md quotes it). */
const RTMS_CLIENT_LOG = 'RTMS client';

/**
 * What a first real meeting depends on, logged once at start: the RTMS app's client id (the handshake signature
 * is made with it and its secret, docs/rtms-protocol.md §3.2), and whether wss:// certificates are verified.
 */
export function logStartupReport(log: Logger, config: ConnectorConfig, env = process.env): void {
  const verifyOff = env.NODE_TLS_REJECT_UNAUTHORIZED === '0';
  const fields = {
    rtmsClientId: config.ZOOM_CLIENT_ID,
    tlsVerification: verifyOff ? 'off (NODE_TLS_REJECT_UNAUTHORIZED=0)' : 'on',
    extraCaFile: config.RTMS_TLS_CA_FILE ?? null,
    insecureWsAllowed: config.RTMS_ALLOW_INSECURE_WS,
  };
  if (verifyOff) log.warn(fields, `${RTMS_CLIENT_LOG}: wss certificates are NOT verified`);
  else log.info(fields, RTMS_CLIENT_LOG);
}
