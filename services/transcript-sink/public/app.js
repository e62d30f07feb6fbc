// The live transcript page: the list of meetings (GET /api/meetings, refreshed every few seconds, newest
// first) and the transcript of the one chosen (#/meetings/<streamId>, transcript.js).

import { $, dateTime, duration, el, meetingName, withToken } from './format.js';
import { openTranscript, setUpTranscriptControls, showMeetingInfo, view } from './transcript.js';

const REFRESH_MS = 3000;

let meetings = [];
const meetingOf = (streamId) => meetings.find((m) => m.streamId === streamId);

async function refreshMeetings() {
  try {
    const res = await fetch(withToken('/api/meetings'), { cache: 'no-store' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    meetings = (await res.json()).meetings;
    renderMeetings();
    showMeetingInfo(meetingOf(view.streamId));
    $('meetings-status').textContent = meetings.length === 0 ? 'No meetings with transcripts yet.' : '';
  } catch (err) {
    $('meetings-status').textContent = `Meeting list unavailable (${err.message}); retrying…`;
  }
}

function meetingItem(m) {
  const when = [dateTime(m.startedAt), duration(m.durationMs)].filter(Boolean).join(' · ');
  const link = el(
    'a',
    { href: `#/meetings/${encodeURIComponent(m.streamId)}`, 'data-stream-id': m.streamId },
    el('span', { class: 'title', text: meetingName(m) }),
    el('span', {
      class: `badge ${m.live ? 'live' : 'ended'}`,
      text: m.live ? 'live' : 'ended',
      ...(m.endedBecause ? { title: m.endedBecause } : {}),
    }),
    el(
      'span',
      { class: 'meta when' },
      el('time', { datetime: new Date(m.startedAt).toISOString(), text: when }),
    ),
    el('span', { class: 'meta speakers', text: (m.speakers ?? []).join(', ') }),
  );
  link.setAttribute('aria-current', String(m.streamId === view.streamId));
  return el('li', {}, link);
}

function renderMeetings() {
  // Keep keyboard focus on the same meeting across refreshes.
  const focused = document.activeElement?.closest?.('#meetings a')?.dataset.streamId;
  $('meetings').replaceChildren(...meetings.map(meetingItem));
  if (focused) document.querySelector(`#meetings a[data-stream-id="${CSS.escape(focused)}"]`)?.focus();
}

function route({ moveFocus }) {
  const match = /^#\/meetings\/([^/]+)$/.exec(location.hash);
  if (!match) return;
  const streamId = decodeURIComponent(match[1]);
  openTranscript(streamId, meetingOf(streamId));
  for (const a of document.querySelectorAll('#meetings a')) {
    a.setAttribute('aria-current', String(a.dataset.streamId === streamId));
  }
  // A meeting chosen with the keyboard: go on reading there.
  if (moveFocus) $('transcript-title').focus();
}

setUpTranscriptControls();
window.addEventListener('hashchange', () => route({ moveFocus: true }));
refreshMeetings().finally(() => route({ moveFocus: false }));
setInterval(refreshMeetings, REFRESH_MS);
