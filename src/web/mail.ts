// The emails the web flow sends. Each is rendered by the email renderer (which escapes every value)
// and handed to the mailer as separate fields: nothing a reader typed is concatenated into a header.
import type { App } from '../app.js';
import { CONFIRM_TTL_HOURS, confirmLink, describeSchedule, listUnsubscribeHeaders, loadSubscriber, type ManagedSubscriber, recordEvent, subscriberLinks } from '../subscriptions/index.js';

export interface WebMail {
  /**
   * The confirmation for a pending subscriber as they are when it is sent (their current key and
   * topics), so the newest email always carries the working link. Nothing when no longer pending.
   */
  confirmation(subscriberId: number): Promise<void>;
  /** An already subscribed address asked again: its manage link, changing nothing. */
  manageLink(subscriberId: number): Promise<void>;
  welcome(subscriber: ManagedSubscriber): Promise<void>;
  goodbye(subscriber: ManagedSubscriber): Promise<void>;
}

/**
 * What a confirmation email says the subscription is about. Anyone can type any address into the
 * form, so the email names catalogue topics only and counts the free text (which could be "Click
 * https://evil.example/win"): it never carries words a stranger typed into someone else's inbox.
 */
export function confirmationTopics(interests: ManagedSubscriber['interests']): string[] {
  const named = interests.filter((interest) => interest.topicSlug !== null).map((interest) => interest.label);
  const own = interests.length - named.length;
  if (own === 0) return named;
  const count = `${own} topic${own === 1 ? '' : 's'} of your own`;
  return [...named, named.length > 0 ? `and ${count}` : count];
}

export function createWebMail(app: App): WebMail {
  const { config } = app;
  const links = (linkKey: string) => subscriberLinks(config.publicUrl, app.signer, linkKey);
  const mail: WebMail = {
    async confirmation(subscriberId) {
      const subscriber = await loadSubscriber(app.prisma, subscriberId);
      if (subscriber?.status !== 'pending') return;
      const email = (await app.renderer()).confirmation({
        confirmUrl: confirmLink(config.publicUrl, app.signer, subscriber.linkKey, app.clock.now()),
        topics: confirmationTopics(subscriber.interests),
        expiresInHours: CONFIRM_TTL_HOURS,
        postalAddress: config.postalAddress,
      });
      await app.mailer().send({ to: subscriber.email, ...email });
      await recordEvent(app.prisma, subscriberId, 'confirmation_sent', 'web', { expiresInHours: CONFIRM_TTL_HOURS });
    },
    async manageLink(subscriberId) {
      const subscriber = await loadSubscriber(app.prisma, subscriberId);
      if (!subscriber) return;
      await mail.welcome(subscriber);
      await recordEvent(app.prisma, subscriberId, 'manage_link_sent', 'web');
    },
    async welcome(subscriber) {
      const l = links(subscriber.linkKey);
      const paused = subscriber.status === 'paused' ? ' (paused for now: resume it from your preferences)' : '';
      const email = (await app.renderer()).welcome({
        topics: subscriber.interests.map((interest) => interest.label),
        schedule: `${describeSchedule(subscriber)}, up to ${subscriber.digestSize} papers${paused}`,
        preferencesUrl: l.preferences,
        unsubscribeUrl: l.unsubscribe,
        postalAddress: config.postalAddress,
      });
      await app.mailer().send({ to: subscriber.email, ...email, headers: listUnsubscribeHeaders(l, config.unsubscribeMailto) });
    },
    async goodbye(subscriber) {
      // The manage link of an unsubscribed address offers a one-button resubscribe.
      const email = (await app.renderer()).goodbye({ resubscribeUrl: links(subscriber.linkKey).preferences, postalAddress: config.postalAddress });
      await app.mailer().send({ to: subscriber.email, ...email });
    },
  };
  return mail;
}
