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
        z.object({ name: z.string().min(1), userId: z.number().int().positive().optional() }),
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
  language: z.number().int().min(-1).max(36).optional(),
  msPerWord: z.number().int().min(20).max(10_000).optional(),
  durationMs: z.number().int().min(1).optional(),
  autoRtms: z.boolean().optional(),
  announce: z.boolean().optional(),
});
