// Zoom URL helpers (docs/rtms-protocol.md): meeting id path encoding (§2) and `server_urls` splitting (§1.5).

/**
 * Encodes a meeting id or UUID for a REST path. Zoom's rule: a UUID that starts with `/` or contains `//`
 * must be URL-encoded twice (`/abc` → `%252Fabc`); everything else once. Numeric ids pass through unchanged.
 */
export function encodeMeetingIdForPath(id: string | number): string {
  const s = String(id);
  const once = encodeURIComponent(s);
  return s.startsWith('/') || s.includes('//') ? encodeURIComponent(once) : once;
}

/** Splits a `server_urls` string (comma-separated, possibly padded) into its URLs, empties dropped. */
export function splitServerUrls(serverUrls: string): string[] {
  return serverUrls
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Picks the signaling URL from `server_urls`: the first `wss://` entry; a `ws://` entry only when
 * `allowInsecure` (local simulators). Undefined when none fits.
 */
export function pickSignalingUrl(
  serverUrls: string,
  options: { allowInsecure?: boolean } = {},
): string | undefined {
  const urls = splitServerUrls(serverUrls);
  const secure = urls.find((u) => u.toLowerCase().startsWith('wss://'));
  if (secure) return secure;
  if (!options.allowInsecure) return undefined;
  return urls.find((u) => u.toLowerCase().startsWith('ws://'));
}
