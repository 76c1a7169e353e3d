// Turns the renderer's inputs into the flat, display-ready objects the templates read. All decisions
// (what to show, how to word it, which URLs are safe) are made here, so the templates stay logic-free
// and the HTML and plain-text parts cannot drift apart. Values are raw text: Handlebars escapes them.

import type { DigestPaper, DigestView, MatchReason } from './types.js';
import {
  cleanText,
  digestSubject,
  formatDate,
  plural,
  requireHttpUrl,
  safeHttpUrl,
  sharedHttpUrl,
  shorten,
  trimAbstract,
} from './format.js';

export interface PaperModel {
  number: number;
  title: string;
  /** Safe http(s) URL or null (the title is then shown without a link). */
  url: string | null;
  /** "12 authors · 3 Mar 2026 · 42 upvotes"; empty when nothing is known. */
  meta: string;
  abstract: string;
  /** `sep` is what goes before the reason (" · " or nothing): the templates run without @first. */
  reasons: Array<{ sep: string; topic: string; words: string }>;
  codeUrl: string | null;
  /** "More like this" / "Less like this": present in mailed digests and their web view. */
  moreUrl: string | null;
  lessUrl: string | null;
}

export interface DigestModel {
  subject: string;
  preheader: string;
  dateLong: string;
  headline: string;
  topicsLine: string;
  webViewUrl: string | null;
  papers: PaperModel[];
  trending: PaperModel[];
  reason: string;
  preferencesUrl: string;
  unsubscribeUrl: string;
  postalAddress: string;
}

// Bounds that keep the largest digest (50 papers, 3 trending) under the 100 KB HTML budget, past
// which Gmail clips the message and hides the footer with the unsubscribe link.
const TOPIC_MAX = 60;
const REASON_TOPIC_MAX = 32;
const TRENDING_MAX = 3;
const PREHEADER_MAX = 140;
const LIKE_TITLE_MAX = 70;

/** How much of each paper to show. The smaller levels are fallbacks for digests over the budget. */
export interface Detail {
  titleChars: number;
  abstractChars: number;
  trendingAbstractChars: number;
  reasons: number;
  words: number;
  /** "More like this" / "Less like this" under each paper. */
  feedback: boolean;
}
export const FULL: Detail = { titleChars: 200, abstractChars: 300, trendingAbstractChars: 160, reasons: 2, words: 3, feedback: true };
export const COMPACT: Detail = { titleChars: 200, abstractChars: 160, trendingAbstractChars: 0, reasons: 1, words: 2, feedback: true };
/** Titles, links and the reader's feedback links: a 50-paper digest with feedback links fits here. */
export const BRIEF: Detail = { titleChars: 140, abstractChars: 0, trendingAbstractChars: 0, reasons: 1, words: 1, feedback: true };
/** Titles and links only: what still fits when nearly every character needs escaping. */
export const MINIMAL: Detail = { titleChars: 120, abstractChars: 0, trendingAbstractChars: 0, reasons: 0, words: 0, feedback: false };
export const SMALLER_DETAIL = [COMPACT, BRIEF, MINIMAL] as const;

function reasonModel(reason: MatchReason, index: number, maxWords: number): PaperModel['reasons'][number] {
  // Picked by the reader's feedback: "like *Title* (which you marked)".
  if (reason.kind === 'like') {
    return { sep: index === 0 ? '' : ' · ', topic: `like “${shorten(cleanText(reason.topic), LIKE_TITLE_MAX)}”`, words: reason.words.map(cleanText).join(', ') };
  }
  const words = [...new Set(reason.words.map(cleanText).filter(Boolean))];
  const shown = words.slice(0, maxWords).map((w) => shorten(w, 24));
  return {
    sep: index === 0 ? '' : ' · ',
    topic: shorten(reason.topic, REASON_TOPIC_MAX),
    words: shown.join(', ') + (words.length > maxWords ? ', …' : ''),
  };
}

function reasonsModel(all: readonly MatchReason[], detail: Detail): PaperModel['reasons'] {
  if (detail.reasons === 0) return [];
  const named = all.filter((r) => cleanText(r.topic));
  const shown = named.slice(0, detail.reasons).map((r, i) => reasonModel(r, i, detail.words));
  const more = named.length - shown.length;
  return more > 0 ? [...shown, { sep: ' · ', topic: `+${more} more`, words: '' }] : shown;
}

function paperModel(paper: DigestPaper, index: number, timeZone: string, abstractChars: number, detail: Detail): PaperModel {
  const authorCount = paper.authorCount ?? (paper.authors.length > 0 ? paper.authors.length : null);
  const meta: string[] = [];
  if (authorCount !== null && authorCount > 0) meta.push(plural(authorCount, 'author'));
  if (paper.publishedAt) meta.push(formatDate(paper.publishedAt, timeZone, 'day'));
  if (paper.upvotes > 0) meta.push(plural(paper.upvotes, 'upvote'));
  return {
    number: index + 1,
    title: shorten(paper.title, detail.titleChars) || 'Untitled paper',
    url: sharedHttpUrl(paper.url),
    meta: meta.filter(Boolean).join(' · '),
    abstract: abstractChars > 0 ? trimAbstract(paper.abstract, abstractChars) : '',
    reasons: reasonsModel(paper.reasons, detail),
    codeUrl: sharedHttpUrl(paper.codeUrl),
    moreUrl: detail.feedback ? safeHttpUrl(paper.feedback?.more ?? null) : null,
    lessUrl: detail.feedback ? safeHttpUrl(paper.feedback?.less ?? null) : null,
  };
}

function cleanTopics(topics: readonly string[]): string[] {
  return topics.map((t) => shorten(t, TOPIC_MAX)).filter(Boolean);
}

function preheaderFor(papers: PaperModel[], trending: PaperModel[]): string {
  if (papers.length === 0) {
    const first = trending[0];
    return first ? `Nothing new on your topics today. Trending: ${shorten(first.title, 100)}` : 'Nothing new on your topics today.';
  }
  return shorten(papers.slice(0, 3).map((p) => p.title).join(' · '), PREHEADER_MAX);
}

/** view.reason may be a clause ("you subscribed on …") or a whole sentence; the footer needs a sentence. */
function reasonSentence(reason: string): string {
  const text = shorten(reason, 300).replace(/[.\s]+$/, '');
  if (!text) return '';
  return /^[a-z]/.test(text) ? `You get this email because ${text}.` : `${text}.`;
}

export function digestModel(view: DigestView, detail: Detail = FULL): DigestModel {
  const topics = cleanTopics(view.topics);
  const papers = view.papers.map((p, i) => paperModel(p, i, view.timeZone, detail.abstractChars, detail));
  const trending = view.trending
    .slice(0, TRENDING_MAX)
    .map((p, i) => paperModel(p, i, view.timeZone, detail.trendingAbstractChars, { ...detail, reasons: 0 }));
  const count = papers.length;
  return {
    subject: digestSubject(count, topics, formatDate(view.date, view.timeZone, 'short')),
    preheader: preheaderFor(papers, trending),
    dateLong: formatDate(view.date, view.timeZone, 'long'),
    headline: count === 0 ? 'No new papers today' : `${plural(count, 'new paper')} on your topics`,
    topicsLine: topics.join(' · '),
    webViewUrl: safeHttpUrl(view.links.webView),
    papers,
    trending,
    reason: reasonSentence(view.reason),
    preferencesUrl: requireHttpUrl(view.links.preferences, 'links.preferences'),
    unsubscribeUrl: requireHttpUrl(view.links.unsubscribe, 'links.unsubscribe'),
    postalAddress: shorten(view.postalAddress, 300),
  };
}

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
  /** e.g. "every day at 07:00 (Europe/Berlin)" */
  schedule: string;
  preferencesUrl: string;
  unsubscribeUrl: string;
  postalAddress: string;
}

export function welcomeModel(v: WelcomeInput) {
  const topicsLine = cleanTopics(v.topics).join(', ');
  const schedule = cleanText(v.schedule);
  return {
    subject: "You're subscribed to Paperboy",
    preheader: shorten(`New papers${topicsLine ? ` on ${topicsLine}` : ''}${schedule ? `, ${schedule}` : ''}.`, PREHEADER_MAX),
    topicsLine,
    schedule,
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
    preheader: 'You will not get any more digests. Changed your mind? You can resubscribe with one click.',
    resubscribeUrl: requireHttpUrl(v.resubscribeUrl, 'resubscribeUrl'),
    postalAddress: cleanText(v.postalAddress),
  };
}
