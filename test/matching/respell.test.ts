// "Did you mean …?": a topic that finds nothing because of a typing slip is offered the words the
// papers use, never silently changed.
import { describe, expect, it } from 'vitest';
import { respell } from '../../src/matching/respell.js';

const words = new Map([
  ['diffusion', 60],
  ['models', 200],
  ['learning', 250],
  ['contrastive', 30],
  ['transformers', 80],
  ['transformer', 90],
  ['generated', 12],
  ['distillation', 20],
  ['diffusions', 2],
  ['protein', 9],
  ['folding', 4],
  ['graph', 40],
]);

describe('respell', () => {
  it('replaces a word no paper uses with the closest frequent word the papers use', () => {
    expect(respell('difusion models', words)).toBe('diffusion models');
    expect(respell('contrastive learing', words)).toBe('contrastive learning');
    expect(respell('knowledge distilation', words)).toBe('knowledge distillation');
    // Two slips in a long word are one suggestion; the capital a reader typed stays.
    expect(respell('Trasnformers', words)).toBe('Transformers');
  });

  it('counts two neighbouring letters swapped as one slip, in a short word too', () => {
    // "protien folding" found nothing and was offered nothing: Levenshtein counts the swap as two edits.
    expect(respell('protien folding', words)).toBe('protein folding');
    expect(respell('grpah', words)).toBe('graph');
    // A swap and another slip are still too many for a short word.
    expect(respell('protine folding', words)).toBeNull();
  });

  it('proposes nothing when every word is used, or for abbreviations, short words and other first letters', () => {
    expect(respell('diffusion models', words)).toBeNull();
    expect(respell('RLHF', words)).toBeNull();
    expect(respell('GANs', words)).toBeNull();
    // "federated" is two edits from "generated", but slips rarely hit the first letter: another word.
    expect(respell('federated learning', words)).toBeNull();
  });
});
