// The merchant dashboard: log in with a merchant-read key, then KPI tiles, a chart, a breakdown and the
// freshness line for a date range, all from the insights API through the gateway.
import * as api from './api.js';
import { formatValue, formatChange, formatInstant, formatAgo, formatNumber, perCurrency } from './format.js';
import * as chart from './chart.js';
import * as csv from './csv.js';
import { dateLayout, formatDate, parseDate } from './dates.js';

/** The tiles, in order; each must be a metric of the catalogue. */
const KPI_METRICS = ['orders', 'revenue', 'average_order_value', 'unique_customers', 'conversion_rate', 'refund_rate'];
const DEFAULT_DIMENSIONS = ['channel', 'country', 'device', 'product_category', 'payment_method', 'location_id'];
const ZONE_ITEM = 'merchant-insights.time-zone';
const BREAKDOWN_TOP = 10;
const SPLIT_TOP = 5;

const $ = (id) => document.getElementById(id);
const state = { catalogue: new Map(), dimensions: DEFAULT_DIMENSIONS, timeZone: sessionStorage.getItem(ZONE_ITEM) };
let generation = 0;
/** How the reader writes a date (en-IN: dd/mm/yyyy): the date fields show and read it. */
const layout = dateLayout();

/** A catalogue entry, or a stand-in that formats plain numbers when the catalogue is not known. */
const metricInfo = (name) => state.catalogue.get(name) || { name, label: humanise(name), format: 'integer' };
const humanise = (name) => name.charAt(0).toUpperCase() + name.slice(1).replaceAll('_', ' ');

function show(view) {
  document.body.dataset.state = view;
  $('login').hidden = view !== 'login';
  $('dashboard').hidden = view === 'login';
  document.querySelector('.who').hidden = view === 'login';
}

async function login(event) {
  event.preventDefault();
  const key = $('api-key').value.trim();
  if (!key) return;
  api.storeKey(key);
  $('api-key').value = '';
  await open();
}

/** Back to the login form with the reason, the key forgotten. */
function refuse(message) {
  generation++;
  api.forgetKey();
  show('login');
  $('login-error').textContent = message;
  $('login-error').hidden = false;
}

async function open() {
  $('login-error').hidden = true;
  state.catalogueProblem = null;
  try {
    await loadCatalogue();
  } catch (error) {
    if (error.status === 401) return; // refused by the 'unauthenticated' listener
    if (error.status === 403) {
      refuse('This key may not read insights: use a merchant-read key.');
      return;
    }
    // The catalogue is a convenience (labels, formats): the figures can still be read without it.
    state.catalogueProblem = `The metric catalogue could not be read (${error.message}); figures are shown without their formats.`;
  }
  show('loading');
  fillPickers();
  initialRange();
  await refresh();
}

async function loadCatalogue() {
  const answer = await api.metrics();
  state.catalogue = new Map(answer.metrics.map((m) => [m.name, m]));
  state.dimensions = answer.dimensions || DEFAULT_DIMENSIONS;
  const granularities = answer.granularities;
  if (granularities) {
    for (const option of $('granularity').options) option.disabled = !granularities.includes(option.value);
  }
}

function fillPickers() {
  const names = state.catalogue.size ? [...state.catalogue.keys()] : KPI_METRICS;
  for (const select of [$('chart-metric'), $('breakdown-metric')]) {
    const current = select.value || 'orders';
    select.replaceChildren(...names.map((name) => new Option(metricInfo(name).label, name)));
    select.value = names.includes(current) ? current : names[0];
  }
  const split = $('chart-split');
  const splitCurrent = split.value;
  split.replaceChildren(new Option('(none)', ''), ...state.dimensions.map((d) => new Option(humanise(d), d)));
  split.value = splitCurrent;
  const dimension = $('breakdown-dimension');
  const dimensionCurrent = dimension.value || 'channel';
  dimension.replaceChildren(...state.dimensions.map((d) => new Option(humanise(d), d)));
  dimension.value = state.dimensions.includes(dimensionCurrent) ? dimensionCurrent : state.dimensions[0];
}

/** Today in the merchant's zone once known (the API says it), else in the browser's. */
function today() {
  const options = state.timeZone ? { timeZone: state.timeZone } : {};
  try {
    return new Intl.DateTimeFormat('en-CA', options).format(new Date());
  } catch {
    return new Intl.DateTimeFormat('en-CA').format(new Date());
  }
}

function addDays(isoDate, days) {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Shows an ISO date in a date field, in the reader's order. */
function setDate(id, isoDate) {
  $(id).value = formatDate(isoDate, layout);
  $(id).removeAttribute('aria-invalid');
}

function initialRange() {
  const hash = new URLSearchParams(location.hash.slice(1));
  // The address holds ISO dates only, so a shared link means the same days in every locale.
  const iso = (text) => (/^\d{4}-\d{2}-\d{2}$/.test(text || '') ? parseDate(text, layout) : null);
  const to = iso(hash.get('to')) || today();
  setDate('to', to);
  setDate('from', iso(hash.get('from')) || addDays(to, -6));
  if (hash.get('granularity')) $('granularity').value = hash.get('granularity');
}

function preset(days) {
  const to = today();
  setDate('to', to);
  setDate('from', addDays(to, -(days - 1)));
  refresh();
}

/** Today or yesterday in the merchant's zone, by hour (issue 24). */
function dayPreset(daysBack) {
  const day = addDays(today(), -daysBack);
  setDate('from', day);
  setDate('to', day);
  $('granularity').value = 'hour';
  refresh();
}

/** The pickers' range as ISO dates; a date field that does not hold a real date gives null. */
function range() {
  return { from: parseDate($('from').value, layout), to: parseDate($('to').value, layout), granularity: $('granularity').value };
}

/** Marks the date fields that do not read as dates; says how to write one, or nothing when both read. */
function dateProblem({ from, to }) {
  const wrong = [['from', from, 'start'], ['to', to, 'end']].filter(([, iso]) => !iso);
  for (const id of ['from', 'to']) {
    if (wrong.some(([bad]) => bad === id)) $(id).setAttribute('aria-invalid', 'true');
    else $(id).removeAttribute('aria-invalid');
  }
  if (!wrong.length) return null;
  return `Write the ${wrong.map(([, , which]) => which).join(' and ')} date as ${layout.placeholder}, `
    + `for example ${formatDate(today(), layout)}.`;
}

/** Reloads every panel for the current pickers; a panel that fails says so and the others still show. */
async function refresh() {
  const { from, to, granularity } = range();
  const problem = dateProblem({ from, to });
  if (problem) {
    banner(problem);
    return;
  }
  if (to < from) {
    banner('The end date is before the start date.');
    return;
  }
  const mine = ++generation;
  banner(state.catalogueProblem);
  history.replaceState(null, '', `#from=${from}&to=${to}&granularity=${granularity}`);
  document.body.dataset.state = 'loading';
  const freshness = [];
  const panels = [
    loadKpis(from, to).then((answer) => answer && freshness.push(answer)),
    loadChart(from, to, granularity).then((answer) => answer && freshness.push(answer)),
    loadBreakdown(from, to).then((answer) => answer && freshness.push(answer)),
  ];
  await Promise.allSettled(panels);
  if (mine !== generation || !api.storedKey()) return;
  renderFreshness(freshness);
  document.body.dataset.state = 'ready';
}

async function loadKpis(from, to) {
  const container = $('kpis');
  try {
    const answer = await api.summary({ metrics: KPI_METRICS, from, to });
    remember(answer);
    container.replaceChildren(...answer.kpis.map((kpi) => tile(kpi, answer)));
    container.dataset.from = answer.from;
    container.dataset.to = answer.to;
    return answer;
  } catch (error) {
    container.replaceChildren(panelError('Key figures', error));
    return null;
  }
}

function tile(kpi, answer) {
  const metric = { ...metricInfo(kpi.metric), estimate: kpi.estimate ?? metricInfo(kpi.metric).estimate };
  const element = document.createElement('article');
  element.className = 'kpi';
  element.dataset.metric = kpi.metric;
  const title = document.createElement('h3');
  title.textContent = metric.label;
  if (metric.description) title.title = metric.description;
  const value = document.createElement('p');
  value.className = 'kpi-value';
  value.textContent = formatValue(kpi.value, metric);
  if (kpi.estimate && kpi.relative_error != null) {
    value.title = `Estimate, ±${formatNumber(kpi.relative_error, 'percent')} (relative error)`;
  }
  element.append(title, value);
  element.append(change(kpi.change_vs_previous_period, kpi.previous_period, metric, 'previous-period',
    answer.previous_period));
  element.append(change(kpi.change_vs_previous_year, kpi.previous_year, metric, 'previous-year', answer.previous_year));
  return element;
}

/** The comparison line of a tile: an arrow and a percentage per currency (money) or one for a number. */
function change(delta, previous, metric, kind, period) {
  const line = document.createElement('p');
  line.className = `kpi-change ${kind}`;
  const perCurrencyRelatives = delta ? perCurrency(delta.relative) : [];
  const relatives = perCurrencyRelatives.length ? perCurrencyRelatives : [[null, null]];
  for (const [currency, relative] of relatives) {
    const { arrow, text, direction } = formatChange(relative);
    const part = document.createElement('span');
    part.className = `change ${direction}`;
    if (currency) part.dataset.currency = currency;
    part.dataset.relative = relative ?? '';
    part.textContent = `${arrow}${text ? ` ${text}` : ''}${currency && relatives.length > 1 ? ` ${currency}` : ''}`;
    line.append(part, ' ');
  }
  const context = document.createElement('span');
  context.className = 'context';
  const what = kind === 'previous-period' ? 'vs previous period' : 'vs last year';
  const none = previous === null || previous === undefined
    || (typeof previous === 'object' && Object.keys(previous).length === 0);
  context.textContent = none ? `${what}: no data` : `${what} (${formatValue(previous, metric)})`;
  if (period) context.title = `${period.from} – ${period.to}`;
  line.append(context);
  return line;
}

async function loadChart(from, to, granularity) {
  const metric = $('chart-metric').value || 'orders';
  const split = $('chart-split').value;
  const error = $('chart-error');
  try {
    const answer = await api.timeseries({ metric, from, to, granularity, groupBy: split || undefined, top: SPLIT_TOP });
    remember(answer);
    if (!split) {
      // The previous period of the same number of days, ending the day before: drawn beside the current one.
      const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
      try {
        answer.previous = await api.timeseries({
          metric, from: addDays(from, -days), to: addDays(from, -1), granularity,
        });
      } catch {
        answer.previous = null; // the current period still shows
      }
    }
    error.hidden = true;
    $('chart').hidden = false;
    chart.render($('chart'), $('chart-table'), { granularity, ...answer, metric }, metricInfo(metric), state.timeZone);
    state.chartAnswer = { answer: { granularity, ...answer, metric }, metric, from, to };
    return answer;
  } catch (failure) {
    $('chart').hidden = true;
    $('chart-table').replaceChildren();
    error.textContent = `The time series could not be read: ${failure.message}`;
    error.hidden = false;
    return null;
  }
}

async function loadBreakdown(from, to) {
  const metric = $('breakdown-metric').value || 'orders';
  const dimension = $('breakdown-dimension').value || 'channel';
  const table = $('breakdown');
  const error = $('breakdown-error');
  try {
    const answer = await api.breakdown({ metric, dimension, from, to, top: BREAKDOWN_TOP });
    remember(answer);
    error.hidden = true;
    renderBreakdown(table, answer, metricInfo(metric));
    state.breakdownAnswer = { answer, metric, from, to };
    return answer;
  } catch (failure) {
    table.replaceChildren();
    error.textContent = `The breakdown could not be read: ${failure.message}`;
    error.hidden = false;
    return null;
  }
}

function renderBreakdown(table, answer, metric) {
  table.replaceChildren();
  table.dataset.dimension = answer.dimension;
  const head = table.createTHead().insertRow();
  for (const [text, className] of [[humanise(answer.dimension), ''], [metric.label, 'num'], ['Share', '']]) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.className = className;
    th.textContent = text;
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of answer.rows) {
    const tr = body.insertRow();
    tr.dataset.value = row.value;
    tr.insertCell().textContent = row.value;
    const value = tr.insertCell();
    value.className = 'num metric-value';
    value.textContent = formatValue(row.metric_value, metric);
    const share = tr.insertCell();
    share.className = 'share';
    const shares = perCurrency(row.share).filter(([, s]) => s !== null && s !== undefined);
    share.replaceChildren(...shares.map(([currency, s]) => bar(s, currency, shares.length > 1)));
    if (!shares.length) share.textContent = '–';
  }
  if (answer.total !== undefined) {
    const foot = table.createTFoot().insertRow();
    foot.insertCell().textContent = 'Total';
    const total = foot.insertCell();
    total.className = 'num total';
    total.textContent = formatValue(answer.total, metric);
    foot.insertCell();
  }
}

function bar(share, currency, labelled) {
  const wrap = document.createElement('span');
  wrap.className = 'share-bar';
  const fill = document.createElement('span');
  fill.className = 'fill';
  fill.style.width = `${Math.max(0, Math.min(1, share)) * 100}%`;
  const text = document.createElement('span');
  text.className = 'share-text';
  text.textContent = formatNumber(share, 'percent') + (labelled ? ` ${currency}` : '');
  wrap.append(fill, text);
  return wrap;
}

function renderFreshness(answers) {
  const line = $('freshness');
  const block = answers.map((a) => a.freshness).find(Boolean);
  if (!block) {
    line.textContent = 'Freshness unknown: no answer arrived.';
    return;
  }
  line.dataset.completeThrough = block.complete_through;
  line.dataset.lastRefresh = block.last_refresh;
  if (new Date(block.last_refresh).getTime() <= 0) {
    line.textContent = 'Not refreshed yet: the cubes have not been built since the system started.';
    return;
  }
  const pending = block.pending_hours ? ` · ${block.pending_hours} hour(s) of late events still being built` : '';
  line.textContent = `Complete through ${formatInstant(block.complete_through, state.timeZone)}, `
    + `refreshed ${formatAgo(block.last_refresh)}${pending}`;
  state.freshness = `complete through ${block.complete_through}, last refresh ${block.last_refresh}`
    + (block.pending_hours ? `, ${block.pending_hours} hour(s) pending` : '');
  line.title = `Last refresh ${formatInstant(block.last_refresh, state.timeZone)}`;
}

/** The merchant and zone of an answer, shown in the header and used for "today" and local times. */
function remember(answer) {
  if (answer.merchant_id) $('merchant').textContent = answer.merchant_id;
  rememberZone(answer.time_zone);
}

function rememberZone(zone) {
  if (!zone) return;
  state.timeZone = zone;
  sessionStorage.setItem(ZONE_ITEM, zone);
  $('time-zone').textContent = zone;
}

function panelError(what, error) {
  const p = document.createElement('p');
  p.className = 'error';
  p.textContent = `${what} could not be read: ${error.message}`;
  return p;
}

function banner(message) {
  $('banner').hidden = !message;
  $('banner').textContent = message || '';
}

function logout() {
  api.forgetKey();
  sessionStorage.removeItem(ZONE_ITEM);
  state.catalogue = new Map();
  show('login');
}

window.addEventListener('unauthenticated', () => refuse('This key was not accepted: it is unknown or revoked.'));
$('login-form').addEventListener('submit', login);
$('logout').addEventListener('click', logout);
$('controls').addEventListener('submit', (event) => { event.preventDefault(); refresh(); });
$('granularity').addEventListener('change', refresh);
for (const button of document.querySelectorAll('.presets button[data-days]')) {
  button.addEventListener('click', () => preset(Number(button.dataset.days)));
}
for (const button of document.querySelectorAll('.presets button[data-day]')) {
  button.addEventListener('click', () => dayPreset(Number(button.dataset.day)));
}
for (const id of ['from', 'to']) {
  $(id).placeholder = layout.placeholder;
  $(id).title = `A date as ${layout.placeholder}`;
  $('date-format').textContent = `Dates as ${layout.placeholder}.`;
  // The calendar button opens the browser's own date picker; the date it gives is shown in the reader's order.
  const picker = $(`${id}-picker`);
  const calendar = document.querySelector(`.calendar[data-for="${id}"]`);
  // A browser without showPicker has no way to open the hidden field's calendar: typing is the way there.
  calendar.hidden = typeof picker.showPicker !== 'function';
  calendar.addEventListener('click', () => {
    picker.value = parseDate($(id).value, layout) || '';
    try {
      picker.showPicker();
    } catch {
      // refused (no user gesture, a cross-origin frame): the field still takes typing
    }
  });
  picker.addEventListener('change', () => {
    if (!picker.value) return;
    setDate(id, picker.value);
    if (!dateProblem(range())) banner(state.catalogueProblem);
  });
}
/** What a download's first line says besides its content. */
const csvContext = (shown) => ({
  merchant: $('merchant').textContent, timeZone: state.timeZone, from: shown.from, to: shown.to,
  freshness: state.freshness,
});
$('chart-csv').addEventListener('click', () => {
  const shown = state.chartAnswer;
  if (!shown) return;
  csv.download(csv.chartCsv(shown.answer, shown.metric, csvContext(shown)),
    `${$('merchant').textContent || 'merchant'}-${shown.metric}-${shown.from}-${shown.to}.csv`);
});
$('breakdown-csv').addEventListener('click', () => {
  const shown = state.breakdownAnswer;
  if (!shown) return;
  csv.download(csv.breakdownCsv(shown.answer, shown.metric, csvContext(shown)),
    `${$('merchant').textContent || 'merchant'}-${shown.metric}-by-${shown.answer.dimension}-${shown.from}-${shown.to}.csv`);
});
/** Reloads one panel, with the page's state saying so (the browser test waits on it). */
async function reloadPanel(load) {
  const shown = range();
  const problem = dateProblem(shown);
  if (problem) {
    banner(problem);
    return;
  }
  banner(state.catalogueProblem);
  document.body.dataset.state = 'loading';
  await load(shown);
  document.body.dataset.state = 'ready';
}
for (const id of ['chart-metric', 'chart-split']) {
  $(id).addEventListener('change', () => reloadPanel((shown) => loadChart(shown.from, shown.to, shown.granularity)));
}
for (const id of ['breakdown-metric', 'breakdown-dimension']) {
  $(id).addEventListener('change', () => reloadPanel((shown) => loadBreakdown(shown.from, shown.to)));
}

if (api.storedKey()) open(); else show('login');
