-- Two more of the field's words that PostgreSQL's English stemmer folds into everyday ones, found
-- by trying topics as a new reader would (stop 32):
-- - "continual" (continual learning) and "continuous", "continue", "continuation" all become
--   'continu': a reader of "continual learning" was sent "To be Continuous, or to be Discrete" and
--   a music paper on "continuation". "continual" is now 'continualz'.
-- - "CLIP" (the vision-language model) and "clips" (of video or audio) both become 'clip': a reader
--   of CLIP was sent video-clip papers. The model's name is written in capitals, so "CLIP" (and
--   "OpenCLIP", "CLIPScore") is rewritten before lower() to 'clipz'; "clip", "clips" and "clipping"
--   keep 'clip'. A reader who types "clip" in lower case searches for clips.
-- Same definition otherwise as 20261206090000_field_words, and still the one list of such words.
CREATE OR REPLACE FUNCTION search_text(t text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN replace(replace(replace(replace(replace(replace(replace(replace(replace(lower(replace(coalesce(t, ''),
             'CLIP', 'clipz')),
             'transformer', 'transformerz'),
             'generaliz', 'generalizz'), 'generalis', 'generalizz'),
             'normaliz', 'normalizz'), 'normalis', 'normalizz'),
             'regulariz', 'regularizz'), 'regularis', 'regularizz'),
             'objectiv', 'objectivz'),
             'continual', 'continualz');

-- Every stored vector, computed again by the new definition.
UPDATE "Paper" SET "search" = paper_search("title", "abstract");
