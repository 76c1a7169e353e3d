// Why a paper was picked, in the reader's terms: the topic and the words of the paper that matched
// it, as the paper writes them ("Large Language Models", "LLMs"), title first.
import { LRUCache } from 'lru-cache';
import type { Concept } from './concepts.js';

/** Why a paper was picked for a reader: what the digest prints under it. */
export interface MatchReason {
  /** Display name of the subscriber's topic (catalogue name or their free text). */
  topic: string;
  /** Words or phrases of the paper that matched the topic. */
  words: string[];
  /** 'like': the reader's feedback picked it; `topic` is then the title of the paper it is like. */
  kind?: 'like';
  /** For 'like': the words both papers share that make most of their likeness, as this paper writes them. */
  shared?: string[];
  /** The paper has only part of the topic's words (relevance.ts: TopicMatch.partial): its reason names them. */
  partial?: true;
  /** The paper has all of the topic's words, but not as a phrase of the topic (TopicMatch.apart): its reason names them. */
  apart?: true;
  /** For a trending paper: the listing date its evidence shows (YYYY-MM-DD), so a digest can say which week it was. */
  listedOn?: string;
}

export const MAX_REASON_WORDS = 4;

/** A "like" reason's words: the wanted paper is one the reader named as liked, or marked "more like this". */
export const LIKED_BY_READER = 'which you like';
export const MARKED_BY_READER = 'which you marked';

/** What follows a "like" reason's title, in the email and in preview alike: "which you marked; both on sparse attention, pruning". */
export function likeWords(words: string[], shared: string[]): string {
  return words.join(', ') + (shared.length > 0 ? `; both on ${shared.join(', ')}` : '');
}

/**
 * A topic's matched words as a reason shows them: without the ones that are only the topic itself,
 * or a part of it, as the reader wrote it ("matched: protein folding (Protein Folding)" and "Large
 * language models (Language Models, perplexity, large)" told the reader nothing the topic's name did
 * not), ignoring case, hyphens, spacing and a plural "s". All of them for a paper that has only part
 * of the topic's words (`partial`), after "only": "matched: LLM agents (only agents)", "diffusion for
 * video (only video)"; a bare "matched: LLM agents" read as a paper on LLM agents, and "(retrieve,
 * Generation)" under a music paper as a full match of "retrieval-augmented generation". All of them
 * too for a paper that has every word of the topic but not the topic as a phrase (`apart`): one that
 * says "long-term" and, elsewhere, "in this context" is "matched: long context (long, context)"; a
 * bare "matched: long context" read as a paper on long contexts.
 */
export function wordsBeyondTopic(topic: string, words: readonly string[], how: Pick<MatchReason, 'partial' | 'apart'> = {}): string[] {
  if (how.partial) return words.map((word, i) => (i === 0 ? `only ${word}` : word));
  if (how.apart) return [...words];
  const parts = (text: string) => text.toLowerCase().split(/[\s\-\u2010-\u2015]+/).filter(Boolean).map((part) => part.replace(/(?<=\w\w)s$/, ''));
  const inTopic = new Set(parts(topic));
  return words.filter((word) => !parts(word).every((part) => inTopic.has(part)));
}

const SEPARATOR = '[\\s\\-\\u2010-\\u2015/]+';
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Patterns are compiled once per process: the same few hundred variants are quoted over and over.
 * Bounded, since readers' own words make new variants for as long as the service runs.
 */
const patterns = new LRUCache<string, RegExp>({ max: 10_000 });
const cached = (kind: string, variant: string, make: (variant: string) => RegExp) => {
  const key = `${kind}\n${variant}`;
  let pattern = patterns.get(key);
  if (!pattern) patterns.set(key, (pattern = make(variant)));
  return pattern;
};

/**
 * A word and its English inflections ("model" → "models", "modeling", "modelling"; "code" →
 * "codes", "coded", "coding"), not any longer word that starts with it: "codec" and "codebook" are
 * not "code", and a reason must quote what matched.
 */
function inflected(word: string): string {
  const forms = [`${escape(word)}(?:${escape(word.slice(-1))}?(?:s|es|d|ed|ing|ings|er|ers|ly))?`];
  if (word.length > 3 && /e$/i.test(word)) forms.push(`${escape(word.slice(0, -1))}(?:ing|ings|ion|ions)`);
  if (word.length > 3 && /y$/i.test(word)) forms.push(`${escape(word.slice(0, -1))}(?:ies|ied)`);
  return `(?:${forms.join('|')})`;
}

/** Strict: each word as written, or inflected. */
function strictPattern(variant: string): RegExp {
  const words = variant.split(' ').map(inflected);
  return new RegExp(`(?<![\\p{L}\\p{N}])${words.join(SEPARATOR)}(?![\\p{L}\\p{N}])`, 'iu');
}

/** Loose: word stems, for what the stemmer conflates ("quantization" ~ "quantized"). */
function loosePattern(variant: string): RegExp {
  const words = variant.split(' ').map((word) => (word.length > 6 ? `${escape(word.slice(0, word.length - 3))}\\p{L}*` : inflected(word)));
  return new RegExp(`(?<![\\p{L}\\p{N}])${words.join(SEPARATOR)}(?![\\p{L}\\p{N}])`, 'iu');
}

/** The words of `text` that match the concept, as written there, or null. */
export function findConcept(concept: Concept, texts: string[]): string | null {
  for (const [kind, makePattern] of [['strict', strictPattern], ['loose', loosePattern]] as const) {
    for (const text of texts) {
      for (const variant of concept.variants) {
        const found = cached(kind, variant, makePattern).exec(text);
        if (found) return found[0].replace(/\s+/g, ' ');
      }
    }
  }
  return null;
}

/**
 * The reason for one topic: its label and up to MAX_REASON_WORDS words of the paper that matched.
 * A concept that matched only by its words being near each other is not quoted as a phrase the
 * paper does not contain; if nothing can be quoted, the concepts' own labels are given instead.
 */
export function describeMatch(topic: string, concepts: Concept[], matched: number[], paper: { title: string; abstract: string }, how: { partial?: boolean; apart?: boolean } = {}): MatchReason {
  const found = matched.flatMap((index) => {
    const concept = concepts[index];
    const word = concept ? findConcept(concept, [paper.title, paper.abstract]) : null;
    return word ? [word] : [];
  });
  const words = found.length > 0 ? found : matched.flatMap((index) => (concepts[index] ? [concepts[index].label] : []));
  // "Diffusion" adds nothing next to "Denoising Diffusion": a word inside another one is dropped,
  // whichever came first. A title's "Graph" before the abstract's "graph neural networks" read
  // "(Graph, Graph neural networks)"; the longer one now takes the shorter one's place.
  const kept: string[] = [];
  for (const word of words) {
    const lower = word.toLowerCase();
    if (kept.some((other) => other.toLowerCase().includes(lower))) continue;
    const inside = kept.findIndex((other) => lower.includes(other.toLowerCase()));
    if (inside < 0) {
      kept.push(word);
      continue;
    }
    kept[inside] = word;
    for (let i = kept.length - 1; i > inside; i--) if (lower.includes(kept[i]!.toLowerCase())) kept.splice(i, 1);
  }
  return { topic, words: kept.slice(0, MAX_REASON_WORDS), ...(how.partial ? { partial: true } : how.apart ? { apart: true } : {}) };
}
