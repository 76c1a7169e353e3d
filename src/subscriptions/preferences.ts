import { z } from 'zod';
import { checkTimeZone, timeZoneAsWritten } from '../shared/time.js';
import { WEEKDAY_NAMES } from './schedule.js';

export const MAX_DIGEST_SIZE = 50;


export const timeZoneField = z
  .string()
  .trim()
  .max(64)
  // The value is named: "Time zone: is not a known time zone" read as a sentence with a word missing.
  .superRefine(checkTimeZone)
  .transform(timeZoneAsWritten);

const frequencyField = z.enum(['daily', 'weekly']);
const sendHourField = z.coerce.number().int().min(0).max(23);
/**
 * An ISO weekday, 1 = Monday; the operator may also write the day ("friday", "Fri") on the command
 * line or in a CSV file, as `subscribers` shows it. A form sends the number.
 */
const sendWeekdayField = z.preprocess((value) => (typeof value === 'string' ? (weekdayNumber(value) ?? value) : value), z.coerce.number().int().min(1).max(7));

function weekdayNumber(text: string): number | undefined {
  const word = text.trim().toLowerCase();
  if (word.length < 3) return undefined;
  const index = WEEKDAY_NAMES.findIndex((name) => name.toLowerCase().startsWith(word));
  return index >= 0 ? index + 1 : undefined;
}
const digestSizeField = z.coerce.number().int().min(1).max(MAX_DIGEST_SIZE);

/** Everything a subscriber can choose besides their topics; every field optional with a default. */
export const preferencesSchema = z.object({
  frequency: frequencyField.default('daily'),
  sendHour: sendHourField.default(7),
  sendWeekday: sendWeekdayField.default(1),
  timeZone: timeZoneField.optional(),
  digestSize: digestSizeField.default(10),
});

export type Preferences = z.infer<typeof preferencesSchema>;

/**
 * Only the preferences someone named, without defaults (zod 4 would fill a default in even under
 * `.partial()`): a change to an existing subscriber must not turn what was left out into a default.
 */
export const preferenceChangesSchema = z.object({
  frequency: frequencyField.optional(),
  sendHour: sendHourField.optional(),
  sendWeekday: sendWeekdayField.optional(),
  timeZone: timeZoneField.optional(),
  digestSize: digestSizeField.optional(),
});

export type PreferenceChanges = z.infer<typeof preferenceChangesSchema>;
