// English derivational prefixes ("multi-", "self-", "pre-", …): a prefixed word is a kind of the
// word it prefixes, and a prefix is no idea of its own. Used where the matcher takes a word apart:
// a word no paper uses is looked up without its prefix (word-parts.ts), and the parts of a
// hyphenated word that stand for it apart leave its prefix out (concepts.ts: "self" is no part of
// "self-supervised" that a paper on self-attention shares).
export const PREFIXES: readonly string[] = ['anti', 'bi', 'co', 'counter', 'cross', 'de', 'hyper', 'inter', 'intra', 'micro', 'multi', 'non', 'over', 'post', 'pre', 'pseudo', 're', 'self', 'semi', 'sub', 'super', 'trans', 'tri', 'ultra', 'un', 'under', 'uni'];
