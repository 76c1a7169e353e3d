// British and American spellings of one word are one word to a reader, not to PostgreSQL's English
// stemmer: "optimisation" is 'optimis' and "optimization" 'optim', "modelling" is not "modeling",
// "behaviour" is not "behavior". A reader in Oxford typing "Bayesian optimisation" found nothing on
// a corpus written in American spelling, and "quantisation" was not the catalogue's "quantization".
// Each word a topic is searched with is therefore also searched in the other spelling (concepts.ts
// adds the variants; any variant matches), so either spelling finds papers written in either.
// Pure, word by word; a rewritten word that is no word at all ("supervized") simply matches nothing.

/** Words whose British and American forms differ by more than a suffix rule, British → American. */
const WORDS: Record<string, string> = {
  catalogue: 'catalog',
  catalogues: 'catalogs',
  dialogue: 'dialog',
  dialogues: 'dialogs',
  analogue: 'analog',
  analogues: 'analogs',
  defence: 'defense',
  defences: 'defenses',
  offence: 'offense',
  licence: 'license',
  grey: 'gray',
  greyscale: 'grayscale',
  aluminium: 'aluminum',
  ageing: 'aging',
  artefact: 'artifact',
  artefacts: 'artifacts',
  judgement: 'judgment',
  judgements: 'judgments',
  acknowledgement: 'acknowledgment',
  manoeuvre: 'maneuver',
  manoeuvres: 'maneuvers',
  centre: 'center',
  centres: 'centers',
  centred: 'centered',
  fibre: 'fiber',
  fibres: 'fibers',
  litre: 'liter',
  calibre: 'caliber',
  spectre: 'specter',
  theatre: 'theater',
};
// Maps, not the object: a topic word such as "constructor" must not find Object's own properties.
const BRITISH_TO_AMERICAN = new Map(Object.entries(WORDS));
const AMERICAN_TO_BRITISH = new Map(Object.entries(WORDS).map(([british, american]) => [american, british]));

/** -our words (colour, behaviour, neighbour…) and what may follow: behavioural, neighbourhood. */
const OUR_STEMS = 'behavi|col|neighb|fav|hon|lab|flav|hum|rum|vap|harb|arm|od|endeav|sav|vig|rig|tum';
const BRITISH_OUR = new RegExp(`^(${OUR_STEMS})our(s|ed|ing|al|ally|ist|ists|ite|ites|hood|hoods|less|ful)?$`);
const AMERICAN_OR = new RegExp(`^(${OUR_STEMS})or(s|ed|ing|al|ally|ist|ists|ite|ites|hood|hoods|less|ful)?$`);

/** Verbs that double their final l in British spelling before -ing, -ed and -er: modelling, labelled. */
const L_STEMS = 'model|label|travel|signal|cancel|channel|level|fuel|tunnel|funnel|total|equal|rival|panel|counsel|marshal|pixel|kernel';
const BRITISH_LL = new RegExp(`^(${L_STEMS})l(ing|ed|er|ers)$`);
const AMERICAN_L = new RegExp(`^(${L_STEMS})(ing|ed|er|ers)$`);

/** -ise/-isation and -yse, after a stem of at least three (two) letters: "size" and "rise" are left alone. */
const IZE_SUFFIXES = 'e|es|ed|ing|er|ers|ation|ations|ational|able';
const BRITISH_ISE = new RegExp(`^(\\p{L}{3,})is(${IZE_SUFFIXES})$`, 'u');
const AMERICAN_IZE = new RegExp(`^(\\p{L}{3,})iz(${IZE_SUFFIXES})$`, 'u');
/** Words in -ise that have no -ize form (pairwise, denoising, supervised, promise, precise…). */
const NOT_ISE = /wise|nois|supervis|promis|premis|precis|concis|exercis|expertis|advertis|revis|devis|advis|compris|surpris|rais|pois|prais|televis|improvis|disguis|cruis|bruis/;
const BRITISH_YSE = /^(\p{L}{2,})ys(e|es|ed|ing|er|ers)$/u;
const AMERICAN_YZE = /^(\p{L}{2,})yz(e|es|ed|ing|er|ers)$/u;

function american(word: string): string {
  return (
    BRITISH_TO_AMERICAN.get(word) ??
    word
      .replace(BRITISH_OUR, '$1or$2')
      .replace(BRITISH_LL, '$1$2')
      .replace(NOT_ISE.test(word) ? /^$/ : BRITISH_ISE, '$1iz$2')
      .replace(BRITISH_YSE, '$1yz$2')
  );
}

function british(word: string): string {
  return (
    AMERICAN_TO_BRITISH.get(word) ??
    word.replace(AMERICAN_OR, '$1our$2').replace(AMERICAN_L, '$1l$2').replace(AMERICAN_IZE, '$1is$2').replace(AMERICAN_YZE, '$1ys$2')
  );
}

/** The text in the other spelling(s): all words American, all words British; only those that differ from it. */
export function spellingVariants(text: string): string[] {
  const rewrite = (convert: (word: string) => string) =>
    text.replace(/\p{L}+/gu, (word) => {
      const lower = word.toLowerCase(); // the search ignores case; an acronym matches no rule and stays as written
      const converted = convert(lower);
      return converted === lower ? word : converted;
    });
  return [...new Set([rewrite(american), rewrite(british)])].filter((variant) => variant !== text);
}
