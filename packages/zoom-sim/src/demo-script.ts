import type { ChatLine } from './model.js';

// The built-in conversation used when a meeting names no script: two speakers, short sentences.

export const DEMO_SPEAKERS = ['Alice Example', 'Bob Example'] as const;

export const DEMO_SCRIPT: readonly { speaker: number; text: string }[] = [
  { speaker: 0, text: 'Good morning everyone, thanks for joining the weekly sync.' },
  { speaker: 1, text: 'Morning Alice. I can give a quick update on the gateway.' },
  { speaker: 0, text: 'Please go ahead, we have about ten minutes.' },
  { speaker: 1, text: 'The webhook intake is done and the connector handles reconnects now.' },
  { speaker: 0, text: 'Great. Do we have numbers from the load test yet?' },
  { speaker: 1, text: 'Yes, one thousand streams ran for an hour without dropping audio.' },
  { speaker: 0, text: 'Excellent work. Let us review the transcript sink next week.' },
  { speaker: 1, text: 'Sounds good, I will send the notes after the call.' },
];

export const DEMO_CHAT: readonly ChatLine[] = [
  { atMs: 3_000, speaker: 1, text: 'Slides are in the shared folder.' },
  { atMs: 9_000, speaker: 0, text: 'Thanks, got them.' },
];

/** The default scenario: one meeting; RTMS starts when the app calls the REST start (or SIM_AUTO_RTMS). */
export const DEMO_SCENARIO = {
  description: 'demo: one meeting, two speakers saying scripted sentences',
  meetings: [{ topic: 'Weekly sync (simulated)' }],
};
