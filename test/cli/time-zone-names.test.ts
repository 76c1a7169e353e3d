// A time zone typed in any case works (Intl reads "utc" and "america/new_york"), and is kept as the
// tz database writes it: the reader's preferences page and `status` showed "utc" as typed. A zone
// that is not one is named in the message, beside what to write instead.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { ConfigError } from '../../src/shared/errors.js';
import { preferencesSchema } from '../../src/subscriptions/index.js';

const env = (TZ: string) => ({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/never-opened', APP_SECRET: '0123456789abcdef0123456789abcdef01', TZ });

describe('time zone names', () => {
  it('keeps the service zone (TZ) as the tz database writes it, whatever the case typed', () => {
    expect(loadConfig(env('utc')).defaultTimeZone).toBe('UTC');
    expect(loadConfig(env('america/new_york')).defaultTimeZone).toBe('America/New_York');
    // An alias keeps its own name: this Node's ICU would call it Europe/Kiev.
    expect(loadConfig(env('Europe/Kyiv')).defaultTimeZone).toBe('Europe/Kyiv');
  });

  it('names a TZ that is not a time zone', () => {
    expect(() => loadConfig(env('Mars/Base'))).toThrow(ConfigError);
    expect(() => loadConfig(env('Mars/Base'))).toThrow('TZ: "Mars/Base" is not a known time zone (use a name such as Europe/Berlin)');
  });

  it("keeps a reader's zone as the tz database writes it, and an abbreviation as the place it stands for", () => {
    expect(preferencesSchema.parse({ timeZone: ' asia/tokyo ' }).timeZone).toBe('Asia/Tokyo');
    expect(preferencesSchema.parse({ timeZone: 'JST' }).timeZone).toBe('Asia/Tokyo');
    expect(preferencesSchema.parse({ timeZone: 'gmt' }).timeZone).toBe('UTC');
  });

  // Chromium reports Asia/Calcutta for a Mumbai reader (this Node's ICU uses the old names too),
  // and it was stored and shown so: "every day at 07:00 (Asia/Calcutta)".
  it("keeps a zone's old name as the tz database names it now, and only a true alias", () => {
    expect(preferencesSchema.parse({ timeZone: 'Asia/Calcutta' }).timeZone).toBe('Asia/Kolkata');
    expect(preferencesSchema.parse({ timeZone: 'europe/kiev' }).timeZone).toBe('Europe/Kyiv');
    expect(preferencesSchema.parse({ timeZone: 'America/Buenos_Aires' }).timeZone).toBe('America/Argentina/Buenos_Aires');
    expect(preferencesSchema.parse({ timeZone: 'US/Pacific' }).timeZone).toBe('America/Los_Angeles');
    expect(loadConfig(env('Asia/Saigon')).defaultTimeZone).toBe('Asia/Ho_Chi_Minh');
    // Another zone of the same country, with its own history, is not renamed.
    expect(preferencesSchema.parse({ timeZone: 'America/Argentina/Cordoba' }).timeZone).toBe('America/Argentina/Cordoba');
  });

  it('refuses "EST", which is not New York\'s clock (no summer time), naming the zone meant', () => {
    // A New York reader who typed it got their digest an hour late from March to November.
    const parsed = preferencesSchema.safeParse({ timeZone: 'EST' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('"EST" is UTC−5 all year, with no summer time: use the name of a place, such as America/New_York');
    expect(() => loadConfig(env('EST'))).toThrow('TZ: "EST" is UTC−5 all year, with no summer time: use the name of a place, such as America/New_York');
  });
});
