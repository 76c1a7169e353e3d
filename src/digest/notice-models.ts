// The models of the short emails (confirmation, welcome, goodbye): display-ready values the
// templates read, like render-model.ts does for the digest.
import { cleanText, cleanTopics, plural, PREHEADER_MAX, requireHttpUrl, shorten } from './format.js';

export interface ConfirmationInput {
  confirmUrl: string;
  topics: string[];
  expiresInHours: number;
  postalAddress: string;
}

export function confirmationModel(v: ConfirmationInput) {
  const topicsLine = cleanTopics(v.topics).join(', ');
  const hours = Math.max(1, Math.round(v.expiresInHours));
  const expiresIn = hours % 24 === 0 && hours >= 48 ? plural(hours / 24, 'day') : plural(hours, 'hour');
  return {
    subject: 'Confirm your Paperboy subscription',
    preheader: `One click to start getting new papers${topicsLine ? ` on ${shorten(topicsLine, 80)}` : ''}. The link expires in ${expiresIn}.`,
    topicsLine,
    confirmUrl: requireHttpUrl(v.confirmUrl, 'confirmUrl'),
    expiresIn,
    postalAddress: cleanText(v.postalAddress),
  };
}

export interface WelcomeInput {
  topics: string[];
  /** How many papers the reader named as papers they like (0 when none). */
  likedPapers?: number;
  /** e.g. "every day at 07:00 (Europe/Berlin)" */
  schedule: string;
  /** A weekly reader: the digest's trending papers are the week's ("Trending this week"), not the day's. */
  weekly?: boolean;
  preferencesUrl: string;
  unsubscribeUrl: string;
  postalAddress: string;
  /** The address was subscribed already and asked with other choices: say they were not applied. */
  askedOtherwise?: boolean;
  /** When their first digest goes out, in words ("today at 07:00"); absent when not known. */
  firstDigest?: string;
}

export function welcomeModel(v: WelcomeInput) {
  const topicsLine = cleanTopics(v.topics).join(', ');
  const schedule = cleanText(v.schedule);
  // A reader who named papers they like gets papers like those too (only those, without topics).
  const liked = v.likedPapers ?? 0;
  // "on RL, QEC, and papers like the 2 you named, every day": "RL, QEC and like the 2 papers you
  // named every day" read as one more topic.
  const likedPhrase =
    liked === 0 ? '' : topicsLine ? `and papers like ${liked === 1 ? 'the one' : `the ${liked}`} you named` : `like the ${liked === 1 ? 'paper' : `${liked} papers`} you named`;
  // In the email's sentence a comma closes the list before the schedule; the preheader puts its own.
  const likedLine = topicsLine && likedPhrase && schedule ? `${likedPhrase},` : likedPhrase;
  const matchWhat = [topicsLine || liked === 0 ? 'match your topics' : '', liked > 0 ? `are like the ${liked === 1 ? 'paper' : 'papers'} you named` : ''].filter(Boolean).join(' or ');
  return {
    subject: "You're subscribed to Paperboy",
    preheader: shorten(`New papers${topicsLine ? ` on ${topicsLine}` : ''}${likedPhrase ? ` ${likedPhrase}` : ''}${schedule ? `, ${schedule}` : ''}.`, PREHEADER_MAX),
    topicsLine,
    likedLine,
    // A web form that said "check your inbox" to anyone cannot say this (it would tell who is subscribed): the email can.
    unchangedNote: v.askedOtherwise
      ? 'You asked to subscribe with other choices than these; as this address was subscribed already, nothing was changed. To change your topics or schedule, use Manage preferences.'
      : '',
    welcomeDetail: `Each digest lists the new papers that ${matchWhat}, with a short abstract, why each one matched and a link to its code when there is one, plus, when there are some, a few papers trending ${v.weekly ? 'that week' : 'that day'}.`,
    schedule,
    // Never promised outright: an empty digest is not sent, and the page's promise weighs what the
    // topics find now, which the email, sent before the page is drawn, does not wait for.
    firstDigestLine: v.firstDigest ? `Your first digest: ${cleanText(v.firstDigest)}, if there is a new paper for you by then (an empty digest is never sent).` : '',
    preferencesUrl: requireHttpUrl(v.preferencesUrl, 'preferencesUrl'),
    unsubscribeUrl: requireHttpUrl(v.unsubscribeUrl, 'unsubscribeUrl'),
    postalAddress: cleanText(v.postalAddress),
  };
}

export interface GoodbyeInput {
  resubscribeUrl: string;
  postalAddress: string;
}

export function goodbyeModel(v: GoodbyeInput) {
  return {
    subject: "You're unsubscribed from Paperboy",
    // The link opens a page with a Resubscribe button (a GET never changes anything): no "one click".
    preheader: 'You will not get any more digests. Changed your mind? You can resubscribe from the link inside.',
    resubscribeUrl: requireHttpUrl(v.resubscribeUrl, 'resubscribeUrl'),
    postalAddress: cleanText(v.postalAddress),
  };
}
