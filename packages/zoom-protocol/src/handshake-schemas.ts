import { z } from 'zod';

// Zod schemas for the once-per-connection boundary: handshake responses a client receives. Loose objects,
// so fields Zoom adds later pass through. Never run these per media frame (see frames.ts).

const serverUrls = z.looseObject({
  audio: z.string().optional(),
  video: z.string().optional(),
  sharescreen: z.string().optional(),
  transcript: z.string().optional(),
  chat: z.string().optional(),
  all: z.string().optional(),
});

export const SignalingHandshakeResponseSchema = z.looseObject({
  msg_type: z.literal(2),
  status_code: z.number().int(),
  reason: z.string().optional(),
  protocol_version: z.number().int().optional(),
  sequence: z.number().int().optional(),
  media_server: z
    .looseObject({
      server_urls: serverUrls,
      srtp_keys: z.record(z.string(), z.string()).optional(),
      datacenter_region: z.string().optional(),
    })
    .optional(),
});

export const MediaHandshakeResponseSchema = z.looseObject({
  msg_type: z.literal(4),
  status_code: z.number().int(),
  reason: z.string().optional(),
  protocol_version: z.number().int().optional(),
  sequence: z.number().int().optional(),
  payload_encrypted: z.boolean().optional(),
  payload_encryption: z.boolean().optional(),
  media_params: z.record(z.string(), z.unknown()).optional(),
});

/** The answer a webhook endpoint gives to `endpoint.url_validation`. */
export const UrlValidationAnswerSchema = z.object({
  plainToken: z.string().min(1),
  encryptedToken: z.string().regex(/^[0-9a-f]{64}$/),
});
