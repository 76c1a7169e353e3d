// The operator's shortcuts: add confirmed subscribers from the CLI or a CSV file, no email round trip.
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { PrismaClient } from '../db/index.js';
import { describeIssues, UserError } from '../shared/errors.js';
import { emailField, subscriberKey } from './email.js';
import { recordEvent, type EventSource } from './events.js';
import { newLinkKey } from './link-keys.js';
import { preferencesSchema, type Preferences } from './preferences.js';
import { splitTopicList } from '../matching/index.js';
import { resolveInterests, topicListField } from './topics.js';

export const operatorSubscriptionSchema = z.object({
  email: emailField,
  topics: topicListField,
  preferences: preferencesSchema.default(preferencesSchema.parse({})),
});

export type OperatorSubscription = z.infer<typeof operatorSubscriptionSchema>;

export { newLinkKey } from './link-keys.js';

/**
 * Adds (or reactivates) a confirmed subscriber with exactly these topics, atomically.
 * Returns whether the address was new, and the topics as stored: a label that names a catalogue
 * topic is kept under the catalogue's name ("LLM" is "Large language models").
 */
export async function subscribeConfirmed(
  prisma: PrismaClient,
  input: OperatorSubscription,
  options: { source: EventSource; defaultTimeZone: string; now: Date },
): Promise<{ created: boolean; subscriberId: number; topics: string[] }> {
  const interests = await resolveInterests(prisma, input.topics);
  const prefs: Preferences = input.preferences;
  const fields = {
    status: 'active' as const,
    frequency: prefs.frequency,
    sendHour: prefs.sendHour,
    sendWeekday: prefs.sendWeekday,
    timeZone: prefs.timeZone ?? options.defaultTimeZone,
    digestSize: prefs.digestSize,
    confirmedAt: options.now,
    unsubscribedAt: null,
  };
  return prisma.$transaction(async (tx) => {
    const existing = await tx.subscriber.findUnique({ where: { emailKey: subscriberKey(input.email) }, select: { id: true } });
    const subscriber = existing
      ? await tx.subscriber.update({ where: { id: existing.id }, data: fields })
      : await tx.subscriber.create({ data: { email: input.email, linkKey: newLinkKey(), createdAt: options.now, ...fields } });
    await tx.interest.deleteMany({ where: { subscriberId: subscriber.id } });
    await tx.interest.createMany({ data: interests.map((interest) => ({ ...interest, subscriberId: subscriber.id })) });
    await recordEvent(tx, subscriber.id, existing ? 'preferences_changed' : 'subscribed', options.source, {
      topics: interests.map((interest) => interest.label),
      by: 'operator',
    });
    await recordEvent(tx, subscriber.id, 'confirmed', options.source, { by: 'operator' });
    return { created: !existing, subscriberId: subscriber.id, topics: interests.map((interest) => interest.label) };
  });
}

export interface CsvImportReport {
  rows: number;
  created: number;
  updated: number;
  errors: Array<{ line: number; message: string }>;
}

const csvRowSchema = z.object({
  email: emailField,
  topics: z
    .string({ error: 'topics column is missing' })
    .transform(splitTopicList)
    .pipe(topicListField),
});

/**
 * Imports `email,topics` rows (topics separated by `;`, `,` or new lines: matching/topics.ts). Every row is validated first; valid rows
 * are imported one transaction each, bad rows are reported with their line and never half-imported.
 */
export async function importSubscribersCsv(
  prisma: PrismaClient,
  csvText: string,
  options: { defaultTimeZone: string; now: Date },
): Promise<CsvImportReport> {
  let records: Array<{ record: Record<string, string>; line: number }>;
  try {
    records = (
      parse(csvText, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, bom: true, info: true, trim: true }) as Array<{
        record: Record<string, string>;
        info: { lines: number };
      }>
    ).map(({ record, info }) => ({ record, line: info.lines }));
  } catch (error) {
    throw new UserError(`The CSV file cannot be read: ${(error as Error).message}`, 400, 'invalid_csv');
  }
  if (records.length > 0 && !('email' in records[0]!.record && 'topics' in records[0]!.record)) {
    throw new UserError('The CSV file needs a header line "email,topics".', 400, 'invalid_csv');
  }
  const report: CsvImportReport = { rows: records.length, created: 0, updated: 0, errors: [] };
  const seen = new Set<string>();
  const valid: Array<{ line: number; row: z.infer<typeof csvRowSchema> }> = [];
  for (const { record, line } of records) {
    const parsed = csvRowSchema.safeParse(record);
    if (!parsed.success) {
      report.errors.push({ line, message: describeIssues(parsed.error.issues).join('; ') });
    } else if (seen.has(parsed.data.email.toLowerCase())) {
      report.errors.push({ line, message: `${parsed.data.email} appears twice in the file` });
    } else {
      seen.add(parsed.data.email.toLowerCase());
      valid.push({ line, row: parsed.data });
    }
  }
  for (const { row } of valid) {
    const result = await subscribeConfirmed(
      prisma,
      { email: row.email, topics: row.topics, preferences: preferencesSchema.parse({}) },
      { source: 'csv', ...options },
    );
    if (result.created) report.created++;
    else report.updated++;
  }
  return report;
}
