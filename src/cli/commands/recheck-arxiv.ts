// `paperboy fetch --source arxiv --recheck`: the service's daily `recheck` job by hand. The papers
// of the digests' window that have an arXiv id are asked for again by id, and a withdrawal or a new
// version found is applied as a listing would apply it. Recorded as that job's run, so `status`
// shows it (as `paperboy send` is the send job's).
import type { App } from '../../app.js';
import { ARXIV_TIMEOUT_MS, recheckArxivWindow, unansweredError, type RecheckReport } from '../../corpus/index.js';
import { NEW_WINDOW_DAYS } from '../../matching/index.js';
import { UserError } from '../../shared/errors.js';
import { formatCount, plural } from '../../shared/wording.js';
import { EXIT } from '../context.js';
import { printJson, printLines } from '../output.js';
import { printable } from '../printable.js';

export async function recheckArxivCommand(app: App, args: { json: boolean }): Promise<number> {
  const apiUrl = app.config.arxivApiUrl;
  if (!apiUrl) throw new UserError('arXiv is turned off here (ARXIV_API_URL=off): set ARXIV_API_URL to the arXiv API, or leave it unset for the public one');
  const { recordJobRun } = await import('../../schedule/index.js');
  // The command says itself what was not answered: the job's warning would say it a second time.
  const log = app.log.child({}, { level: 'error' });
  let report: RecheckReport | undefined;
  try {
    await recordJobRun({ prisma: app.prisma, clock: app.clock, log }, 'recheck', async () => {
      report = await recheckArxivWindow(app.db, { apiUrl, now: app.clock.now(), windowDays: NEW_WINDOW_DAYS, timeoutMs: ARXIV_TIMEOUT_MS, log });
      const unanswered = unansweredError(report, apiUrl);
      if (unanswered) throw unanswered;
      return report;
    }, true);
  } catch (error) {
    if (!report) throw error; // not arXiv's answer: the database, say
  }
  const done = report!;
  for (const failure of done.failures) process.stderr.write(`paperboy: ${printable(failure)}; nothing changed for those papers, they are asked again at the next re-check.\n`);
  if (args.json) printJson(done);
  else if (done.asked === 0) printLines(`No paper first seen in the last ${NEW_WINDOW_DAYS} days has an arXiv id: nothing to ask arXiv.`);
  else {
    const unknown = done.notFound > 0 ? ` (${formatCount(done.notFound)} unknown to arXiv, left as they are)` : '';
    printLines(`arXiv re-check of the last ${NEW_WINDOW_DAYS} days: ${plural(done.asked, 'paper')} asked, ${formatCount(done.answered)} answered${unknown}, ${formatCount(done.updated)} updated, ${formatCount(done.withdrawn)} newly withdrawn.`);
  }
  if (done.failures.length === 0) return EXIT.ok;
  return done.answered > 0 ? EXIT.partial : EXIT.unexpected;
}
