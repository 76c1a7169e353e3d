// Display-ready data for the pages, so the templates stay free of logic: option lists with their
// selected flags, topic checkboxes with their ticks, a subscription described in words.
import { timeZonesNames } from '@vvo/tzdb';
import type { CatalogueEntry } from '../matching/index.js';
import { maskEmail } from '../shared/logger.js';
import { currentNamesOfReportedZones, zoneLabel } from '../shared/time.js';
import type { ManagedSubscriber } from '../subscriptions/index.js';
import { describeSchedule, hourLabel, MAX_DIGEST_SIZE, MAX_EMAIL_LENGTH, MAX_TOPIC_LENGTH, MAX_TOPICS, WEEKDAY_NAMES } from '../subscriptions/index.js';
import { MAX_LIKED_TEXT, splitCustomTopics } from './form-fields.js';

/** What a form shows: the values as sent (after an error) or as stored. All strings, as in a form. */
export interface FormValues {
  email?: string;
  /** Ticked catalogue slugs (or names, from JSON clients). */
  topics: string[];
  customTopics: string;
  /** Subscribe form only: papers the reader likes, as typed. */
  likedPapers?: string;
  frequency: string;
  sendHour: string;
  sendWeekday: string;
  timeZone: string;
  digestSize: string;
}

export function defaultFormValues(defaultTimeZone: string): FormValues {
  return { topics: [], customTopics: '', frequency: 'daily', sendHour: '7', sendWeekday: '1', timeZone: defaultTimeZone, digestSize: '10' };
}

/** A posted body back into form values, tolerating anything (it may be what failed validation). */
export function formValuesFromBody(body: unknown, defaults: FormValues): FormValues {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const text = (value: unknown, fallback: string) => (typeof value === 'string' || typeof value === 'number' ? String(value).slice(0, 2000) : fallback);
  const list = Array.isArray(b.topics) ? b.topics : b.topics === undefined ? [] : [b.topics];
  return {
    email: text(b.email, ''),
    topics: list.filter((t): t is string => typeof t === 'string').slice(0, 100),
    customTopics: text(b.customTopics, ''),
    likedPapers: typeof b.likedPapers === 'string' ? b.likedPapers.slice(0, MAX_LIKED_TEXT) : '',
    frequency: text(b.frequency, defaults.frequency),
    sendHour: text(b.sendHour, defaults.sendHour),
    sendWeekday: text(b.sendWeekday, defaults.sendWeekday),
    timeZone: text(b.timeZone, defaults.timeZone),
    digestSize: text(b.digestSize, defaults.digestSize),
  };
}

export function formValuesFromSubscriber(subscriber: ManagedSubscriber): FormValues {
  return {
    topics: subscriber.interests.filter((i) => i.topicSlug !== null).map((i) => i.topicSlug!),
    customTopics: subscriber.interests
      .filter((i) => i.topicSlug === null)
      .map((i) => i.label)
      .join(', '),
    frequency: subscriber.frequency,
    sendHour: String(subscriber.sendHour),
    sendWeekday: String(subscriber.sendWeekday),
    timeZone: subscriber.timeZone,
    digestSize: String(subscriber.digestSize),
  };
}

// The zone names of the current tz database (Asia/Kolkata, Europe/Kyiv), which readers look for:
// Node's own list (its ICU) has the old ones (Asia/Calcutta, Europe/Kiev) and leaves out UTC. Only
// names this Node can format are offered; a stored or browser-reported zone outside the list is
// added to it (formModel).
const TIME_ZONES = ['UTC', ...timeZonesNames.filter(isFormattable)];

function isFormattable(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The form fields, with option lists and selections worked out. */
export function formModel(values: FormValues, catalogue: CatalogueEntry[]) {
  const ticked = new Set(values.topics.map((t) => t.toLowerCase()));
  const known = new Set<string>();
  const topics = catalogue.map((topic) => {
    const checked = ticked.has(topic.slug.toLowerCase()) || ticked.has(topic.name.toLowerCase());
    known.add(topic.slug.toLowerCase());
    known.add(topic.name.toLowerCase());
    return { ...topic, checked };
  });
  // Ticked values that are not in the catalogue (a JSON client's free text) go with the typed ones.
  const extra = values.topics.filter((t) => !known.has(t.toLowerCase()));
  const customTopics = [...extra, ...splitCustomTopics(values.customTopics)].join(', ');
  const zones = TIME_ZONES.includes(values.timeZone) ? TIME_ZONES : [values.timeZone, ...TIME_ZONES];
  return {
    values: { ...values, customTopics },
    topics,
    daily: values.frequency !== 'weekly',
    weekly: values.frequency === 'weekly',
    hours: Array.from({ length: 24 }, (_, hour) => ({ value: hour, label: hourLabel(hour), selected: String(hour) === values.sendHour })),
    weekdays: WEEKDAY_NAMES.map((name, i) => ({ value: i + 1, label: name, selected: String(i + 1) === values.sendWeekday })),
    // An Etc/GMT±N zone carries its real offset in its label (zoneLabel): Etc/GMT+12 is UTC−12.
    timeZones: zones.map((zone) => {
      const label = zoneLabel(zone);
      return { value: zone, label: label === zone ? undefined : label, selected: zone === values.timeZone };
    }),
    // For the form's script, which starts from the browser's zone (subscribe.hbs).
    currentZoneNames: JSON.stringify(currentNamesOfReportedZones()),
    limits: { likedPapers: MAX_LIKED_TEXT, email: MAX_EMAIL_LENGTH, topic: MAX_TOPIC_LENGTH, topics: MAX_TOPICS, customTopics: MAX_TOPICS * (MAX_TOPIC_LENGTH + 2), digestSize: MAX_DIGEST_SIZE },
  };
}

/** A subscription in words: for the confirmed page and the preferences page. */
export function summaryModel(subscriber: ManagedSubscriber) {
  return {
    address: maskEmail(subscriber.email),
    topicLabels: subscriber.interests.map((i) => i.label),
    schedule: describeSchedule(subscriber),
    digestSize: subscriber.digestSize,
    paused: subscriber.status === 'paused',
  };
}

/** "papers like the 3 you named", or null for none: what liked papers add to a subscription. */
export function likedInWords(count: number): string | null {
  if (count === 0) return null;
  return `papers like the ${count === 1 ? 'one' : count} you named`;
}
