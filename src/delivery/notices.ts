// The notifier port of subscriptions/ implemented with email: each notice is rendered by the email
// renderer (which escapes every value) and handed to the mailer as separate fields, so nothing a
// reader typed is concatenated into a header. The one place where a notice meets the mailer.
import type { Renderer } from '../digest/index.js';
import type { LinkBuilder, SubscriberNotifier } from '../subscriptions/index.js';
import type { Mailer } from './mailer.js';

export interface MailNotifierDeps {
  /** Asked at each notice, so that a command that sends none loads no templates and opens no SMTP pool. */
  renderer(): Promise<Renderer>;
  mailer(): Mailer;
  links: LinkBuilder;
  postalAddress: string;
}

export function createMailNotifier(deps: MailNotifierDeps): SubscriberNotifier {
  const { postalAddress } = deps;
  return {
    async confirmation(to, notice) {
      const email = (await deps.renderer()).confirmation({ ...notice, postalAddress });
      await deps.mailer().send({ to, ...email });
    },
    async welcome(to, { topics, likedPapers, schedule, weekly, links, askedOtherwise, firstDigest }) {
      const email = (await deps.renderer()).welcome({ topics, likedPapers, schedule, weekly, preferencesUrl: links.preferences, unsubscribeUrl: links.unsubscribe, postalAddress, askedOtherwise, firstDigest });
      await deps.mailer().send({ to, ...email, headers: deps.links.unsubscribeHeaders(links) });
    },
    async goodbye(to, notice) {
      const email = (await deps.renderer()).goodbye({ ...notice, postalAddress });
      await deps.mailer().send({ to, ...email });
    },
  };
}
