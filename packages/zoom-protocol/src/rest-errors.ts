// What a refused RTMS REST call most likely means (docs/rtms-protocol.md §2). Zoom documents the HTTP statuses
// of PATCH …/rtms_app/status but not its `code`s; the codes below are Zoom's general API codes (§8).

const BY_CODE: Readonly<Record<number, string>> = {
  124: 'the access token is invalid or expired: check the Server-to-Server OAuth app (ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID / ZOOM_OAUTH_CLIENT_ID)',
  300: 'Zoom refused the request body: settings.client_id (ZOOM_CLIENT_ID) or participant_user_id',
  3000: 'the meeting refused RTMS: not in progress, RTMS already in that state, or ZOOM_CLIENT_ID is not an RTMS app of this account',
  3001: 'no such live meeting: it ended, or the id is not the numeric meeting id',
};

const BY_STATUS: Readonly<Record<number, string>> = {
  400: 'Zoom refused the request: the meeting is not in a state that allows this action, or the body is wrong',
  401: 'the access token was refused: check the Server-to-Server OAuth credentials',
  403: 'the token lacks the RTMS scope, or RTMS is not enabled for this account or meeting',
  404: 'no such live meeting (RTMS can only be started while the meeting runs)',
  429: 'rate limited by Zoom',
};

/** Statuses that say more than any code Zoom sends with them (authentication, permission, rate). */
const STATUS_FIRST = new Set([401, 403, 429]);

/** A one-line hint for an error answer of the RTMS status endpoint (Zoom's code first, but for 401/403/429). */
export function describeRestError(status: number, zoomCode?: number | string): string {
  const code = typeof zoomCode === 'string' ? Number(zoomCode) : zoomCode;
  return (
    (STATUS_FIRST.has(status) && BY_STATUS[status]) ||
    (code !== undefined && BY_CODE[code]) ||
    BY_STATUS[status] ||
    (status >= 500 ? 'Zoom is unavailable: retried with backoff' : 'Zoom refused the call')
  );
}
