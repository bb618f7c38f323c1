// The time-series chart (Apache ECharts, served from its WebJar) and its data as a table for screen readers.
import * as echarts from './vendor/echarts/dist/echarts.esm.min.js';
import { minorUnitDigits, formatValue, formatNumber, formatBucket } from './format.js';

let chart = null;

/**
 * Lines of a timeseries answer, one per group and currency: {name, values: [number|null], raw: [value]}; money
 * becomes major units for the axis (the table keeps the exact minor units).
 */
export function lines(answer) {
  const series = answer.series || [{ metric: answer.metric, group: null, points: answer.points || [] }];
  const starts = series.length ? series[0].points.map((p) => p.start) : [];
  const result = [];
  for (const s of series) {
    const currencies = new Set();
    for (const p of s.points) {
      if (p.value !== null && typeof p.value === 'object') Object.keys(p.value).forEach((c) => currencies.add(c));
    }
    const base = s.group ?? s.metric;
    if (currencies.size === 0) {
      result.push({ name: base, currency: null, values: s.points.map((p) => p.value), raw: s.points.map((p) => p.value) });
    } else {
      for (const currency of [...currencies].sort()) {
        const scale = 10 ** minorUnitDigits(currency);
        result.push({
          name: `${base} (${currency})`,
          currency,
          values: s.points.map((p) => (p.value && p.value[currency] !== undefined ? p.value[currency] / scale : 0)),
          raw: s.points.map((p) => ({ [currency]: (p.value && p.value[currency]) || 0 })),
        });
      }
    }
  }
  return { starts, lines: result };
}

export function render(element, table, answer, metric, timeZone) {
  const { starts, lines: current } = lines(answer);
  // The previous period of the same length, bucket by bucket (issue 24): a dashed second series, in the legend.
  const previous = answer.previous ? lines(answer.previous).lines.map((line) => ({
    ...line,
    name: `${line.name} (previous period)`,
    previous: true,
    values: starts.map((s, i) => (i < line.values.length ? line.values[i] : null)),
    raw: starts.map((s, i) => (i < line.raw.length ? line.raw[i] : null)),
  })) : [];
  const all = [...current, ...previous];
  const labels = starts.map((s) => formatBucket(s, answer.granularity, timeZone));
  if (!chart) {
    chart = echarts.init(element, null, { renderer: 'canvas' });
    new ResizeObserver(() => chart.resize()).observe(element);
  }
  chart.setOption({
    animation: false,
    color: ['#2563eb', '#16a34a', '#ea580c', '#9333ea', '#0891b2', '#db2777', '#64748b'],
    tooltip: { trigger: 'axis' },
    legend: { show: all.length > 1, top: 0, type: 'scroll' },
    grid: { left: 56, right: 16, top: all.length > 1 ? 32 : 16, bottom: 32 },
    xAxis: { type: 'category', data: labels, boundaryGap: answer.granularity !== 'hour' },
    yAxis: { type: 'value', axisLabel: { formatter: (v) => formatAxis(v, metric) } },
    series: all.map((line) => ({
      name: line.name, type: answer.granularity === 'hour' || line.previous ? 'line' : 'bar', data: line.values,
      showSymbol: starts.length <= 60, barMaxWidth: 28,
      lineStyle: line.previous ? { type: 'dashed' } : undefined,
      tooltip: { valueFormatter: (v) => tooltipValue(v, line, metric) },
    })),
  }, { notMerge: true });
  renderTable(table, starts, labels, all, metric);
}

/** The tooltip shows the value as the tiles do: money with its currency (axis values are major units). */
function tooltipValue(value, line, metric) {
  if (value === null || value === undefined) return '–';
  if (line.currency) {
    return formatValue({ [line.currency]: Math.round(value * 10 ** minorUnitDigits(line.currency)) }, metric);
  }
  return formatNumber(value, metric && metric.format);
}

function formatAxis(value, metric) {
  if (metric && metric.format === 'percent') return `${Math.round(value * 1000) / 10}%`;
  return new Intl.NumberFormat(navigator.language || 'en', { notation: 'compact' }).format(value);
}

function renderTable(table, starts, labels, all, metric) {
  table.replaceChildren();
  const head = table.createTHead().insertRow();
  head.append(th('Period'), ...all.map((line) => th(line.name, 'num')));
  const body = table.createTBody();
  starts.forEach((start, i) => {
    const row = body.insertRow();
    row.dataset.start = start;
    const label = row.insertCell();
    label.textContent = labels[i];
    all.forEach((line) => {
      const cell = row.insertCell();
      cell.className = 'num';
      cell.dataset.series = line.name;
      cell.textContent = formatValue(line.raw[i], metric && { ...metric, estimate: false });
    });
  });
}

function th(text, className = '') {
  const cell = document.createElement('th');
  cell.scope = 'col';
  cell.className = className;
  cell.textContent = text;
  return cell;
}
