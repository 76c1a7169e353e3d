// PostgreSQL's English stop words: the words its 'english' text search configuration drops
// (tsearch_data/english.stop, Snowball's list, the same on a server and on PGlite). A stop word the
// reader types is in no paper's vector and in no query PostgreSQL makes, so the matcher must not
// count it as a word of the topic: "no", "few", "how", "under" or "during", each taken as a word no
// paper has, was the rarest word there is, and a topic such as "training under memory limits" or
// "learning from a few examples" could never be covered (round 24). Inside a hyphenated word it is
// only a gap to the phrase search, as "to" in "image-to-video" and "few" in "few-shot" (concepts.ts).
// test/matching/stop-words.test.ts checks each against PostgreSQL, and against its file where found.
export const STOP_WORDS: ReadonlySet<string> = new Set(
  ('i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself '
    + 'it its itself they them their theirs themselves what which who whom this that these those am is are was were '
    + 'be been being have has had having do does did doing a an the and but if or because as until while of at by for '
    + 'with about against between into through during before after above below to from up down in out on off over '
    + 'under again further then once here there when where why how all any both each few more most other some such '
    + 'no nor not only own same so than too very s t can will just don should now').split(' '),
);
