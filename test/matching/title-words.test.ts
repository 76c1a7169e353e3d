// A title states a subject (round 34, relevance.ts: titleShares): in a description whose words the
// window all has, a reader's word counts towards a paper's evidence by its rarity times how often
// the window's papers put it in a title. Describing a subject in their own words, a reader often
// uses a word the papers use only in passing, in their abstracts ("reducing", "difficult",
// "subfields"): rarer than the subject's own word, it used to decide which papers were on the topic.
// Here "reduction" is in two abstracts, once each, and in no title; "token" is in the titles of the
// three papers on dropping and merging tokens; "transformer" and "models" are common.
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../../testkit/database.js';
import { fixtureCorpus, UNRELATED_PAPERS, type FixturePaper } from './corpus.js';

const TOKEN_PAPERS = ['Token Pruning for Vision Transformers', 'Token Merging: Faster Transformers without Training', 'Learning Which Token to Drop'];

const PAPERS: FixturePaper[] = [
  { title: TOKEN_PAPERS[0]!, abstract: 'We drop uninformative tokens between layers of a vision transformer, so later layers attend over fewer of them.' },
  { title: TOKEN_PAPERS[1]!, abstract: 'Similar tokens are merged inside each block, which speeds up a pretrained transformer at almost no loss of accuracy.' },
  { title: TOKEN_PAPERS[2]!, abstract: 'A small scorer learns which tokens a transformer can skip for each input.' },
  { title: 'Robust Speaker Verification', abstract: 'An embedding of the voice gives a large reduction in equal error rate on noisy recordings.' },
  { title: 'Better Anchors for Object Detection', abstract: 'Learned anchor boxes bring a reduction in false positives on crowded street scenes.' },
  ...UNRELATED_PAPERS,
  { title: 'Predicting River Floods', abstract: 'Rainfall and gauge readings forecast floods a week ahead.' },
  { title: 'Graph Neural Networks for Molecules', abstract: 'Message passing over atoms predicts chemical properties.' },
  { title: 'Counting Birds from Their Songs', abstract: 'An audio classifier counts species in field recordings.' },
  { title: 'Learned Image Compression', abstract: 'An autoencoder with an entropy model codes photographs at low bitrates.' },
  { title: 'Offline Reinforcement Learning', abstract: 'An agent learns a policy from logged data alone.' },
  { title: 'Speech Recognition for Low-Resource Languages', abstract: 'Transcribing speech in languages with little labelled audio.' },
  { title: 'A Benchmark for Tabular Data', abstract: 'Gradient boosted trees still beat deep models on tables.' },
  { title: 'Contrastive Learning of Sentence Embeddings', abstract: 'Sentences and their paraphrases are pulled together in embedding space.' },
  { title: 'Monocular Depth Estimation', abstract: 'A network predicts depth from a single photograph.' },
  { title: 'Fairness in Credit Scoring', abstract: 'We audit loan decisions for disparate impact across groups.' },
  { title: 'Simulating Cloth in Real Time', abstract: 'A learned simulator drapes garments on moving characters.' },
  { title: 'Neural Machine Translation of Legal Texts', abstract: 'Contracts are translated between German and English.' },
  { title: 'Anomaly Detection in Factory Sensors', abstract: 'Vibration signals reveal failing bearings before they break.' },
  { title: 'Learning to Play Board Games', abstract: 'Self-play and tree search master chess and go.' },
  { title: 'Crowd Counting with Density Maps', abstract: 'A network regresses how many people a photograph holds.' },
  { title: 'Music Transcription from Piano Recordings', abstract: 'A transformer reads notes and pedals from audio.' },
  { title: 'Satellite Imagery of Crops', abstract: 'Field boundaries and crop types are mapped from orbit.' },
  { title: 'Handwriting Recognition in Old Letters', abstract: 'Historical manuscripts are read line by line.' },
  { title: 'Traffic Forecasting on Road Networks', abstract: 'A graph transformer forecasts congestion an hour ahead.' },
  { title: 'Point Cloud Segmentation', abstract: 'Each point of a lidar scan is labelled road, car or tree.' },
  { title: 'Medical Report Generation', abstract: 'Chest x-rays are described in the words radiologists use.' },
  { title: 'Recommending Recipes', abstract: 'Ingredients a cook has at hand are matched with dishes.' },
  { title: 'Weather Radar Nowcasting', abstract: 'Rain in the next two hours is predicted from radar echoes.' },
  { title: 'Protein Design with Language Models', abstract: 'Amino-acid sequences are sampled to fold into given shapes.' },
];

describe.each(BACKENDS)('a title states a subject, on %s', (backend) => {
  const corpus = fixtureCorpus(backend, PAPERS);

  it('finds the papers titled on the subject when the reader’s rarer word is one the papers use only in passing', async () => {
    const listed = await corpus.titles('reduction of tokens in transformer models');
    expect(listed).toEqual(expect.arrayContaining(TOKEN_PAPERS));
    // "reduction" in an abstract, once, is no paper on the subject.
    expect(listed).not.toContain('Robust Speaker Verification');
    expect(listed).not.toContain('Better Anchors for Object Detection');
  });

  it('keeps each word of a name an idea: a name whose word the papers say in passing brings no paper on its other word', async () => {
    expect(await corpus.titles('token reduction')).toEqual([]);
  });
});
