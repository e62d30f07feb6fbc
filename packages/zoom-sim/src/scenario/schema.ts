import { MediaKinds } from '@rtms/zoom-protocol';
import { z } from 'zod';

// Scenario files (JSON or YAML) and control-API bodies are validated here: they come from outside.

const speakerRef = z.union([z.number().int().min(0), z.string().min(1)]);

export const MeetingSpecSchema = z.object({
  product: z.enum(['meeting', 'webinar', 'session']).optional(),
  id: z.string().regex(/^\d+$/, 'numeric meeting id').optional(),
  uuid: z.string().min(1).optional(),
  topic: z.string().optional(),
  speakers: z
    .array(
      z.union([
        z.string().min(1),
        z.object({
          name: z.string().min(1),
          userId: z.number().int().positive().optional(),
          toneHz: z.number().int().min(50).max(4000).multipleOf(50).optional(),
        }),
      ]),
    )
    .min(1)
    .optional(),
  script: z
    .array(
      z.object({
        speaker: speakerRef,
        text: z.string().min(1),
        language: z.number().int().min(-1).max(36).optional(),
      }),
    )
    .optional(),
  loopScript: z.boolean().optional(),
  media: z.partialRecord(z.enum(MediaKinds), z.boolean()).optional(),
  sharer: speakerRef.optional(),
  chat: z
    .array(z.object({ atMs: z.number().int().min(0), speaker: speakerRef, text: z.string().min(1) }))
    .optional(),
  transcriptRevisions: z.boolean().optional(),
  silentAudio: z.enum(['zeros', 'none']).optional(),
  language: z.number().int().min(-1).max(36).optional(),
  msPerWord: z.number().int().min(20).max(10_000).optional(),
  durationMs: z.number().int().min(1).optional(),
  autoRtms: z.boolean().optional(),
  announce: z.boolean().optional(),
});

const ScenarioActions = [
  'startRtms',
  'stopRtms',
  'pauseRtms',
  'resumeRtms',
  'interruptMedia',
  'interruptSignaling',
  'failover',
  'keepAliveTimeout',
  'freeze',
  'thaw',
  'participantJoin',
  'participantLeave',
  'startSharing',
  'stopSharing',
  'endMeeting',
] as const;

/** A timed action on a meeting (or its live stream), `atMs` after the meeting starts. */
const ScenarioStepSchema = z.object({
  atMs: z.number().int().min(0),
  do: z.enum(ScenarioActions),
  kind: z.enum(MediaKinds).optional(),
  socket: z.enum(['signaling', 'media']).optional(),
  stopReason: z.number().int().min(0).max(255).optional(),
  name: z.string().min(1).optional(),
  speaker: speakerRef.optional(),
});
export type ScenarioStep = z.infer<typeof ScenarioStepSchema>;

const ScenarioMeetingSchema = MeetingSpecSchema.extend({
  /** How many meetings of this shape (load generation). */
  count: z.number().int().min(1).max(100_000).default(1),
  /** Delay before the first of them starts. */
  startAtMs: z.number().int().min(0).default(0),
  /** Delay between consecutive meetings of this group. */
  staggerMs: z.number().int().min(0).default(0),
  steps: z.array(ScenarioStepSchema).default([]),
}).refine((g) => g.count === 1 || (g.id === undefined && g.uuid === undefined), {
  message: 'id and uuid can only be fixed for a group of one meeting (count: 1)',
  path: ['count'],
});
export type ScenarioMeeting = z.infer<typeof ScenarioMeetingSchema>;

export const ScenarioSchema = z.object({
  /** Used when the simulator is given no seed of its own. */
  seed: z.union([z.string(), z.number()]).optional(),
  description: z.string().optional(),
  meetings: z.array(ScenarioMeetingSchema).min(1),
});
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
