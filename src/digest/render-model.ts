// Turns the renderer's inputs into the flat, display-ready objects the templates read. All decisions
// (what to show, how to word it, which URLs are safe) are made here, so the templates stay logic-free
// and the HTML and plain-text parts cannot drift apart. Values are raw text: Handlebars escapes them.

import type { MatchReason } from '../matching/index.js';
import type { DigestPaper, DigestView } from './types.js';
export { confirmationModel, goodbyeModel, welcomeModel, type ConfirmationInput, type GoodbyeInput, type WelcomeInput } from './notice-models.js';
import {
  cleanText,
  cleanTopics,
  digestSubject,
  formatDate,
  namedByReader,
  plural,
  PREHEADER_MAX,
  requireHttpUrl,
  safeHttpUrl,
  sharedHttpUrl,
  shorten,
  trimAbstract,
} from './format.js';
import { authorLine } from './authors.js';
import { dateOnly } from '../shared/time.js';
import { editionLong, editionPeriod, editionShort } from './edition-dates.js';
import type { PaperLinks } from './paper-links.js';
import { LIKED_BY_READER, likeWords, RECENT_PUBLICATION_DAYS, wordsBeyondTopic } from '../matching/index.js';

export interface PaperModel {
  number: number;
  /** The plain text's indent under "N. " (3 spaces, 4 from "10. " on), so a card's lines stay under its title. */
  pad: string;
  indent: number;
  title: string;
  /** The arXiv abstract page (safe http(s) URL), or null: the title is then shown without a link. */
  url: string | null;
  /** "A. Vaswani, N. Shazeer + 6 · 3 Mar 2026 · 42 upvotes"; empty when nothing is known. */
  meta: string;
  abstract: string;
  /** `sep` is what goes before the reason (" · " or nothing): the templates run without @first. */
  reasons: Array<{ sep: string; topic: string; words: string }>;
  /** "PDF · Hugging Face · Code" (the title is the arXiv link), or "Search arXiv for this title · Code". */
  links: Array<{ sep: string; label: string; url: string }>;
  /** Trending papers: why ("42 upvotes · listed 3 times · last listed 1 Dec 2026"); '' otherwise. */
  evidence: string;
  /** A section starts at this paper (the first older paper): its title and note; '' otherwise. */
  heading: string;
  headingNote: string;
  /** "More like this" / "Less like this": present in mailed digests and their web view. */
  moreUrl: string | null;
  lessUrl: string | null;
}

export interface DigestModel {
  subject: string;
  preheader: string;
  dateLong: string;
  headline: string;
  /** What the empty digest says ("No new papers matched your topics today. …"). */
  emptyLine: string;
  /** "Trending today" or "Trending this week". */
  trendingTitle: string;
  /** What the trending papers are outside of, after "Popular papers ": "outside your topics". */
  trendingNote: string;
  topicsLine: string;
  /** "No papers today on robot learning.": the reader's topics that brought no paper this time ('' when all did). */
  quietTopicsLine: string;
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
const REASON_TOPIC_MAX = 40;
const TRENDING_MAX = 3;
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

/** What a reason names: the reader's topic, or `like “Title”` for one their feedback picked. */
function reasonLabel(reason: MatchReason): string {
  return reason.kind === 'like' ? `like “${shorten(cleanText(reason.topic), LIKE_TITLE_MAX)}”` : shorten(reason.topic, REASON_TOPIC_MAX);
}

/** A matched word or phrase is shortened past this many characters. */
const REASON_WORD_MAX = 32;

function reasonModel(reason: MatchReason, index: number, maxWords: number): PaperModel['reasons'][number] {
  const sep = index === 0 ? '' : ' · ';
  // Picked by the reader's feedback: "like *Title* (which you marked; both on sparse attention, pruning)".
  if (reason.kind === 'like') {
    const shared = (reason.shared ?? []).map(cleanText).filter(Boolean).slice(0, Math.max(1, maxWords));
    return { sep, topic: reasonLabel(reason), words: likeWords(reason.words.map(cleanText), shared) };
  }
  const words = [...new Set(wordsBeyondTopic(cleanText(reason.topic), reason.words.map(cleanText), reason).filter(Boolean))];
  // A matched phrase of a few words is named whole ("Deep Reinforcement learning", "Large
  // Vision-Language Models"); cut, it read "Deep Reinforcement…, …" beside the mark of more words.
  const shown = words.slice(0, maxWords).map((w) => shorten(w, REASON_WORD_MAX));
  const more = words.length > maxWords && !shown.at(-1)!.endsWith('…');
  return { sep, topic: reasonLabel(reason), words: shown.join(', ') + (more ? ', …' : '') };
}

function reasonsModel(all: readonly MatchReason[], detail: Detail): PaperModel['reasons'] {
  if (detail.reasons === 0) return [];
  const named = all.filter((r) => cleanText(r.topic));
  const shown = named.slice(0, detail.reasons).map((r, i) => reasonModel(r, i, detail.words));
  const rest = named.slice(shown.length).map(reasonLabel);
  if (rest.length === 0) return shown;
  // The other topics it matched, named ("+1 more" never said which); counted only when too long to name.
  const also = `also ${rest.join(', ')}`;
  return [...shown, { sep: ' · ', topic: also.length <= ALSO_MAX ? also : `+${rest.length} more`, words: '' }];
}

/** How long the line naming a paper's further topics may be before it is only counted. */
const ALSO_MAX = 80;

function paperModel(paper: DigestPaper, index: number, abstractChars: number, detail: Detail, trending = false): PaperModel {
  const meta = [authorLine(paper.authors, paper.authorCount)];
  // A publication date is a calendar date (UTC midnight in the database): shown as that day, not shifted into the
  // reader's zone. compose.ts has made it no later than the reader's today (a UTC day can be their tomorrow).
  if (paper.publishedAt) meta.push(formatDate(paper.publishedAt, 'UTC', 'day'));
  // A trending paper's upvotes are part of its evidence line.
  if (paper.upvotes > 0 && !trending) meta.push(plural(paper.upvotes, 'upvote'));
  return {
    evidence: trending ? trendingEvidence(paper) : '',
    heading: '',
    headingNote: '',
    number: index + 1,
    ...textIndent(index + 1),
    title: shorten(paper.title, detail.titleChars) || 'Untitled paper',
    url: sharedHttpUrl(paper.links.abs),
    meta: meta.filter(Boolean).join(' · '),
    abstract: abstractChars > 0 ? trimAbstract(paper.abstract, abstractChars) : '',
    reasons: reasonsModel(paper.reasons, detail),
    links: linksModel(paper.links),
    moreUrl: detail.feedback ? safeHttpUrl(paper.feedback?.more ?? null) : null,
    lessUrl: detail.feedback ? safeHttpUrl(paper.feedback?.less ?? null) : null,
  };
}

function textIndent(number: number): Pick<PaperModel, 'pad' | 'indent'> {
  const indent = String(number).length + 2;
  return { pad: ' '.repeat(indent), indent };
}

/** The arXiv abstract is not among them: the title links there (and the text part names it first). */
const LINK_LABELS: Array<[keyof PaperLinks, string]> = [
  ['pdf', 'PDF'],
  ['hf', 'Hugging Face'],
  ['search', 'Search arXiv for this title'],
  ['code', 'Code'],
];

function linksModel(links: PaperLinks): PaperModel['links'] {
  const shown: PaperModel['links'] = [];
  for (const [key, label] of LINK_LABELS) {
    const url = sharedHttpUrl(links[key]);
    if (url) shown.push({ sep: shown.length === 0 ? '' : ' · ', label, url });
  }
  return shown;
}

/**
 * "Trending this week", when it is: a weekly digest's trending papers are those listed in the last
 * seven days, and sent early in the week (Monday is the default day) most were listed in the week
 * before the one its header names ("Week of 7 – 13 December" over "last listed 4 Dec").
 */
function trendingTitle(view: DigestView, now: string): string {
  const listed = view.trending.flatMap((paper) => paper.reasons.flatMap((reason) => (reason.listedOn !== undefined ? [reason.listedOn] : [])));
  const earliest = listed.sort()[0];
  if (earliest === undefined || earliest >= view.edition.date) return `Trending ${now}`;
  // A daily digest takes the last two listing days (UTC): "Trending today" over a paper last listed
  // the day before, or two days before for a reader east of UTC, was not so. The date is.
  return view.edition.frequency === 'weekly' ? 'Trending in the last 7 days' : `Trending since ${formatDate(dateOnly(earliest), 'UTC', 'short')}`;
}

/** The matcher's evidence words ("42 upvotes", "listed 3 times", "last listed …"), else the upvotes alone. */
function trendingEvidence(paper: DigestPaper): string {
  const words = paper.reasons.flatMap((reason) => reason.words.map(cleanText)).filter(Boolean);
  if (words.length === 0 && paper.upvotes > 0) words.push(plural(paper.upvotes, 'upvote'));
  return shorten(words.join(' · '), 80);
}

/**
 * Old work newly listed (matching decided: dated more than RECENT_PUBLICATION_DAYS before the
 * run) is not news: it follows the new papers under its own heading and is counted apart.
 */
function newsFirst(view: DigestView): { news: DigestPaper[]; older: DigestPaper[] } {
  return { news: view.papers.filter((paper) => !paper.older), older: view.papers.filter((paper) => paper.older) };
}

function preheaderFor(papers: PaperModel[], trending: PaperModel[], now: string): string {
  if (papers.length === 0) {
    const first = trending[0];
    return first ? `Nothing new on your topics ${now}. Trending: ${shorten(first.title, 100)}` : `Nothing new on your topics ${now}.`;
  }
  return shorten(papers.slice(0, 3).map((p) => p.title).join(' · '), PREHEADER_MAX);
}

/** view.reason may be a clause ("this address was subscribed on …") or a whole sentence; the footer needs a sentence. */
function reasonSentence(reason: string): string {
  const text = shorten(reason, 300).replace(/[.\s]+$/, '');
  if (!text) return '';
  return /^[a-z]/.test(text) ? `You get this email because ${text}.` : `${text}.`;
}

/**
 * The reader's topics that brought at least one paper (papers name them in their reasons): those
 * that brought most new papers first (the subject counts those first), then most papers, then in
 * the order of the first paper each brought. A subject with room for one topic then names the one
 * most of the digest is on: 1 new paper on protein structure and 1 new + 8 older on diffusion
 * models were "2 new + 8 older papers on protein structure prediction +1 more".
 */
function topicsWithPapers(topics: string[], papers: readonly DigestPaper[]): string[] {
  const topicsOf = (paper: DigestPaper) => cleanTopics([...new Set(paper.reasons.filter((reason) => reason.kind === undefined).map((reason) => reason.topic))]).map((t) => t.toLowerCase());
  const named = papers.flatMap((paper) => topicsOf(paper).map((topic) => ({ topic, news: !paper.older })));
  const place = (topic: string) => named.findIndex((entry) => entry.topic === topic.toLowerCase());
  const count = (topic: string, newsOnly: boolean) => named.filter((entry) => entry.topic === topic.toLowerCase() && (entry.news || !newsOnly)).length;
  return topics
    .filter((topic) => place(topic) >= 0)
    .sort((a, b) => count(b, true) - count(a, true) || count(b, false) - count(a, false) || place(a) - place(b));
}

/** Topics named in the line of those that brought nothing; the rest are counted. */
const QUIET_NAMED = 3;

/**
 * The reader's topics that brought no paper to this digest, said in one line: a reader with several
 * topics would otherwise take a topic's silence for a quiet day, or never notice that it finds
 * nothing (the preferences page then says what each topic finds). Papers say which topics they
 * matched in their reasons; a paper brought by the reader's feedback names no topic.
 */
function quietTopics(topics: string[], papers: readonly DigestPaper[], period: { now: string; nows: string }, places: number | null): string {
  if (papers.length === 0) return '';
  const matched = new Set(topicsWithPapers(topics, papers));
  const quiet = topics.filter((topic) => !matched.has(topic));
  if (quiet.length === 0) return '';
  // At most QUIET_NAMED topics by name: the line must stay one line of the header.
  const shown = quiet.slice(0, QUIET_NAMED);
  const rest = quiet.length - shown.length;
  const named = rest > 0 ? `${shown.join(', ')} or ${plural(rest, 'other topic')}` : shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)!}`;
  // Fewer places than topics: a topic may have had papers that others' better ones left no room
  // for, and "No papers today on vision transformers" was untrue of a reader of eight topics in five.
  if (places !== null && places < topics.length) return `Nothing on ${named} in ${period.nows} ${plural(places, 'paper')}, fewer than your ${topics.length} topics.`;
  return `No papers ${period.now} on ${named}.`;
}

/**
 * Where the new papers come from, for the headline: a reader who follows no topic gets papers like
 * the ones they named, and a paper their marks brought matched none of their topics, so "on your
 * topics" would be untrue of either.
 */
function whereFrom(topics: string[], news: readonly DigestPaper[], likedPapers: number | null): string {
  if (topics.length === 0) return `like ${namedByReader(likedPapers)}`;
  const onTopics = news.filter(onATopic).length;
  if (onTopics === news.length) return 'on your topics';
  const like = likePhrase(news, likedPapers);
  return onTopics === 0 ? like : `on your topics and ${like}`;
}

const onATopic = (paper: DigestPaper) => paper.reasons.some((reason) => reason.kind === undefined);

/** "like the ones you named" (or marked, or marked or named): what brought the papers that no topic did. */
function likePhrase(papers: readonly DigestPaper[], likedPapers: number | null): string {
  const sources = new Set(papers.flatMap((paper) => paper.reasons.filter((reason) => reason.kind === 'like').map((reason) => (reason.words[0] === LIKED_BY_READER ? 'named' : 'marked'))));
  if (sources.size === 2) return 'like the ones you marked or named';
  if (sources.has('named')) return `like ${namedByReader(likedPapers)}`;
  // How many the reader marked is not known here, only which of them brought papers: one such is
  // "a paper you marked", true whether they marked one or many ("the ones" after a single mark).
  const marked = new Set(papers.flatMap((paper) => paper.reasons.filter((reason) => reason.kind === 'like').map((reason) => reason.topic)));
  return marked.size === 1 ? 'like a paper you marked' : 'like the ones you marked';
}

export function digestModel(view: DigestView, detail: Detail = FULL): DigestModel {
  const topics = cleanTopics(view.topics);
  const { news, older } = newsFirst(view);
  const papers = [...news, ...older].map((p, i) => paperModel(p, i, detail.abstractChars, detail));
  const firstOlder = papers[news.length];
  if (firstOlder) {
    // Not "newly listed": a backfilled page can be as old as the work; what is new is the reader's seeing it.
    firstOlder.heading = 'Older papers, new to you';
    // A paper from a page that shows no date (search results) is older work too, for want of a date:
    // the note must not claim a date nobody knows.
    const undated = older.some((paper) => paper.publishedAt === null);
    firstOlder.headingNote = `Published (or first listed) more than ${RECENT_PUBLICATION_DAYS} days before this digest${undated ? ', or with no date to show it is recent' : ''}, so not news.`;
  }
  const trending = view.trending
    .slice(0, TRENDING_MAX)
    .map((p, i) => paperModel(p, i, detail.trendingAbstractChars, { ...detail, reasons: 0 }, true));
  const count = news.length;
  const period = editionPeriod(view.edition);
  const theirs = whereFrom(topics, news, view.likedPapers);
  // "for you": new papers this week may all have gone out in earlier digests (a daily reader turned
  // weekly); "No new papers this week" then said what was not so.
  const noNews = older.length > 0 ? `No new papers for you ${period.now}; ${plural(older.length, 'older paper')} new to you` : `No new papers for you ${period.now}`;
  return {
    // The subject names the topics this digest has papers on (an empty one, the topics that found nothing).
    subject: digestSubject(
      count,
      view.papers.length > 0 ? topicsWithPapers(topics, view.papers) : topics,
      editionShort(view.edition),
      older.length,
      view.papers.some((paper) => !onATopic(paper) && paper.reasons.some((reason) => reason.kind === 'like')) ? likePhrase(view.papers, view.likedPapers) : '',
    ),
    preheader: preheaderFor(papers, trending, period.now),
    dateLong: editionLong(view.edition),
    // The older papers too, as the subject counts them ("3 new + 7 older papers on …"): under it,
    // "3 new papers on your topics" read as a digest of three.
    headline: count === 0 ? noNews : `${plural(count, 'new paper')} ${theirs}${older.length > 0 ? `, and ${older.length} older ${older.length === 1 ? 'one' : 'ones'} new to you` : ''}`,
    emptyLine: `No new papers ${topics.length > 0 ? 'matched your topics' : `like ${namedByReader(view.likedPapers)}`} ${period.now}. We will look again ${period.next}.`,
    trendingTitle: trendingTitle(view, period.now),
    trendingNote: topics.length > 0 ? 'outside your topics' : `beyond ${namedByReader(view.likedPapers)}`,
    topicsLine: topics.join(' · '),
    quietTopicsLine: quietTopics(topics, view.papers, period, view.places),
    webViewUrl: safeHttpUrl(view.links.webView),
    papers,
    trending,
    reason: reasonSentence(view.reason),
    preferencesUrl: requireHttpUrl(view.links.preferences, 'links.preferences'),
    unsubscribeUrl: requireHttpUrl(view.links.unsubscribe, 'links.unsubscribe'),
    postalAddress: shorten(view.postalAddress, 300),
  };
}
