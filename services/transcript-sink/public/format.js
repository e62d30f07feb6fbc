// Helpers of the live page's modules. Values from
// transcripts are only ever put on the page as text (textContent), never parsed as HTML.

export const $ = (id) => document.getElementById(id);

// The access token (TRANSCRIPT_PAGE_TOKEN) the page was opened with, passed on to every API call and download.
export const TOKEN = new URLSearchParams(location.search).get('token');
export const withToken = (url) => (TOKEN ? `${url}?token=${encodeURIComponent(TOKEN)}` : url);

/** Makes an element with text content only (no HTML parsing of values). */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

export const pad2 = (n) => String(n).padStart(2, '0');

/** `m:ss`, or `h:mm:ss` from an hour on: a time within the meeting. */
export function offsetClock(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${pad2(m)}:${pad2(s % 60)}` : `${m}:${pad2(s % 60)}`;
}

/** `45 s`, `12 min`, `1 h 5 min`. */
export function duration(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  return min < 60 ? `${min} min` : `${Math.floor(min / 60)} h ${min % 60} min`;
}

export const dateTime = (ms) =>
  Number.isFinite(ms) && ms > 0
    ? new Date(ms).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short', hour12: false })
    : '';

export const clockTime = (ms) =>
  Number.isFinite(ms) && ms > 0 ? new Date(ms).toLocaleTimeString([], { hour12: false }) : '';

/** A meeting's name: its topic, else its id. */
export const meetingName = (m) => m.topic || m.meetingUuid || m.streamId;

/** `text` as text nodes, with every case-insensitive match of `query` in a <mark>. */
export function highlighted(text, query) {
  if (!query) return [document.createTextNode(text)];
  const nodes = [];
  const lower = text.toLowerCase();
  let at = 0;
  for (let i = lower.indexOf(query); i !== -1; i = lower.indexOf(query, at)) {
    if (i > at) nodes.push(document.createTextNode(text.slice(at, i)));
    nodes.push(el('mark', { text: text.slice(i, i + query.length) }));
    at = i + query.length;
  }
  if (at < text.length) nodes.push(document.createTextNode(text.slice(at)));
  return nodes;
}
