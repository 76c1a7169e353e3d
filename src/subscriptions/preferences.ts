import { z } from 'zod';
import { isTimeZone } from '../shared/time.js';

export const MAX_DIGEST_SIZE = 50;


export const timeZoneField = z
  .string()
  .trim()
  .max(64)
  .refine(isTimeZone, 'is not a known time zone (use a name such as Europe/Berlin)');

/** Everything a subscriber can choose besides their topics; every field optional with a default. */
export const preferencesSchema = z.object({
  frequency: z.enum(['daily', 'weekly']).default('daily'),
  sendHour: z.coerce.number().int().min(0).max(23).default(7),
  sendWeekday: z.coerce.number().int().min(1).max(7).default(1),
  timeZone: timeZoneField.optional(),
  digestSize: z.coerce.number().int().min(1).max(MAX_DIGEST_SIZE).default(10),
});

export type Preferences = z.infer<typeof preferencesSchema>;
