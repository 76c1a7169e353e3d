// Request bodies (form fields or JSON) into validated domain input. Two steps: first the shape and
// size of every field, so that nothing oversized reaches the domain schemas; then the domain rules
// (address, topics, preferences). Problems are reported per field, in words a reader understands.
import { z } from 'zod';
import { emailField, MAX_DIGEST_SIZE, MAX_EMAIL_LENGTH, MAX_TOPIC_LENGTH, MAX_TOPICS, optionalTopicListField, PREFERENCE_ACTIONS, type PreferenceAction, type Preferences, preferencesSchema, requiredTopicList } from '../subscriptions/index.js';
import { splitTopicList } from '../matching/index.js';
import { capitalise } from '../shared/wording.js';
import { ownEntry } from './lookup.js';

/**
 * "Papers you like" as typed (ids, links, titles, or a BibTeX export), at most this long: room for
 * a Zotero or Mendeley export of the 50 papers a reader may like, abstracts included (some 2–4 KB
 * an entry). Counted as the browser counts for the field's maxlength, a line break as one
 * character, though a form sends it as two.
 */
export const MAX_LIKED_TEXT = 200_000;
/** The body limit of the routes that take that text (POST /subscribe and the preferences page's "Add papers"): it URL-encoded, beside the rest of the form. */
export const LIKED_BODY_LIMIT_BYTES = 3 * MAX_LIKED_TEXT + 64 * 1024;

/**
 * A problem with the papers a reader pasted, in words. A paste longer than the field is cut by the
 * browser at its maxlength, mid-entry: the BibTeX then "has a { never closed" at some line, which
 * says nothing of why; the reader is told it was cut first.
 */
export function likedPapersProblem(message: string, typed: string | undefined): string {
  const cut = (typed ?? '').replace(/\r\n?/g, '\n').length >= MAX_LIKED_TEXT;
  return cut ? `What you pasted was cut at ${MAX_LIKED_TEXT.toLocaleString('en')} characters, the most this field holds: give at most 50 papers. ${message}` : message;
}

/** The "papers you like" field, line breaks as the browser counted them (CRLF → LF). */
export const likedTextField = z
  .string()
  .transform((text) => text.replace(/\r\n?/g, '\n'))
  .pipe(z.string().max(MAX_LIKED_TEXT, `is longer than ${MAX_LIKED_TEXT.toLocaleString('en')} characters: name at most 50 papers`));

const FIELD_LABELS: Record<string, string> = {
  email: 'Email address',
  topics: 'Topics',
  customTopics: 'Your own topics',
  frequency: 'How often',
  sendHour: 'Time of day',
  sendWeekday: 'Day',
  timeZone: 'Time zone',
  digestSize: 'Papers per digest',
  likedPapers: 'Papers you like',
  action: 'Action',
};

// zod's own wording ("Too big: expected number to be <=23") is for programmers; these fields get ours.
const FIELD_RULES: Record<string, string> = {
  frequency: 'choose daily or weekly',
  sendHour: 'choose an hour from 0 to 23',
  sendWeekday: 'choose a day from 1 (Monday) to 7 (Sunday)',
  digestSize: `choose a number from 1 to ${MAX_DIGEST_SIZE}`,
};

/** Checkbox groups arrive as a string (one ticked), an array (several) or not at all (none). */
const asList = (value: unknown) => (value === undefined || value === null || value === '' ? [] : Array.isArray(value) ? value : [value]);
/** An empty form field means "not given", so that the default applies. */
const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);
const scalar = (max: number) => z.preprocess(emptyToUndefined, z.union([z.string().max(max, `is longer than ${max} characters`), z.number()]).optional());

const preferenceShape = {
  frequency: scalar(16),
  sendHour: scalar(8),
  sendWeekday: scalar(8),
  timeZone: scalar(64),
  digestSize: scalar(8),
};

const topicsShape = {
  topics: z.preprocess(asList, z.array(z.string().max(MAX_TOPIC_LENGTH * 2, 'one of them is too long')).max(MAX_TOPICS * 3, 'too many')),
  customTopics: z.preprocess(emptyToUndefined, z.string().max(MAX_TOPICS * (MAX_TOPIC_LENGTH + 2), 'is too long').optional()),
};

const subscribeShape = z.object(
  {
    email: z.string({ error: 'is required' }).max(MAX_EMAIL_LENGTH + 40, `is longer than ${MAX_EMAIL_LENGTH} characters`),
    likedPapers: z.preprocess(emptyToUndefined, likedTextField.optional()),
    ...topicsShape,
    ...preferenceShape,
  },
  { error: 'must be an object with the fields email, topics, frequency, sendHour, sendWeekday, timeZone, digestSize' },
);


const preferencesShape = z.object(
  {
    action: z.preprocess(emptyToUndefined, z.enum(PREFERENCE_ACTIONS, { error: `must be one of ${PREFERENCE_ACTIONS.join(', ')}` }).default('save')),
    ...topicsShape,
    ...preferenceShape,
  },
  { error: 'must be an object' },
);

/** Free-text topics are typed as a list, split by the one rule for topic lists (matching/topics.ts). */
export function splitCustomTopics(text: string | undefined): string[] {
  return splitTopicList(text ?? '');
}

export class InputProblems extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join(' '));
  }
}

/** "Hour: Too big: expected number to be <=23." — named after the form field the issue is about. */
function problemsOf(issues: ReadonlyArray<z.core.$ZodIssue>): string[] {
  return issues.map((issue) => {
    const field = [...issue.path].reverse().find((key) => ownEntry(FIELD_LABELS, key) !== undefined);
    const label = ownEntry(FIELD_LABELS, field);
    const message = (ownEntry(FIELD_RULES, field) ?? issue.message).replace(/\.$/, '');
    return label ? `${label}: ${message}.` : `${capitalise(message)}.`;
  });
}

function check<S extends z.ZodType>(schema: S, value: unknown, problems: string[]): z.output<S> | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  problems.push(...problemsOf(parsed.error.issues));
  return undefined;
}

// Both forms have a field for papers the reader likes, which are enough without a topic: said so.
const choicesSchema = z.object({ topics: requiredTopicList('choose at least one topic, or name papers you like'), preferences: preferencesSchema });
const choicesWithLikedSchema = z.object({ topics: optionalTopicListField, preferences: preferencesSchema });

type Shape = { topics: string[]; customTopics?: string } & Partial<Record<keyof typeof preferenceShape, unknown>>;

/** Topics may be left out only by a reader who names papers they like instead, or already has some. */
function checkChoices(shape: Shape, problems: string[], hasLiked = false) {
  const { topics, customTopics, ...preferences } = shape;
  return check(hasLiked ? choicesWithLikedSchema : choicesSchema, { topics: [...topics, ...splitCustomTopics(customTopics)], preferences }, problems);
}

function shapeOf<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const problems: string[] = [];
  const shape = check(schema, body ?? {}, problems);
  if (shape === undefined) throw new InputProblems(problems);
  return shape;
}

export interface SubscribeInput {
  email: string;
  topics: string[];
  preferences: Preferences;
  /** What the reader typed as papers they like (resolved by subscriptions/feedback.ts). */
  likedPapers: string;
}

/** Validates a subscribe form or JSON body; throws InputProblems listing every problem at once. */
export function parseSubscribeBody(body: unknown): SubscribeInput {
  const shape = shapeOf(subscribeShape, body);
  const problems: string[] = [];
  const address = check(z.object({ email: emailField }), { email: shape.email }, problems);
  const likedPapers = (shape.likedPapers ?? '').trim();
  const choices = checkChoices(shape, problems, likedPapers !== '');
  if (address === undefined || choices === undefined) throw new InputProblems(problems);
  return { email: address.email, ...choices, likedPapers };
}

export interface PreferencesInput {
  action: PreferenceAction;
  topics: string[];
  preferences: Preferences;
}

/** `hasLiked`: the reader has papers they like, which their digests can be made of without a topic. */
export function parsePreferencesBody(body: unknown, hasLiked = false): PreferencesInput {
  const shape = shapeOf(preferencesShape, body);
  if (shape.action !== 'save') return { action: shape.action, topics: [], preferences: preferencesSchema.parse({}) };
  const problems: string[] = [];
  const choices = checkChoices(shape, problems, hasLiked);
  if (choices === undefined) throw new InputProblems(problems);
  return { action: 'save', ...choices };
}
