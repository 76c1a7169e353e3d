// The use case behind the manage link's form: save topics and schedule, pause, resume, or come back
// after unsubscribing. What is allowed from which status is decided here, once, for every transport.
import { UserError } from '../shared/errors.js';
import type { SubscriptionDeps } from './deps.js';
import type { EventSource } from './events.js';
import { changeStatus, updatePreferences, type ManagedSubscriber, type StatusAction } from './manage.js';
import type { Preferences } from './preferences.js';

export const PREFERENCE_ACTIONS = ['save', 'pause', 'resume', 'resubscribe'] as const;
export type PreferenceAction = (typeof PREFERENCE_ACTIONS)[number];

export interface PreferencesRequest {
  action: PreferenceAction;
  /** For 'save' only. */
  topics: string[];
  /** For 'save' only; a missing time zone keeps the subscriber's. */
  preferences: Preferences;
}

/** What the change came to; the pages name their notices after it. */
export type ChangeResult = 'saved' | 'unchanged' | 'paused' | 'resumed' | 'resubscribed';

const STATUS_ACTIONS: Record<Exclude<PreferenceAction, 'save'>, { action: StatusAction; allowedFrom: string[]; done: ChangeResult }> = {
  pause: { action: 'pause', allowedFrom: ['active', 'paused'], done: 'paused' },
  resume: { action: 'resume', allowedFrom: ['active', 'paused', 'suspended'], done: 'resumed' },
  resubscribe: { action: 'resubscribe', allowedFrom: ['unsubscribed', 'active'], done: 'resubscribed' },
};

export async function changeSubscription(
  deps: Pick<SubscriptionDeps, 'prisma' | 'clock'>,
  subscriber: ManagedSubscriber,
  request: PreferencesRequest,
  source: EventSource,
): Promise<ChangeResult> {
  if (request.action === 'save') {
    if (subscriber.status !== 'active' && subscriber.status !== 'paused') {
      throw new UserError(inactiveMessage(subscriber), 409, 'not_active');
    }
    const preferences = { ...request.preferences, timeZone: request.preferences.timeZone ?? subscriber.timeZone };
    return (await updatePreferences(deps.prisma, subscriber, { topics: request.topics, preferences }, source)) ? 'saved' : 'unchanged';
  }
  const step = STATUS_ACTIONS[request.action];
  if (!step.allowedFrom.includes(subscriber.status)) throw new UserError(inactiveMessage(subscriber), 409, 'not_possible');
  await changeStatus(deps.prisma, subscriber.id, step.action, { source, now: deps.clock.now() });
  return step.done;
}

function inactiveMessage(subscriber: ManagedSubscriber): string {
  switch (subscriber.status) {
    case 'unsubscribed':
      return 'This address is unsubscribed. Resubscribe first, then change your preferences.';
    case 'pending':
      return 'This subscription is not confirmed yet. Use the link in the confirmation email first.';
    case 'suspended':
      return 'Digests to this address were stopped because they bounced. Resume them first.';
    default:
      return 'That is not possible for this subscription right now.';
  }
}
