// The operator's shortcuts: add confirmed subscribers from the CLI or a CSV file, no email round trip.
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { PrismaClient, SubscriberStatus } from '../db/index.js';
import { describeIssues, UserError } from '../shared/errors.js';
import { emailField, subscriberKey } from './email.js';
import { recordEvent, type EventSource, type EventType } from './events.js';
import { keptLinkKey, LINK_KEY } from './link-keys.js';
import { MAX_DIGEST_SIZE, preferenceChangesSchema, preferencesSchema, type PreferenceChanges } from './preferences.js';
import { splitTopicList } from '../matching/index.js';
import { optionalTopicListField, resolveInterests, topicListField } from './topics.js';
import { addLikedPapers, checkLikedPapersFit, ratePaper, type Verdict } from './feedback.js';
import { findPaper, parsePaperRef } from './paper-ref.js';
import { resolveLikedPapers, type LikedPaperInput } from './liked-papers.js';
import { EDITION_KEY } from '../calendar/index.js';
import { recordSentElsewhere, type EditionHistory } from './sent-history.js';
import { ROSTER_CSV_HEADER, unshieldedCell } from './roster-csv.js';
import { distance } from 'fastest-levenshtein';

export const operatorSubscriptionSchema = z.object({
  email: emailField,
  topics: topicListField,
  /** Only what the operator gave: a new subscriber gets the defaults for the rest, one on the list keeps theirs. */
  preferences: preferenceChangesSchema.default({}),
});

export type OperatorSubscription = z.infer<typeof operatorSubscriptionSchema>;

/** A new address given neither a topic nor a paper they like: it would be subscribed to nothing. */
export class NothingToFollowError extends UserError {
  override name = 'NothingToFollowError';
  constructor() {
    super('choose at least one topic, or name papers they like');
  }
}

export { newLinkKey } from './link-keys.js';

const SCHEDULE_KEYS = ['frequency', 'sendHour', 'sendWeekday', 'timeZone', 'digestSize'] as const;
type StoredPreferences = { [K in (typeof SCHEDULE_KEYS)[number]]-?: NonNullable<PreferenceChanges[K]> };

export type OperatorChange = { from: string | number | string[]; to: string | number | string[] };

export interface OperatorOutcome {
  created: boolean;
  subscriberId: number;
  /** The address as the list keeps it: the case it was first given in (`BOB@Example.org` finds bob@example.org). */
  email: string;
  /**
   * The topics as stored: a label that names a catalogue topic is kept under the catalogue's name
   * ("LLM" is "Large language models").
   */
  topics: string[];
  status: SubscriberStatus;
  preferences: StoredPreferences;
  /** For an address already on the list, what this call changed (topics, a preference, status); {} for a new one. */
  changed: Record<string, OperatorChange>;
}

/**
 * How the operator's shortcut moves an address already on the list: they asked for this reader to
 * get digests, so one who has not (yet) or no longer gets them becomes active. Active and paused
 * readers keep their status and their confirmation date: that date is the one their digests cite
 * ("this address was subscribed on …") and the start a missed edition is caught up from (calendar/edition.ts).
 */
const ACTIVATION: Partial<Record<SubscriberStatus, { event: EventType; confirms: boolean }>> = {
  pending: { event: 'confirmed', confirms: true },
  // A new subscription, as a manage link's "subscribe again" starts one (manage.ts).
  unsubscribed: { event: 'resubscribed', confirms: true },
  // As a reader's own "resume" after bounces: the operator vouches that the mailbox works.
  suspended: { event: 'resumed', confirms: false },
};

/**
 * Adds a confirmed subscriber, or changes one already on the list, atomically. A new address gets
 * these topics and preferences (defaults for the rest); for an existing one only what was given
 * changes: no topics given keeps theirs, and a preference left out keeps its stored value.
 */
export async function subscribeConfirmed(
  prisma: PrismaClient,
  input: OperatorSubscription,
  options: {
    source: EventSource;
    defaultTimeZone: string;
    now: Date;
    /** Papers they like come with it: topics may then be none. */
    withLikedPapers?: boolean;
    /**
     * Whether an address that is not active (pending, unsubscribed, suspended) becomes active: yes for
     * `paperboy subscribe EMAIL`, one address the operator names; no for a CSV import, where an old
     * list must not bring back readers who left or mailboxes that bounced (default true).
     */
    activate?: boolean;
    /** A new address starts paused (a CSV row whose status column says so): confirmed, and not mailed. */
    startPaused?: boolean;
    /**
     * A new address is kept as it left (a CSV row whose status column says unsubscribed or suspended):
     * on the list, never mailed, so that an older list imported afterwards cannot bring it back.
     */
    startLeft?: { status: 'unsubscribed' | 'suspended'; at: Date | null; reason: string };
    /**
     * A new address keeps the link key it had where the list came from (an export's `linkkey`), so the
     * unsubscribe and preferences links of the emails they have keep working; not one another reader holds.
     */
    linkKey?: string;
  },
): Promise<OperatorOutcome> {
  const interests = input.topics.length > 0 ? await resolveInterests(prisma, input.topics) : null;
  const given = Object.fromEntries(Object.entries(input.preferences).filter(([, value]) => value !== undefined)) as PreferenceChanges;
  return prisma.$transaction(async (tx) => {
    const existing = await tx.subscriber.findUnique({
      where: { emailKey: subscriberKey(input.email) },
      select: { id: true, email: true, status: true, frequency: true, sendHour: true, sendWeekday: true, timeZone: true, digestSize: true, interests: { select: { label: true }, orderBy: { id: 'asc' } } },
    });
    if (!existing) {
      // An address on the list keeps its topics when none are given; a new one needs something to follow.
      if (input.topics.length === 0 && !options.withLikedPapers && !options.startLeft) throw new NothingToFollowError();
      const defaults = preferencesSchema.parse({});
      const preferences: StoredPreferences = { ...defaults, timeZone: options.defaultTimeZone, ...given };
      const labels = (interests ?? []).map((interest) => interest.label);
      const subscriber = await tx.subscriber.create({
        // Paused in the same statement: created active and paused afterwards, a send run between
        // the two could mail them.
        data: {
          email: input.email,
          linkKey: await keptLinkKey(tx, options.linkKey),
          createdAt: options.now,
          status: options.startLeft?.status ?? (options.startPaused ? 'paused' : 'active'),
          confirmedAt: options.now,
          ...(options.startLeft?.status === 'unsubscribed' ? { unsubscribedAt: options.now } : {}),
          ...preferences,
        },
        select: { id: true, status: true },
      });
      await tx.interest.createMany({ data: (interests ?? []).map((interest) => ({ ...interest, subscriberId: subscriber.id })) });
      await recordEvent(tx, subscriber.id, 'subscribed', options.source, { topics: labels, by: 'operator' });
      await recordEvent(tx, subscriber.id, 'confirmed', options.source, { by: 'operator' });
      if (options.startPaused) await recordEvent(tx, subscriber.id, 'paused', options.source, { by: 'operator' });
      // With the file's date and reason for a suspension (its `suspended` and `reason` columns), so an export of this list says what the first one said.
      const left = options.startLeft;
      if (left) await recordEvent(tx, subscriber.id, left.status, options.source, { by: 'operator', ...(left.reason ? { importedReason: left.reason } : {}) }, left.at ?? undefined);
      return { created: true, subscriberId: subscriber.id, email: input.email, topics: labels, status: subscriber.status, preferences, changed: {} };
    }

    const changed: Record<string, OperatorChange> = {};
    for (const key of SCHEDULE_KEYS) {
      const to = given[key];
      if (to !== undefined && to !== existing[key]) changed[key] = { from: existing[key], to };
    }
    const before = existing.interests.map((interest) => interest.label);
    const after = interests ? interests.map((interest) => interest.label) : before;
    if (before.join('\n') !== after.join('\n')) changed.topics = { from: before, to: after };
    const activation = options.activate === false ? undefined : ACTIVATION[existing.status];
    if (activation) changed.status = { from: existing.status, to: 'active' };

    const preferenceChanges = Object.fromEntries(SCHEDULE_KEYS.filter((key) => key in changed).map((key) => [key, given[key]]));
    if (Object.keys(preferenceChanges).length > 0 || activation) {
      const activated = activation
        ? { status: 'active' as const, unsubscribedAt: null, hardBounces: 0, ...(activation.confirms ? { confirmedAt: options.now } : {}) }
        : {};
      await tx.subscriber.update({ where: { id: existing.id }, data: { ...preferenceChanges, ...activated } });
    }
    if (changed.topics && interests) {
      await tx.interest.deleteMany({ where: { subscriberId: existing.id } });
      await tx.interest.createMany({ data: interests.map((interest) => ({ ...interest, subscriberId: existing.id })) });
    }
    const { status: _status, ...edits } = changed;
    if (Object.keys(edits).length > 0) await recordEvent(tx, existing.id, 'preferences_changed', options.source, { changed: edits, by: 'operator' });
    if (activation) await recordEvent(tx, existing.id, activation.event, options.source, { by: 'operator', previousStatus: existing.status });
    const { id, email, status, interests: _interests, ...stored } = existing;
    return {
      created: false,
      subscriberId: id,
      email,
      topics: after,
      status: activation ? 'active' : status,
      preferences: { ...stored, ...given },
      changed,
    };
  });
}

export interface CsvImportReport {
  rows: number;
  created: number;
  /** Rows for an address on the list whose topics or schedule changed. */
  updated: number;
  /** Rows for an address on the list that already had these topics and schedule. */
  unchanged: number;
  /** Addresses on the list that are not active: their row changed at most their topics and schedule, never their status; and new ones kept as they left. */
  /** `created`: a new address kept as the file's status column says it left (unsubscribed, suspended), never mailed. */
  notActive: Array<{ line: number; email: string; status: SubscriberStatus; created: boolean }>;
  /**
   * Rows for an address not on the list whose `status` column (as `paperboy subscribers --csv`
   * writes it) says they never confirmed: not imported, since an import would make them active
   * readers. (Rows that say they left or bounced are imported as such: `notActive`.)
   */
  leftOut: Array<{ line: number; email: string; status: SubscriberStatus }>;
  errors: Array<{ line: number; message: string }>;
  /** The topics (as stored) of the rows imported as readers who get digests, with how many follow each. */
  topics: Record<string, number>;
  /**
   * Marks (`more`, `less` columns) on papers the corpus does not hold: the reader was imported
   * without them. A mark is on a paper of the corpus; once it is ingested, `paperboy feedback` adds it.
   */
  marksLeftOut: Array<{ line: number; email: string; verdict: Verdict; ref: string }>;
  /**
   * Papers of `sent` columns (what each reader was sent in the database the file came from) entered
   * in the readers' ledgers, and those the corpus does not hold, which could be sent again once ingested.
   */
  /**
   * The sent columns: `recorded` (reader, paper) pairs entered; `notInCorpus` pairs left out, whose
   * papers the corpus lacks, and those papers once each, as the file names them (`missing`).
   */
  sent: { recorded: number; notInCorpus: number; missing: string[] };
}

/** Statuses a `status` column may give that an import must never turn into an active reader. */
const NOT_TO_SUBSCRIBE: ReadonlySet<string> = new Set<SubscriberStatus>(['unsubscribed', 'suspended', 'pending']);
const STATUSES = ['pending', 'active', 'paused', 'unsubscribed', 'suspended'] as const satisfies readonly SubscriberStatus[];

const paperLines = z
  .string()
  .optional()
  .transform((value) => (value ?? '').split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== ''));

const csvRowSchema = z.object({
  email: emailField,
  // May be empty when the row names papers the reader likes (checked with them, below).
  topics: z
    .string({ error: 'topics column is missing' })
    .transform(splitTopicList)
    .pipe(optionalTopicListField),
  // Optional: the columns `paperboy subscribers --csv` writes, one paper per line ("[arXiv id] Title"
  // for a liked paper, an arXiv id or a title for a mark).
  liked: paperLines,
  more: paperLines,
  less: paperLines,
  sent: paperLines,
  // Optional: when and why a suspended reader's digests stopped, as an export writes them.
  suspended: z
    .string()
    .optional()
    .transform((value) => (/^\d{4}-\d{2}-\d{2}$/.test(value?.trim() ?? '') ? new Date(`${value!.trim()}T00:00:00Z`) : null)),
  reason: z
    .string()
    .optional()
    .transform((value) => value?.trim() ?? ''),
  // Optional: the key their links were bound to where the file came from.
  linkkey: z
    .string()
    .optional()
    .transform((value) => (value ?? '').trim())
    .refine((value) => value === '' || LINK_KEY.test(value), { message: 'must be a key as paperboy subscribers --csv writes it, or empty' }),
  // Optional: the newest edition the reader had where the file came from (`daily:2026-12-05`).
  lastedition: z
    .string()
    .optional()
    .transform((value) => value?.trim() ?? '')
    .refine((value) => value === '' || EDITION_KEY.test(value), { message: 'must be an edition key such as daily:2026-12-05 or weekly:2026-11-30, or empty' }),
  // Optional: the column `paperboy subscribers --csv` writes. Empty or absent is a new reader.
  status: z
    .string()
    .transform((value) => value.trim().toLowerCase())
    .refine((value) => value === '' || (STATUSES as readonly string[]).includes(value), { message: `must be one of ${STATUSES.join(', ')}, or empty` })
    .optional(),
});

/**
 * The papers a row's `liked` column names, resolved as `subscribe --like` resolves them but without
 * asking arXiv (an import of thousands of rows must not wait on it): an export writes each as
 * "[arXiv id] Title", which is found again by its id or kept by its title.
 */
async function likedPapersOfRow(prisma: PrismaClient, lines: string[]): Promise<{ papers: LikedPaperInput[] } | { problem: string }> {
  if (lines.length === 0) return { papers: [] };
  try {
    return { papers: await resolveLikedPapers(prisma, lines) };
  } catch (error) {
    if (error instanceof UserError) return { problem: error.message };
    throw error;
  }
}

/**
 * Records a row's marks as the reader's links did; whether any changed. A paper the corpus lacks is
 * passed to `leftOut` rather than failing the row: the reader and the rest of their marks count more.
 */
async function importMarks(
  prisma: PrismaClient,
  subscriberId: number,
  row: { more: string[]; less: string[] },
  options: { now: Date; leftOut: (verdict: Verdict, ref: string) => void },
): Promise<boolean> {
  let changed = false;
  for (const [verdict, refs] of [['more', row.more], ['less', row.less]] as const) {
    for (const ref of refs) {
      const paper = await findPaper(prisma, parsePaperRef(ref));
      if (!paper) options.leftOut(verdict, ref);
      else if ((await ratePaper(prisma, { subscriberId, paperId: paper.id, verdict }, { source: 'csv', now: options.now })).changed) changed = true;
    }
  }
  return changed;
}

/**
 * The schedule columns `paperboy subscribers --csv` writes, by the preference each sets, with what a
 * bad value must be. Without them an export re-imported into a new database (the embedded one's
 * recovery) gave every reader the default schedule: a Tokyo reader's 7:00 digest came at 7:00 UTC.
 */
const SCHEDULE_COLUMNS: Record<keyof PreferenceChanges, { column: string; rule?: string }> = {
  frequency: { column: 'frequency', rule: 'must be daily or weekly' },
  sendHour: { column: 'hour', rule: 'must be 0–23' },
  sendWeekday: { column: 'weekday', rule: 'must be 1–7 (1 = Monday) or a day (friday)' },
  // The time zone's own message names the value and says what to write instead.
  timeZone: { column: 'timezone' },
  digestSize: { column: 'size', rule: `must be 1–${MAX_DIGEST_SIZE}` },
};

/** The preferences a row's schedule columns give (an empty or absent cell gives none), or what is wrong with them. */
function scheduleOfRow(record: Record<string, string>): { preferences: PreferenceChanges } | { problems: string[] } {
  const given = Object.fromEntries(
    Object.entries(SCHEDULE_COLUMNS).flatMap(([key, { column }]) => {
      const value = record[column]?.trim() ?? '';
      return value === '' ? [] : [[key, key === 'frequency' ? value.toLowerCase() : value]];
    }),
  );
  const parsed = preferenceChangesSchema.safeParse(given);
  if (parsed.success) return { preferences: parsed.data };
  return {
    problems: parsed.error.issues.map((issue) => {
      const { column, rule } = SCHEDULE_COLUMNS[issue.path[0] as keyof PreferenceChanges];
      return `${column}: ${rule ? `${rule}, not "${given[issue.path[0] as string]}"` : issue.message}`;
    }),
  };
}

/** The columns a file may have: those `paperboy subscribers --csv` writes. */
const KNOWN_COLUMNS = ROSTER_CSV_HEADER.split(',');

/**
 * Header names one or two letters from a column this import reads ("timzone", "hours"): read as
 * another column, which is ignored, their values were silently lost and the reader got the
 * defaults (07:00 UTC). Other columns a spreadsheet adds ("name", "notes") are ignored.
 */
function misspeltColumns(header: string[]): string[] {
  return header.flatMap((name) => {
    if (KNOWN_COLUMNS.includes(name) || name.length < 4) return [];
    // One letter for a short name: "name" is two from "size", and a column of its own.
    const meant = KNOWN_COLUMNS.find((column) => distance(name, column) <= (name.length <= 5 ? 1 : 2));
    return meant ? [`"${name}" (did you mean "${meant}"?)`] : [];
  });
}

/**
 * What the first line was read as, so the operator sees why it is not the header. A spreadsheet
 * set to a language that writes decimal commas saves its "CSV" with semicolons (`email;topics`):
 * that is one column here, and "needs a header line" alone did not say what to change.
 */
function headerRead(names: string[]): string {
  const line = names.join(',');
  const shown = JSON.stringify(line.length > 60 ? `${line.slice(0, 59)}…` : line);
  const separator = names.length === 1 ? [';', '\t'].find((s) => names[0]!.includes(s)) : undefined;
  if (separator) return `; its first line, ${shown}, has its columns separated by ${separator === ';' ? 'semicolons' : 'tabs'}: save it with commas between the columns (topics within a field separated by ";")`;
  return `; its first line is ${shown}`;
}

/**
 * Imports `email,topics` rows (topics separated by `;`, `,` or new lines: matching/topics.ts), with
 * the optional `status` and schedule columns of `paperboy subscribers --csv`. Every row is validated
 * first; valid rows are imported one transaction each, bad rows are reported with their line and
 * never half-imported.
 */
export async function importSubscribersCsv(
  prisma: PrismaClient,
  csvText: string,
  options: { defaultTimeZone: string; now: Date; history: EditionHistory; onProgress?: (done: number, total: number) => void },
): Promise<CsvImportReport> {
  const { onProgress, history, ...subscribeOptions } = options;
  let records: Array<{ record: Record<string, string>; line: number; fieldsMismatch: boolean }>;
  // The header as read, also for a file without rows: checked before the rows, so that an empty
  // file or a wrong header over no rows is refused, not "Imported 0 of 0 rows" with exit 0.
  let header: string[] = [];
  let firstLine: string[] = [];
  try {
    records = (
      // relax_column_count: a row with a field too many is that row's problem, not the whole file's.
      parse(csvText, {
        columns: (names: string[]) => ((firstLine = names), (header = names.map((h) => h.trim().toLowerCase()))),
        skip_empty_lines: true,
        bom: true,
        info: true,
        raw: true,
        trim: true,
        relax_column_count: true,
        // The apostrophe an export puts before a cell a spreadsheet would run as a formula:
        // "'@home robots" came back as a topic with an apostrophe.
        cast: unshieldedCell,
      }) as Array<{
        record: Record<string, string>;
        raw: string;
        info: { lines: number; invalid_field_length: number };
      }>
    ).map(({ record, raw, info }, index, all) => ({ record, line: firstLineOf(raw, info.lines), fieldsMismatch: info.invalid_field_length > (all[index - 1]?.info.invalid_field_length ?? 0) }));
  } catch (error) {
    throw new UserError(`The CSV file cannot be read: ${(error as Error).message}`, 400, 'invalid_csv');
  }
  if (!(header.includes('email') && header.includes('topics'))) {
    throw new UserError(`The CSV file needs a header line "email,topics"${header.length === 0 ? ': it is empty' : headerRead(firstLine)}.`, 400, 'invalid_csv');
  }
  const misspelt = misspeltColumns(header);
  if (misspelt.length > 0) throw new UserError(`The CSV file's header has ${misspelt.join(', ')}: rename ${misspelt.length === 1 ? 'it' : 'them'} (or remove the column); nothing was imported.`, 400, 'invalid_csv');
  const report: CsvImportReport = { rows: records.length, created: 0, updated: 0, unchanged: 0, notActive: [], leftOut: [], errors: [], topics: {}, marksLeftOut: [], sent: { recorded: 0, notInCorpus: 0, missing: [] } };
  const missing = new Set<string>();
  const seen = new Set<string>();
  const valid: Array<{ line: number; row: z.infer<typeof csvRowSchema>; preferences: PreferenceChanges; liked: LikedPaperInput[] }> = [];
  for (const { record, line, fieldsMismatch } of records) {
    const parsed = csvRowSchema.safeParse(record);
    const schedule = scheduleOfRow(record);
    if (fieldsMismatch) {
      report.errors.push({ line, message: 'has a different number of fields than the header "email,topics": put quotes around topics that contain commas, or separate them with ";"' });
    } else if (!parsed.success) {
      // "topics: …", not "topics.0: …": the row has one topics field, whatever zod numbers inside it.
      report.errors.push({ line, message: describeIssues(parsed.error.issues.map((issue) => ({ ...issue, path: issue.path.slice(0, 1) }))).join('; ') });
    } else if ('problems' in schedule) {
      report.errors.push({ line, message: schedule.problems.join('; ') });
    } else if (parsed.data.topics.length === 0 && parsed.data.liked.length === 0) {
      report.errors.push({ line, message: 'topics: choose at least one topic, or name papers they like in a liked column' });
    } else if (parsed.data.more.some((ref) => parsed.data.less.includes(ref))) {
      report.errors.push({ line, message: `more, less: ${parsed.data.more.find((ref) => parsed.data.less.includes(ref))} is in both: a reader has one mark per paper` });
    } else if (seen.has(parsed.data.email.toLowerCase())) {
      report.errors.push({ line, message: `${parsed.data.email} appears twice in the file` });
    } else {
      const liked = await likedPapersOfRow(prisma, parsed.data.liked);
      if ('problem' in liked) {
        report.errors.push({ line, message: `liked: ${liked.problem}` });
        continue;
      }
      seen.add(parsed.data.email.toLowerCase());
      valid.push({ line, row: parsed.data, preferences: schedule.preferences, liked: liked.papers });
    }
  }
  for (const [index, { row, line, preferences, liked }] of valid.entries()) {
    const leaving = row.status !== undefined && NOT_TO_SUBSCRIBE.has(row.status);
    // Whether the address is on the list matters only for these two checks: looked up once for both.
    const known = leaving || liked.length > 0 ? await prisma.subscriber.findUnique({ where: { emailKey: subscriberKey(row.email) }, select: { id: true } }) : null;
    if (leaving && !known && row.status === 'pending') {
      // Never confirmed: nothing they agreed to is on the file, so they are not brought in at all.
      report.leftOut.push({ line, email: row.email, status: row.status as SubscriberStatus });
      onProgress?.(index + 1, valid.length);
      continue;
    }
    if (known && liked.length > 0) {
      const tooMany = await checkLikedPapersFit(prisma, known.id, liked).then(
        () => null,
        (error: unknown) => (error instanceof UserError ? error.message : Promise.reject(error)),
      );
      if (tooMany) {
        report.errors.push({ line, message: `liked: ${tooMany}` });
        onProgress?.(index + 1, valid.length);
        continue;
      }
    }
    const result = await subscribeConfirmed(
      prisma,
      { email: row.email, topics: row.topics, preferences },
      // A reader the file says paused their digests stays paused: imported as active, they were mailed.
      {
        source: 'csv',
        ...subscribeOptions,
        activate: false,
        startPaused: row.status === 'paused',
        // An export re-imported into a new database (the embedded one's recovery) brought back, as
        // active readers, everyone who had unsubscribed or bounced; left out instead, they were
        // off the list, so an older list imported afterwards made them active again. They are kept
        // as they left, and never mailed. Already on the list, a row never changes a status.
        ...(leaving && !known ? { startLeft: { status: row.status as 'unsubscribed' | 'suspended', at: row.suspended, reason: row.reason } } : {}),
        withLikedPapers: liked.length > 0,
        ...(row.linkkey !== '' ? { linkKey: row.linkkey } : {}),
      },
    );
    const likedAdded = await addLikedPapers(prisma, result.subscriberId, liked, { source: 'csv', now: subscribeOptions.now });
    const marksChanged = await importMarks(prisma, result.subscriberId, row, { now: subscribeOptions.now, leftOut: (verdict, ref) => report.marksLeftOut.push({ line, email: row.email, verdict, ref }) });
    const sent = await recordSentElsewhere(prisma, result.subscriberId, row.sent, subscribeOptions.now);
    const hadEdition = row.lastedition !== '' && (await history.recordHad(result.subscriberId, row.lastedition, subscribeOptions.now));
    report.sent.recorded += sent.added;
    report.sent.notInCorpus += sent.missing.length;
    for (const ref of sent.missing) missing.add(ref);
    if (result.created) report.created++;
    else if (Object.keys(result.changed).length > 0 || likedAdded.added + likedAdded.completed > 0 || marksChanged || sent.added > 0 || hadEdition) report.updated++;
    else report.unchanged++;
    if (result.status !== 'active' && result.status !== 'paused') report.notActive.push({ line, email: row.email, status: result.status, created: result.created });
    else for (const topic of result.topics) report.topics[topic] = (report.topics[topic] ?? 0) + 1;
    onProgress?.(index + 1, valid.length);
  }
  report.sent.missing = [...missing];
  return report;
}

/**
 * The line a record starts on, where messages point: csv-parse counts to where it ends, and an
 * export's row with papers spans a line per paper ("b.csv:11: hour: …" named a paper title's line,
 * not the reader's). `raw` holds the record as written, after any empty lines skipped before it.
 */
function firstLineOf(raw: string, lastLine: number): number {
  const record = raw.replace(/^(?:\r?\n)+/, '').replace(/\r?\n$/, '');
  return lastLine - (record.match(/\n/g)?.length ?? 0);
}
