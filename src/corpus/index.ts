export { ingestFiles, ingestPage, listPageFiles, upsertPapers, type IngestSummary, type IngestReport, type PaperInput } from './ingest.js';
export { parsePage, normaliseTitle, type ParsedEntry, type ParsedPage } from './parse.js';
