// arXiv's subject categories (https://arxiv.org/category_taxonomy), as the API's `cat:` query and
// its <category term> spell them. The API matches them exactly: `cat:cs.lg` or a made-up `cs.XY`
// is a valid query that finds nothing, so a misspelt category would be fetched every run and
// stored as an empty day without a word. Names are checked here, at the edge (ARXIV_CATEGORIES,
// `fetch --category`): a known one in the wrong case is written as arXiv spells it, anything else
// is refused with the nearest name.
import { z } from 'zod';
import { distance } from 'fastest-levenshtein';

const SUBJECTS: Record<string, string[]> = {
  cs: ['AI', 'AR', 'CC', 'CE', 'CG', 'CL', 'CR', 'CV', 'CY', 'DB', 'DC', 'DL', 'DM', 'DS', 'ET', 'FL', 'GL', 'GR', 'GT', 'HC', 'IR', 'IT', 'LG', 'LO', 'MA', 'MM', 'MS', 'NA', 'NE', 'NI', 'OH', 'OS', 'PF', 'PL', 'RO', 'SC', 'SD', 'SE', 'SI', 'SY'],
  econ: ['EM', 'GN', 'TH'],
  eess: ['AS', 'IV', 'SP', 'SY'],
  math: ['AC', 'AG', 'AP', 'AT', 'CA', 'CO', 'CT', 'CV', 'DG', 'DS', 'FA', 'GM', 'GN', 'GR', 'GT', 'HO', 'IT', 'KT', 'LO', 'MG', 'MP', 'NA', 'NT', 'OA', 'OC', 'PR', 'QA', 'RA', 'RT', 'SG', 'SP', 'ST'],
  'astro-ph': ['CO', 'EP', 'GA', 'HE', 'IM', 'SR'],
  'cond-mat': ['dis-nn', 'mes-hall', 'mtrl-sci', 'other', 'quant-gas', 'soft', 'stat-mech', 'str-el', 'supr-con'],
  nlin: ['AO', 'CD', 'CG', 'PS', 'SI'],
  physics: ['acc-ph', 'ao-ph', 'app-ph', 'atm-clus', 'atom-ph', 'bio-ph', 'chem-ph', 'class-ph', 'comp-ph', 'data-an', 'ed-ph', 'flu-dyn', 'gen-ph', 'geo-ph', 'hist-ph', 'ins-det', 'med-ph', 'optics', 'plasm-ph', 'pop-ph', 'soc-ph', 'space-ph'],
  'q-bio': ['BM', 'CB', 'GN', 'MN', 'NC', 'OT', 'PE', 'QM', 'SC', 'TO'],
  'q-fin': ['CP', 'EC', 'GN', 'MF', 'PM', 'PR', 'RM', 'ST', 'TR'],
  stat: ['AP', 'CO', 'ME', 'ML', 'OT', 'TH'],
};
/** Archives that are a category themselves, without subjects. */
const SINGLE = ['gr-qc', 'hep-ex', 'hep-lat', 'hep-ph', 'hep-th', 'math-ph', 'nucl-ex', 'nucl-th', 'quant-ph'];

export const ARXIV_CATEGORIES: readonly string[] = [...Object.entries(SUBJECTS).flatMap(([archive, subjects]) => subjects.map((subject) => `${archive}.${subject}`)), ...SINGLE];

const byLowerCase = new Map(ARXIV_CATEGORIES.map((category) => [category.toLowerCase(), category]));

/** The category as arXiv spells it, or what is wrong with the name, in words. */
export function checkArxivCategory(input: string): { category: string } | { problem: string } {
  const name = input.trim();
  const known = byLowerCase.get(name.toLowerCase());
  if (known) return { category: known };
  if (/[\s,;]/.test(name)) return { problem: `"${name}" is more than one name: separate categories with commas (cs.LG,cs.CV)` };
  const archive = Object.keys(SUBJECTS).find((key) => key === name.toLowerCase());
  if (archive) return { problem: `"${name}" is a whole archive: name its categories, e.g. ${SUBJECTS[archive]!.slice(0, 2).map((s) => `${archive}.${s}`).join(',')}` };
  const nearest = ARXIV_CATEGORIES.map((category) => ({ category, distance: distance(name.toLowerCase(), category.toLowerCase()) })).sort((a, b) => a.distance - b.distance)[0]!;
  const hint = nearest.distance <= 2 ? `; did you mean ${nearest.category}?` : ' (see https://arxiv.org/category_taxonomy, e.g. cs.LG)';
  return { problem: `"${name}" is not an arXiv category${hint}` };
}

/** One category name, written as arXiv spells it (zod, for flags). */
export const arxivCategory = z.string().transform((value, ctx) => {
  const checked = checkArxivCategory(value);
  if ('category' in checked) return checked.category;
  ctx.addIssue({ code: 'custom', message: checked.problem });
  return z.NEVER;
});

/** A comma-separated list of categories (ARXIV_CATEGORIES), each written as arXiv spells it; empty: none. */
export const arxivCategoryList = z.string().transform((value, ctx) => {
  const categories: string[] = [];
  for (const name of value.split(',').map((part) => part.trim()).filter(Boolean)) {
    const checked = checkArxivCategory(name);
    if ('problem' in checked) ctx.addIssue({ code: 'custom', message: checked.problem });
    else if (!categories.includes(checked.category)) categories.push(checked.category);
  }
  return categories;
});
