import type { Browser, Page } from 'playwright-core';
import { newContext } from '../test/support/browser';

/** What the console's budgets time in a real browser: the incidents page and a new incident arriving in it. */

export interface ConsoleTarget {
  baseUrl: string;
  email: string;
  password: string;
}

// Every wait is bounded, so that a console that never shows what is awaited fails the phase
// within minutes instead of hanging the bench.
const WAIT_MS = 15_000;

/** A page signed in through the sign-in form, as a person would, on the OPEN incidents tab. */
export async function openIncidentsPage(browser: Browser, target: ConsoleTarget): Promise<Page> {
  const page = await (await newContext(browser)).newPage();
  page.setDefaultTimeout(WAIT_MS);
  await page.goto(`${target.baseUrl}/console/sign-in?next=${encodeURIComponent('/incidents')}`);
  await page.getByLabel('Email').fill(target.email);
  await page.getByLabel('Password').fill(target.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname.endsWith('/incidents'));
  return page;
}

// Playwright's own waits (locator.waitFor) re-check after 0, 20, 50, 100, 100, then every
// 500 ms: a row that appears at 300 ms is seen at 770 ms. The timings poll every 10 ms instead.
const POLL_MS = 10;

async function pollUntil<T>(check: () => Promise<T | null | undefined | false>, what: string): Promise<T> {
  const deadline = performance.now() + WAIT_MS;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`${what} not shown within ${WAIT_MS} ms`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

// Run in the page (a string: this project compiles without the DOM's types): the first row of
// the incidents table has its link, and the three status tabs have their counts. Its
// `performance.now()` counts from navigation start.
const INTERACTIVE_CHECK = `(() => {
  const firstRow = document.querySelector('table tbody tr a[href]');
  const counts = document.querySelectorAll('nav[aria-label="Incident status"] .tab-count');
  return firstRow && counts.length === 3 ? performance.now() : null;
})()`;

/** Time from navigation start to the incidents table's first row and every tab's count, read in the page (ms). */
async function timeToInteractive(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  // A check that lands during the navigation's context swap throws: that is "not yet".
  return pollUntil(() => page.evaluate<number | null>(INTERACTIVE_CHECK).catch(() => null), 'the incidents table and tab counts');
}

/** Full page loads of the OPEN incidents tab: `warmUp` discarded, then `runs` timed (ms). */
export async function incidentsInteractiveMs(page: Page, target: ConsoleTarget, runs = 7, warmUp = 1): Promise<number[]> {
  const url = `${target.baseUrl}/console/incidents`;
  for (let i = 0; i < warmUp; i++) await timeToInteractive(page, url);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeToInteractive(page, url));
  return times;
}

const errorLog = (service: string) => ({
  service_id: service,
  level: 'ERROR',
  message: `Checkout failed for ${service}: upstream timeout`,
});

async function ingest(baseUrl: string, apiKey: string, body: unknown): Promise<void> {
  const response = await fetch(`${baseUrl}/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(WAIT_MS),
  });
  if (response.status !== 201) throw new Error(`POST /ingest answered ${response.status}: ${await response.text()}`);
}

/**
 * With the incidents page open, per trial: 5 ERROR logs of a fresh service, then the crossing
 * 6th (the default rule's threshold); time from the crossing log's 201 until the new incident's
 * link (its title names the service) is in the page, in ms.
 */
export async function incidentVisibleMs(page: Page, target: ConsoleTarget, apiKey: string, trials = 20): Promise<number[]> {
  const latencies: number[] = [];
  const runId = Date.now().toString(36);
  for (let i = 0; i < trials; i++) {
    const service = `bench-console-${runId}-${i}`;
    await ingest(
      target.baseUrl,
      apiKey,
      Array.from({ length: 5 }, () => errorLog(service)),
    );
    await ingest(target.baseUrl, apiKey, errorLog(service));
    const answeredAt = performance.now();
    const link = page.getByRole('link', { name: new RegExp(`${service}$`) });
    await pollUntil(async () => (await link.count()) > 0, `the incident of ${service}`);
    latencies.push(performance.now() - answeredAt);
  }
  return latencies;
}
