import { z } from 'zod';

/**
 * The body of a Developer-Settings `button_event` webhook (a press of the device button). Its full
 * shape is not documented; these are the keys Omi's signing test shows, all optional, extra keys kept.
 */
export const ButtonEventPayload = z.looseObject({
  button_event: z.unknown().optional(),
  device_id: z.string().nullish(),
  event_id: z.string().nullish(),
  timestamp: z.union([z.number(), z.string()]).nullish(),
  uid: z.string().nullish(),
});
export type ButtonEventPayload = z.infer<typeof ButtonEventPayload>;
