// The meeting id in Zoom REST paths (rtms-protocol.md §2): the numeric meeting id as is; a meeting UUID
// URL-encoded, twice when it starts with '/' or contains '//' (Zoom's rule for UUID path parameters).

const NUMERIC = /^\d+$/;

export function encodeMeetingId(meetingId: string): string {
  if (NUMERIC.test(meetingId)) return meetingId;
  const once = encodeURIComponent(meetingId);
  return meetingId.startsWith('/') || meetingId.includes('//') ? encodeURIComponent(once) : once;
}

/** `PATCH {base}/live_meetings/{meetingId}/rtms_app/status`. */
export function rtmsStatusUrl(apiBaseUrl: string, meetingId: string): string {
  return `${apiBaseUrl.replace(/\/+$/, '')}/live_meetings/${encodeMeetingId(meetingId)}/rtms_app/status`;
}
