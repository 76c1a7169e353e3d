// The date a reader sees, read from the rendered email (subject, HTML header, plain-text header),
// for zones from UTC−12 to UTC+14, around both DST changes, for daily and weekly digests. The
// edition comes from the scheduler (editionFor), as in a send run.
import { beforeAll, describe, expect, it } from 'vitest';
import { editionFor } from '../../src/calendar/index.js';
import { createRenderer, type Renderer } from '../../src/digest/render.js';
import { typicalView } from '../../testkit/digest-views.js';
import { TEMPLATES_DIR } from './templates-dir.js';

let renderer: Renderer;
beforeAll(async () => {
  renderer = await createRenderer({ templatesDir: TEMPLATES_DIR });
});

function render(timeZone: string, instant: string, frequency: 'daily' | 'weekly') {
  const { date } = editionFor({ frequency, sendHour: 0, sendWeekday: 1, timeZone }, new Date(instant));
  return renderer.digest({ ...typicalView, timeZone, edition: { date, frequency } });
}

/** [zone, instant, daily short, daily long, weekly short] */
const CASES: Array<[string, string, string, string, string]> = [
  // The case: 12:00 on Wednesday 2 December in New York.
  ['America/New_York', '2026-12-02T17:00:00Z', 'Wed 2 Dec', 'Wednesday 2 December 2026', 'week of 30 Nov – 6 Dec'],
  // UTC−12: still Tuesday until 12:00 UTC.
  ['Etc/GMT+12', '2026-12-02T11:59:00Z', 'Tue 1 Dec', 'Tuesday 1 December 2026', 'week of 30 Nov – 6 Dec'],
  ['Etc/GMT+12', '2026-12-02T12:00:00Z', 'Wed 2 Dec', 'Wednesday 2 December 2026', 'week of 30 Nov – 6 Dec'],
  // UTC+14: already Thursday from 10:00 UTC on Wednesday; Monday from 10:00 UTC on Sunday.
  ['Pacific/Kiritimati', '2026-12-02T10:00:00Z', 'Thu 3 Dec', 'Thursday 3 December 2026', 'week of 30 Nov – 6 Dec'],
  ['Pacific/Kiritimati', '2026-12-06T10:30:00Z', 'Mon 7 Dec', 'Monday 7 December 2026', 'week of 7 – 13 Dec'],
  ['UTC', '2026-12-30T09:00:00Z', 'Wed 30 Dec', 'Wednesday 30 December 2026', 'week of 28 Dec 2026 – 3 Jan 2027'],
  // New York springs forward on 8 March 2026 and falls back on 1 November 2026.
  ['America/New_York', '2026-03-08T06:59:00Z', 'Sun 8 Mar', 'Sunday 8 March 2026', 'week of 2 – 8 Mar'],
  ['America/New_York', '2026-03-08T07:00:00Z', 'Sun 8 Mar', 'Sunday 8 March 2026', 'week of 2 – 8 Mar'],
  ['America/New_York', '2026-03-09T03:59:00Z', 'Sun 8 Mar', 'Sunday 8 March 2026', 'week of 2 – 8 Mar'],
  ['America/New_York', '2026-03-09T04:00:00Z', 'Mon 9 Mar', 'Monday 9 March 2026', 'week of 9 – 15 Mar'],
  ['America/New_York', '2026-11-01T05:30:00Z', 'Sun 1 Nov', 'Sunday 1 November 2026', 'week of 26 Oct – 1 Nov'],
  ['America/New_York', '2026-11-01T06:30:00Z', 'Sun 1 Nov', 'Sunday 1 November 2026', 'week of 26 Oct – 1 Nov'],
  ['America/New_York', '2026-11-02T04:59:00Z', 'Sun 1 Nov', 'Sunday 1 November 2026', 'week of 26 Oct – 1 Nov'],
  ['America/New_York', '2026-11-02T05:00:00Z', 'Mon 2 Nov', 'Monday 2 November 2026', 'week of 2 – 8 Nov'],
  // Berlin: 29 March and 25 October 2026.
  ['Europe/Berlin', '2026-03-28T23:00:00Z', 'Sun 29 Mar', 'Sunday 29 March 2026', 'week of 23 – 29 Mar'],
  ['Europe/Berlin', '2026-03-29T21:59:00Z', 'Sun 29 Mar', 'Sunday 29 March 2026', 'week of 23 – 29 Mar'],
  ['Europe/Berlin', '2026-03-29T22:00:00Z', 'Mon 30 Mar', 'Monday 30 March 2026', 'week of 30 Mar – 5 Apr'],
  ['Europe/Berlin', '2026-10-25T22:59:00Z', 'Sun 25 Oct', 'Sunday 25 October 2026', 'week of 19 – 25 Oct'],
  ['Europe/Berlin', '2026-10-25T23:00:00Z', 'Mon 26 Oct', 'Monday 26 October 2026', 'week of 26 Oct – 1 Nov'],
  // Sydney (southern hemisphere): summer time ends 5 April and starts 4 October 2026.
  ['Australia/Sydney', '2026-04-05T13:59:00Z', 'Sun 5 Apr', 'Sunday 5 April 2026', 'week of 30 Mar – 5 Apr'],
  ['Australia/Sydney', '2026-04-05T14:00:00Z', 'Mon 6 Apr', 'Monday 6 April 2026', 'week of 6 – 12 Apr'],
  ['Australia/Sydney', '2026-10-03T13:59:00Z', 'Sat 3 Oct', 'Saturday 3 October 2026', 'week of 28 Sept – 4 Oct'],
  ['Australia/Sydney', '2026-10-03T14:00:00Z', 'Sun 4 Oct', 'Sunday 4 October 2026', 'week of 28 Sept – 4 Oct'],
  ['Australia/Sydney', '2026-10-04T12:59:00Z', 'Sun 4 Oct', 'Sunday 4 October 2026', 'week of 28 Sept – 4 Oct'],
  ['Australia/Sydney', '2026-10-04T13:00:00Z', 'Mon 5 Oct', 'Monday 5 October 2026', 'week of 5 – 11 Oct'],
];

describe.each(CASES)('in %s at %s', (zone, instant, short, long, week) => {
  it(`a daily digest says ${short}`, () => {
    const email = render(zone, instant, 'daily');
    expect(email.subject).toMatch(new RegExp(` · ${short}$`));
    expect(email.html).toContain(`Paperboy · ${long}<`);
    expect(email.text).toMatch(new RegExp(`^PAPERBOY · ${long}\\n`));
  });

  it(`a weekly digest says ${week}`, () => {
    const email = render(zone, instant, 'weekly');
    expect(email.subject).toMatch(new RegExp(` · ${week}$`));
    const header = email.text.split('\n')[0]!;
    expect(header).toMatch(/^PAPERBOY · Week of \d+( \w+)?( \d{4})? – \d+ \w+ \d{4}$/);
    expect(email.html).toContain(`Paperboy · ${header.slice('PAPERBOY · '.length)}<`);
    expect(email.text).not.toMatch(/day \d+ \w+ \d{4}/); // no single day ("Sunday 29 November 2026")
  });
});

describe('weekly wording', () => {
  it('names the whole span, across a year, and says "this week"', () => {
    const email = render('UTC', '2026-12-30T09:00:00Z', 'weekly');
    expect(email.text.split('\n')[0]).toBe('PAPERBOY · Week of 28 December 2026 – 3 January 2027');
    expect(render('America/New_York', '2026-12-02T17:00:00Z', 'weekly').text.split('\n')[0]).toBe('PAPERBOY · Week of 30 November – 6 December 2026');
    expect(email.html).toContain('>Trending this week</h2>');
    const empty = renderer.digest({ ...typicalView, papers: [], trending: [], edition: { date: '2026-11-30', frequency: 'weekly' } });
    expect(empty.text).toContain('No new papers matched your topics this week. We will look again next week.');
    expect(empty.subject).toBe('No new papers on diffusion models, LLMs +1 more · week of 30 Nov – 6 Dec');
  });

  it('shows publication dates as the calendar dates they are, in any zone', () => {
    const west = renderer.digest({ ...typicalView, timeZone: 'Etc/GMT+12' });
    expect(west.text).toContain('2 Mar 2026'); // stored as 2026-03-02, not shifted to 1 March
    expect(west.text).not.toContain('1 Mar 2026');
  });
});
