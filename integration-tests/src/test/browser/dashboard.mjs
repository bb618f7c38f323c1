// Opens the merchant dashboard in headless Chromium, logs in with a merchant-read key, picks a date range and
// granularity, and prints what the page shows as one JSON line on stdout for DashboardIT to compare with the API.
// Usage (all by environment): GATEWAY_URL, API_KEY, FROM, TO, SCREENSHOT, CHROMIUM (default /usr/bin/chromium).
import { chromium } from 'playwright-core';
import { readFile } from 'node:fs/promises';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const gateway = env('GATEWAY_URL');
const key = env('API_KEY');
const from = env('FROM');
const to = env('TO');
// The same dates as an en-IN reader types them (day/month/year), written by the test, not by the page's code.
const fromTyped = env('FROM_TYPED');
const toTyped = env('TO_TYPED');
const screenshot = env('SCREENSHOT');
const executablePath = env('CHROMIUM', '/usr/bin/chromium');
const timeout = Number(env('TIMEOUT_MS', '60000'));

const problems = [];
const browser = await chromium.launch({
  executablePath,
  headless: true,
  // CI runs as root, where Chromium's sandbox cannot start.
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
});
try {
  const context = await browser.newContext({
    locale: 'en-IN', timezoneId: 'UTC', viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // API answers of 4xx are the page's to show (the refused key below); any other console error is a bug of the
    // page (a module that fails, a CSP violation...).
    const apiRefusal = /^Failed to load resource: the server responded with a status of 4\d\d/;
    if (message.type() === 'error' && !apiRefusal.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (response.status() >= 500 || (path.startsWith('/dashboard/') && response.status() >= 400)) {
      problems.push(`HTTP ${response.status()} for ${path}`);
    }
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));

  await page.goto(`${gateway}/dashboard/`);
  await page.waitForSelector('body[data-state=login]');

  // A key the gateway does not know is refused on the login form.
  await page.fill('#api-key', 'mi_not_a_real_key');
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#login-error:not([hidden])');
  const refusedLogin = (await page.textContent('#login-error')).trim();
  const keyKeptAfterRefusal = await page.evaluate(() => sessionStorage.length);

  await page.fill('#api-key', key);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('body[data-state=ready]');

  // The date fields in the reader's order (issue 24): what they show first, what a wrong date gets.
  const dateFields = {
    placeholder: await page.getAttribute('#from', 'placeholder'),
    initialTo: await page.inputValue('#to'),
  };
  const hashBefore = await page.evaluate(() => location.hash);
  await page.fill('#from', '31/02/2026');
  await page.click('#apply');
  await page.waitForSelector('#banner:not([hidden])');
  dateFields.wrongDate = {
    banner: (await page.textContent('#banner')).trim(),
    invalid: await page.getAttribute('#from', 'aria-invalid'),
    hashUnchanged: (await page.evaluate(() => location.hash)) === hashBefore,
  };
  // The calendar button opens the browser's picker; a date picked there shows in the reader's order.
  await page.evaluate(() => {
    window.pickersOpened = 0;
    const open = HTMLInputElement.prototype.showPicker;
    HTMLInputElement.prototype.showPicker = function showPicker() {
      window.pickersOpened++;
      return open.call(this);
    };
  });
  dateFields.calendarShown = await page.isVisible('.calendar[data-for="from"]');
  await page.click('.calendar[data-for="from"]');
  await page.keyboard.press('Escape');
  dateFields.pickersOpened = await page.evaluate(() => window.pickersOpened);
  await page.evaluate((iso) => {
    const picker = document.getElementById('from-picker');
    picker.value = iso;
    picker.dispatchEvent(new Event('change'));
  }, from);
  dateFields.picked = await page.inputValue('#from');
  dateFields.invalidAfterPick = await page.getAttribute('#from', 'aria-invalid');
  // The layout and reading of other locales' dates, from the page's own module.
  dateFields.locales = await page.evaluate(async () => {
    const { dateLayout, parseDate, formatDate } = await import('/dashboard/dates.js');
    const of = (lang) => {
      const layout = dateLayout(lang);
      return { placeholder: layout.placeholder, shown: formatDate('2026-12-04', layout), read: parseDate(formatDate('2026-12-04', layout), layout) };
    };
    const inIndia = dateLayout('en-IN');
    return {
      'en-IN': of('en-IN'), 'en-US': of('en-US'), ja: of('ja'), de: of('de'), 'ar-EG': of('ar-EG'),
      readInIndia: ['4/12/2026', '04-12-2026', '2026-12-04', '04/12/26', '29/02/2025', '29/02/2024', '12/31/2026', '',
        '04122026', '\u0660\u0664/\u0661\u0662/\u0662\u0660\u0662\u0666']
        .map((text) => [text, parseDate(text, inIndia)]),
    };
  });

  await page.fill('#from', fromTyped);
  await page.fill('#to', toTyped);
  await page.selectOption('#granularity', 'day');
  await page.click('#apply');
  await page.waitForFunction(([f, t]) => document.body.dataset.state === 'ready'
    && location.hash.includes(`from=${f}&to=${t}&granularity=day`), [from, to]);
  // The chart draws on the next animation frame.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.screenshot({ path: screenshot, fullPage: true });

  const shown = await page.evaluate(() => {
    const text = (element) => (element ? element.textContent.trim() : null);
    const all = (selector, root = document) => [...root.querySelectorAll(selector)];
    return {
      merchant: text(document.getElementById('merchant')),
      timeZone: text(document.getElementById('time-zone')),
      keyInSessionStorage: Object.keys(sessionStorage).some((k) => k.includes('api-key')),
      keyInLocalStorage: localStorage.length > 0,
      freshness: {
        text: text(document.getElementById('freshness')),
        completeThrough: document.getElementById('freshness').dataset.completeThrough ?? null,
        lastRefresh: document.getElementById('freshness').dataset.lastRefresh ?? null,
      },
      kpiError: text(document.querySelector('#kpis .error')),
      kpis: all('.kpi').map((tile) => ({
        metric: tile.dataset.metric,
        label: text(tile.querySelector('h3')),
        value: text(tile.querySelector('.kpi-value')),
        previousPeriod: all('.previous-period .change', tile).map((c) => ({
          currency: c.dataset.currency ?? null, relative: c.dataset.relative, text: text(c),
        })),
        previousYear: all('.previous-year .change', tile).map((c) => ({
          currency: c.dataset.currency ?? null, relative: c.dataset.relative, text: text(c),
        })),
      })),
      chartError: document.getElementById('chart-error').hidden ? null : text(document.getElementById('chart-error')),
      chartCanvas: !!document.querySelector('#chart canvas'),
      chart: all('#chart-table tbody tr').map((row) => ({
        start: row.dataset.start,
        label: text(row.querySelector('td')),
        cells: all('td.num', row).map((cell) => ({ series: cell.dataset.series, text: text(cell) })),
      })),
      breakdownError: document.getElementById('breakdown-error').hidden ? null : text(document.getElementById('breakdown-error')),
      breakdown: all('#breakdown tbody tr').map((row) => ({
        value: row.dataset.value,
        metricValue: text(row.querySelector('.metric-value')),
        share: text(row.querySelector('.share')),
      })),
      breakdownTotal: text(document.querySelector('#breakdown tfoot .total')),
    };
  });
  const chartRows = () => page.evaluate(() => [...document.querySelectorAll('#chart-table tbody tr')].map((row) => ({
    start: row.dataset.start,
    cells: [...row.querySelectorAll('td.num')].map((cell) => ({ series: cell.dataset.series, text: cell.textContent.trim() })),
  })));

  // Local hours: bucket starts are date-times with the merchant's offset.
  await page.selectOption('#granularity', 'hour');
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && location.hash.endsWith('granularity=hour'));
  const hourlyChart = await chartRows();
  await page.selectOption('#granularity', 'day');
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && location.hash.endsWith('granularity=day'));

  // The chart of a money metric split by a dimension: one line per channel and currency.
  await page.selectOption('#chart-metric', 'revenue');
  await page.waitForSelector('body[data-state=ready]');
  await page.selectOption('#chart-split', 'channel');
  await page.waitForFunction(() => document.body.dataset.state === 'ready'
    && document.querySelectorAll('#chart-table thead th').length > 2);
  const splitChart = {
    series: await page.evaluate(() => [...document.querySelectorAll('#chart-table thead th')].slice(1)
      .map((th) => th.textContent.trim())),
    rows: await chartRows(),
  };
  await page.screenshot({ path: screenshot.replace(/\.png$/, '-revenue-by-channel.png'), fullPage: false });

  // The chart's and the breakdown's numbers as CSV downloads (issue 24).
  const downloaded = async (button) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
  };
  const chartCsv = await downloaded('#chart-csv');
  const breakdownCsv = await downloaded('#breakdown-csv');

  // Today and yesterday by hour, in the merchant's zone.
  const dayPreset = async (daysBack, name) => {
    await page.click(`.presets button[data-day="${daysBack}"]`);
    await page.waitForFunction(() => document.body.dataset.state === 'ready'
      && location.hash.endsWith('granularity=hour') && document.getElementById('from').value === document.getElementById('to').value);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await page.screenshot({ path: screenshot.replace(/\.png$/, `-${name}.png`), fullPage: false });
    return {
      hash: await page.evaluate(() => location.hash),
      from: await page.inputValue('#from'),
      granularity: await page.inputValue('#granularity'),
      rows: await chartRows(),
    };
  };
  const today = await dayPreset(0, 'today');
  const yesterday = await dayPreset(1, 'yesterday');

  // A phone's screen: nothing wider than it, the chart and the breakdown still readable.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.screenshot({ path: screenshot.replace(/\.png$/, '-phone.png'), fullPage: true });
  const phone = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    chartWidth: document.getElementById('chart').getBoundingClientRect().width,
    breakdownRight: document.getElementById('breakdown').getBoundingClientRect().right,
    breakdownRows: document.querySelectorAll('#breakdown tbody tr').length,
  }));

  await page.click('#logout');
  await page.waitForSelector('body[data-state=login]');
  const keyAfterLogout = await page.evaluate(() => sessionStorage.length);

  console.log(JSON.stringify({
    ...shown, dateFields, hourlyChart, splitChart, chartCsv, breakdownCsv, today, yesterday, phone, keyAfterLogout, refusedLogin,
    keyKeptAfterRefusal, problems,
  }));
} finally {
  await browser.close();
}
