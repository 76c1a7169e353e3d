// Words every abstract is written with, that say how a paper argues and not what it is about:
// "shown", "two key", "toward", "gains". They stay in the reader model's vectors (changing them
// would re-rank every reader with feedback); they are only never named as what two papers are
// "both on" in a "like X" reason. Telling words are those in at most a tenth of the papers, and a
// window of a few hundred papers (a small install, a quiet week) leaves many of these under that:
// the sample corpus's reasons said "both on way, pixels", "both on pixel, introduced, remaining".
import { normaliseWord } from './text-vectors.js';

const WORDS = (
  // Numbers and order.
  'one two three four five six seven eight nine ten first second third single multiple several many various '
  // Sizes in words: "both on Automatic, billions, Quality" of two papers, one on billions of users,
  // the other on billions of parameters.
  + 'hundred thousand million billion trillion '
  // How an abstract argues.
  + 'show shown demonstrate reveal suggest introduce remain question answer find finding observe observation '
  + 'provide enable allow address leverage achieve obtain yield lead help make made take taken give given '
  + 'improve improvement outperform surpass benefit gain conduct evaluate experiment extensive comprehensive '
  + 'key way toward towards however further furthermore moreover notably respectively thus therefore despite '
  + 'although across among even within without between due each every any same another less much often '
  + 'recent recently existing current novel simple strong better best good significant significantly substantial '
  + 'substantially remarkable impressive promising superior competitive effective effectively crucial important '
  + 'challenge challenging problem issue limitation limited potential particular specific general generally '
  + 'typically widely wide range set number level case end aim goal able available publicly release work study '
  + 'studies task tasks performance framework advance attempt success successful tailor stage aspect manner '
  + 'fashion setting scenario hand state art out investigate inspire inspired validate confirm integrate comparable compare '
  + 'comparison evaluation explore examine consider enhance employ utilize exploit incorporate extend '
  // What an abstract says it will do, and its comparatives: "both on Transformer, local, will".
  + 'will would could might should involve diverse higher lower '
  // What a model can do and how long a text is: "both on VLMs, lengthy, visual", "both on visual, capabilities".
  + 'capability lengthy '
  // The second half of a hyphenated word, which a vector keeps as a word of its own and which alone
  // says nothing: "both on wise, Fine-tuning" of a "layer-wise" and a "channel-wise" paper.
  + 'wise based aware driven oriented free '
  // Words of comparison and description a reader helper met as all two papers shared: "both on
  // independent, different, top", "both on upper bound, baselines, effectiveness", "both on
  // classifier, consisting, system".
  + 'independent different top property consist baseline effectiveness understanding '
  // How titles announce a paper rather than what it is on: "both on Rethinking, …" of two papers
  // whose titles rethink different things.
  + 'rethink revisit unleash unlock demystify beyond need'
).split(' ');

/** Inflected forms of a word list ("suggest" → "suggests", "suggested", "suggesting"), as terms. */
function termsOf(words: string[]): Set<string> {
  const terms = new Set<string>();
  for (const word of words) {
    const forms = [word, `${word}s`, `${word}es`, `${word}d`, `${word}ed`, `${word}ing`, word.replace(/e$/, 'ing'), word.replace(/y$/, 'ies'), word.replace(/y$/, 'ied')];
    for (const form of forms) {
      const term = normaliseWord(form);
      if (term !== null) terms.add(term);
    }
  }
  return terms;
}

const GENERIC = termsOf(WORDS);

/**
 * Whether a quoted term says nothing of a subject: a word of the list, or a pair of words of which
 * one is ("two key", "generation Without", "Recent advances": a pair stands for a phrase, and half a
 * phrase of the field's prose is none). A hyphenated word is one word, generic only when all its
 * parts are ("one-step" and "single-image" are subjects, "end-to-end" is not).
 */
export function isGenericWording(written: string): boolean {
  return written
    .split(/\s+/)
    .filter(Boolean)
    .some((word) => word.split(/[-_/]/).every(isGenericWord));
}

function isGenericWord(written: string): boolean {
  const words = written.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return words.every((word) => {
    const term = normaliseWord(word);
    return term === null || GENERIC.has(term);
  });
}
