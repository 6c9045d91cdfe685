import { z } from 'zod';
import { DateTimeString } from './datetime.js';

/** A conversation folder. `category_mapping` from the docs is not in the response. */
export const DeveloperFolder = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  color: z.string().default('#6B7280'),
  icon: z.string().default('folder'),
  created_at: DateTimeString,
  updated_at: DateTimeString,
  order: z.number().int().default(0),
  is_default: z.boolean().default(false),
  is_system: z.boolean().default(false),
  conversation_count: z.number().int().default(0),
});
export type DeveloperFolder = z.infer<typeof DeveloperFolder>;
