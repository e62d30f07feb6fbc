import { encodeMeetingIdForPath } from '@rtms/zoom-protocol';

/**
 * `PATCH {base}/live_meetings/{meetingId}/rtms_app/status`: the numeric meeting id as is, a UUID encoded by
 * Zoom's rule (twice when it starts with '/' or contains '//'; docs/rtms-protocol.md §2).
 */
export function rtmsStatusUrl(apiBaseUrl: string, meetingId: string): string {
  return `${apiBaseUrl.replace(/\/+$/, '')}/live_meetings/${encodeMeetingIdForPath(meetingId)}/rtms_app/status`;
}
