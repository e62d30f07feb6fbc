// One meeting's transcript (#/meetings/<streamId>), streamed with Server-Sent Events: speaker colours, times
// from the meeting's start, search, follow-live scrolling and downloads.

import { $, clockTime, dateTime, el, highlighted, meetingName, offsetClock, withToken } from './format.js';

const SPEAKER_COLOURS = 8;
/** Within this distance of the end the reader counts as following the end. */
const FOLLOW_SLACK_PX = 48;
const DOWNLOADS = [
  ['txt', 'Text'],
  ['vtt', 'WebVTT'],
  ['srt', 'SRT'],
  ['jsonl', 'JSONL'],
];

export const view = {
  source: undefined,
  streamId: undefined,
  /** Sentence key (speaker + Zoom timestamp, as in the segmentId) → { li, segment }: revisions replace. */
  lines: new Map(),
  /** Speaker → colour number, in the order they first spoke. */
  speakers: new Map(),
  /** Epoch ms the line times count from: the meeting's start, else its first line. */
  base: undefined,
  query: '',
};

const sentenceKey = (s) => `${s.userId}:${s.timestamp}`;

function speakerClass(name) {
  if (!view.speakers.has(name)) view.speakers.set(name, view.speakers.size % SPEAKER_COLOURS);
  return `speaker c${view.speakers.get(name)}`;
}

const speakerOf = (segment) => segment.userName || segment.userId;

function matches(segment) {
  const q = view.query;
  return !q || segment.text.toLowerCase().includes(q) || speakerOf(segment).toLowerCase().includes(q);
}

function renderLine(entry) {
  const { li, segment } = entry;
  const speaker = speakerOf(segment);
  const at = segment.timestamp;
  li.replaceChildren(
    el('time', {
      datetime: new Date(at).toISOString(),
      title: clockTime(at),
      text: offsetClock(at - (view.base ?? at)),
    }),
    el('span', { class: speakerClass(speaker) }, ...highlighted(speaker, view.query)),
    el('span', { class: 'text' }, ...highlighted(segment.text, view.query)),
  );
  li.hidden = !matches(segment);
}

function showSearchCount() {
  if (!view.query) {
    $('search-status').textContent = '';
    return;
  }
  const all = [...view.lines.values()];
  const shown = all.filter((e) => matches(e.segment)).length;
  $('search-status').textContent = `${shown} of ${all.length} line${all.length === 1 ? '' : 's'} match`;
}

const box = () => $('transcript-scroll');
const scrollToEnd = () => {
  box().scrollTop = box().scrollHeight;
};

function applySegment(segment) {
  const key = sentenceKey(segment);
  const existing = view.lines.get(key);
  if (segment.attribute === 'delete') {
    existing?.li.remove();
    view.lines.delete(key);
  } else if (existing) {
    existing.segment = segment;
    renderLine(existing);
  } else {
    view.base ??= segment.timestamp;
    const entry = { li: el('li', { 'data-segment-id': segment.segmentId }), segment };
    view.lines.set(key, entry);
    renderLine(entry);
    $('transcript').append(entry.li);
  }
  if (view.query) showSearchCount();
  if ($('follow').checked) scrollToEnd();
}

/** Links to the meeting's finished recording on the media recorder (the list has them once it exists). */
function showRecording(files) {
  const nav = $('recording');
  const key = (files ?? []).map((f) => f.url).join(' ');
  if (nav.dataset.key === key) return;
  nav.dataset.key = key;
  nav.hidden = !files?.length;
  nav.replaceChildren(
    ...(files?.length ? [el('span', { text: 'Recording:' })] : []),
    ...(files ?? []).map((f) =>
      el('a', { href: withToken(f.url), 'data-recording-file': f.name, text: f.name }),
    ),
  );
}

/** The meeting's row from the list: its name, the start its line times count from, its recording. */
export function showMeetingInfo(meeting) {
  if (!meeting || meeting.streamId !== view.streamId) return;
  showRecording(meeting.recording);
  $('transcript-title').textContent = meetingName(meeting);
  const started = dateTime(meeting.startedAt);
  $('transcript-meta').textContent = started ? `Started ${started}; times are from the start.` : '';
  if (Number.isFinite(meeting.startedAt) && meeting.startedAt !== view.base) {
    view.base = meeting.startedAt;
    for (const entry of view.lines.values()) renderLine(entry);
  }
}

function showDownloads(streamId) {
  const links = DOWNLOADS.map(([format, label]) =>
    el('a', {
      href: withToken(`/api/meetings/${encodeURIComponent(streamId)}/download/${format}`),
      download: `${streamId}.${format}`,
      'data-format': format,
      text: label,
    }),
  );
  $('downloads').replaceChildren(el('span', { text: 'Download:' }), ...links);
}

export function openTranscript(streamId, meeting) {
  view.source?.close();
  view.lines = new Map();
  view.speakers = new Map();
  view.base = undefined;
  view.streamId = streamId;
  $('transcript').replaceChildren();
  $('transcript-view').hidden = false;
  $('transcript-title').textContent = `Stream ${streamId}`;
  $('transcript-meta').textContent = '';
  $('transcript-status').textContent = 'Loading the transcript…';
  $('follow').checked = true;
  showDownloads(streamId);
  showRecording(undefined);
  showMeetingInfo(meeting);
  showSearchCount();
  // EventSource reconnects by itself and sends Last-Event-ID, so the server resumes after the last line.
  const source = new EventSource(withToken(`/api/meetings/${encodeURIComponent(streamId)}/transcript`));
  view.source = source;
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

export function setUpTranscriptControls() {
  $('search').addEventListener('input', (e) => {
    view.query = e.target.value.trim().toLowerCase();
    for (const entry of view.lines.values()) renderLine(entry);
    showSearchCount();
  });
  $('search').addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || !e.target.value) return;
    e.target.value = '';
    e.target.dispatchEvent(new Event('input'));
  });
  // Scrolling up (wheel, touch, keys) stops following; scrolling back to the end, or the toggle, resumes.
  box().addEventListener('scroll', () => {
    const fromEnd = box().scrollHeight - box().scrollTop - box().clientHeight;
    $('follow').checked = fromEnd <= FOLLOW_SLACK_PX;
  });
  $('follow').addEventListener('change', (e) => {
    if (e.target.checked) scrollToEnd();
  });
}
