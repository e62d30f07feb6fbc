// The live transcript page: a list of meetings (GET /api/meetings, refreshed every few seconds) and the
// transcript of the one chosen (#/meetings/<streamId>), streamed with Server-Sent Events. Every value from a
// transcript is put on the page as text (textContent), never as HTML.

const REFRESH_MS = 3000;
const $ = (id) => document.getElementById(id);

// The access token (TRANSCRIPT_PAGE_TOKEN) the page was opened with, passed on to every API call.
const TOKEN = new URLSearchParams(location.search).get('token');
const withToken = (url) => (TOKEN ? `${url}?token=${encodeURIComponent(TOKEN)}` : url);

/** Makes an element with text content only (no HTML parsing of values). */
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

const clockTime = (ms) =>
  Number.isFinite(ms) && ms > 0 ? new Date(ms).toLocaleTimeString([], { hour12: false }) : '';

// --- meeting list ------------------------------------------------------------------------------------------

let currentStreamId;

async function refreshMeetings() {
  try {
    const res = await fetch(withToken('/api/meetings'), { cache: 'no-store' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const { meetings } = await res.json();
    renderMeetings(meetings);
    $('meetings-status').textContent = meetings.length === 0 ? 'No meetings with transcripts yet.' : '';
  } catch (err) {
    $('meetings-status').textContent = `Meeting list unavailable (${err.message}); retrying…`;
  }
}

function renderMeetings(meetings) {
  const items = meetings.map((m) => {
    const link = el(
      'a',
      { href: `#/meetings/${encodeURIComponent(m.streamId)}`, 'data-stream-id': m.streamId },
      el('span', { class: 'title', text: m.meetingUuid || m.streamId }),
      el('span', {
        class: `badge ${m.live ? 'live' : 'ended'}`,
        text: m.live ? 'live' : 'ended',
        ...(m.endedBecause ? { title: m.endedBecause } : {}),
      }),
      el('span', {
        class: 'meta',
        text: `${m.segments} segment${m.segments === 1 ? '' : 's'} · last: ${m.lastSpeaker} ${clockTime(m.lastAt)}`,
      }),
    );
    if (m.streamId === currentStreamId) link.setAttribute('aria-current', 'true');
    return el('li', {}, link);
  });
  $('meetings').replaceChildren(...items);
}

// --- one meeting's transcript ------------------------------------------------------------------------------

let source;
/** Sentence key (speaker + Zoom timestamp, as in the segmentId) → its line: revisions replace the text. */
let lines = new Map();

const sentenceKey = (s) => `${s.userId}:${s.timestamp}`;

function applySegment(segment) {
  const key = sentenceKey(segment);
  const existing = lines.get(key);
  if (segment.attribute === 'delete') {
    existing?.remove();
    lines.delete(key);
    return;
  }
  if (existing) {
    existing.querySelector('.text').textContent = segment.text;
    return;
  }
  const line = el(
    'li',
    { 'data-segment-id': segment.segmentId },
    el('time', { datetime: new Date(segment.timestamp).toISOString(), text: clockTime(segment.timestamp) }),
    el('span', { class: 'speaker', text: segment.userName || segment.userId }),
    el('span', { class: 'text', text: segment.text }),
  );
  lines.set(key, line);
  $('transcript').append(line);
}

function openMeeting(streamId) {
  source?.close();
  lines = new Map();
  currentStreamId = streamId;
  $('transcript').replaceChildren();
  $('transcript-view').hidden = false;
  $('transcript-title').textContent = `Stream ${streamId}`;
  $('transcript-status').textContent = 'Loading the transcript…';
  for (const a of document.querySelectorAll('#meetings a')) {
    a.setAttribute('aria-current', String(a.dataset.streamId === streamId));
  }
  // EventSource reconnects by itself and sends Last-Event-ID, so the server resumes after the last line.
  source = new EventSource(withToken(`/api/meetings/${encodeURIComponent(streamId)}/transcript`));
  source.addEventListener('segment', (e) => applySegment(JSON.parse(e.data)));
  source.addEventListener('caught-up', () => {
    $('transcript-status').textContent = 'Live: new lines appear as they are spoken.';
  });
  source.addEventListener('lifecycle', (e) => {
    const { state, stopReasonText, reason } = JSON.parse(e.data);
    const why = stopReasonText || reason;
    if (state === 'stopped')
      $('transcript-status').textContent = `The meeting’s transcript has ended${why ? ` (${why})` : ''}.`;
  });
  source.onerror = () => {
    if (source.readyState !== EventSource.CLOSED) $('transcript-status').textContent = 'Reconnecting…';
  };
}

function route() {
  const match = /^#\/meetings\/([^/]+)$/.exec(location.hash);
  if (match) openMeeting(decodeURIComponent(match[1]));
}

window.addEventListener('hashchange', route);
route();
refreshMeetings();
setInterval(refreshMeetings, REFRESH_MS);
