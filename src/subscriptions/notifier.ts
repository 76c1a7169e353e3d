// The notifier port: the notices the subscription use cases send to a reader (confirm, welcome,
// goodbye). The use cases decide who gets which notice with which links and words; how a notice
// becomes an email (templates, SMTP or the outbox) is the adapter's business (delivery/notices.ts).
import type { SubscriberLinks } from './links.js';

export interface ConfirmationNotice {
  confirmUrl: string;
  /** What the subscription is about, as the email may say it (see confirmationTopics). */
  topics: string[];
  expiresInHours: number;
}

export interface WelcomeNotice {
  topics: string[];
  /** How many papers the reader named as papers they like. */
  likedPapers: number;
  /** e.g. "every day at 07:00 (Europe/Berlin), up to 10 papers" */
  schedule: string;
  /** A weekly reader: its digest's trending papers are the week's, not the day's. */
  weekly: boolean;
  links: SubscriberLinks;
  /** Sent again to a subscriber who asked with other choices, which were not applied. */
  askedOtherwise?: boolean;
  /** When their first digest goes out, in words ("today at 07:00"), as the confirmation page says it; absent when not known. */
  firstDigest?: string;
}

export interface GoodbyeNotice {
  resubscribeUrl: string;
}

export interface SubscriberNotifier {
  confirmation(to: string, notice: ConfirmationNotice): Promise<void>;
  welcome(to: string, notice: WelcomeNotice): Promise<void>;
  goodbye(to: string, notice: GoodbyeNotice): Promise<void>;
}
