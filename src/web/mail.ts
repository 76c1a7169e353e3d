// The emails the web flow sends. Each is rendered by the email renderer (which escapes every value)
// and handed to the mailer as separate fields: nothing a reader typed is concatenated into a header.
import type { App } from '../app.js';
import { CONFIRM_TTL_HOURS, confirmLink, listUnsubscribeHeaders, subscriberLinks } from '../subscriptions/links.js';
import type { ManagedSubscriber } from '../subscriptions/manage.js';
import { describeSchedule } from '../subscriptions/schedule.js';

export interface WebMail {
  confirmation(to: string, linkKey: string, topics: string[]): Promise<void>;
  welcome(subscriber: ManagedSubscriber): Promise<void>;
  goodbye(subscriber: ManagedSubscriber): Promise<void>;
}

export function createWebMail(app: App): WebMail {
  const { config } = app;
  const links = (linkKey: string) => subscriberLinks(config.publicUrl, app.signer, linkKey);
  return {
    async confirmation(to, linkKey, topics) {
      const email = (await app.renderer()).confirmation({
        confirmUrl: confirmLink(config.publicUrl, app.signer, linkKey, app.clock.now()),
        topics,
        expiresInHours: CONFIRM_TTL_HOURS,
        postalAddress: config.postalAddress,
      });
      await app.mailer().send({ to, ...email });
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
}
