// CSV downloads of the chart and the breakdown (issue 24): the numbers the API returned — counts as they are, money
// in its currency's minor units, one column per currency — bucket starts as the API gave them (the merchant's zone
// and offset), a comment line first with what the file holds and the freshness line, then a header row.
import { lines } from './chart.js';
import { perCurrency } from './format.js';

const cell = (value) => {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};
const row = (values) => values.map(cell).join(',');
const scalar = (raw) => (raw !== null && typeof raw === 'object' ? Object.values(raw)[0] : raw);

function comment(what, context) {
  return `# ${what}; merchant ${context.merchant || '?'}, ${context.from} to ${context.to}, time zone `
    + `${context.timeZone || '?'}; ${context.freshness || 'freshness unknown'}`;
}

/** The chart's answer: one row per bucket, a column per line (group and currency). */
export function chartCsv(answer, metricName, context) {
  const { starts, lines: all } = lines(answer);
  const header = ['bucket_start', ...all.map((line) => (line.currency ? `${line.name} minor units` : line.name))];
  const body = starts.map((start, i) => row([start, ...all.map((line) => scalar(line.raw[i]))]));
  return [comment(`${metricName} by ${answer.granularity}`, context), row(header), ...body].join('\r\n') + '\r\n';
}

/** The breakdown's answer: one row per value and currency, its share, and the total. */
export function breakdownCsv(answer, metricName, context) {
  const header = [answer.dimension, 'currency', metricName, 'share'];
  const body = [];
  for (const r of answer.rows) {
    const values = perCurrency(r.metric_value);
    const shares = new Map(perCurrency(r.share));
    if (values.length && values[0][0]) {
      for (const [currency, value] of values) body.push(row([r.value, currency, value, shares.get(currency)]));
    } else {
      body.push(row([r.value, '', r.metric_value, r.share]));
    }
  }
  if (answer.total !== undefined) {
    const totals = perCurrency(answer.total);
    if (totals.length && totals[0][0]) {
      for (const [currency, value] of totals) body.push(row(['(total)', currency, value, '']));
    } else {
      body.push(row(['(total)', '', answer.total, '']));
    }
  }
  return [comment(`${metricName} by ${answer.dimension}`, context), row(header), ...body].join('\r\n') + '\r\n';
}

/** Offers the text as a file. */
export function download(text, fileName) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
