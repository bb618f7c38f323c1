// Numbers as a merchant reads them, in the browser's locale. Money arrives as integer minor units per currency
// ({"INR": 123400}); the currency's own exponent (2 for INR, 0 for JPY, 3 for KWD) comes from Intl.
const locale = () => navigator.language || 'en';

/** [[currency, number], ...] for a money object, [[null, number]] for a plain number. */
export function perCurrency(value) {
  if (value !== null && typeof value === 'object') {
    return Object.keys(value).sort().map((currency) => [currency, value[currency]]);
  }
  return [[null, value]];
}

export function minorUnitDigits(currency) {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
}

/** A money amount given in minor units, e.g. 123400 INR → "₹1,234.00". */
export function formatMoney(minorUnits, currency) {
  const digits = minorUnitDigits(currency);
  return new Intl.NumberFormat(locale(), { style: 'currency', currency }).format(minorUnits / 10 ** digits);
}

/** One plain number in the metric's declared format (integer, decimal, percent, currency). */
export function formatNumber(number, format) {
  if (number === null || number === undefined || Number.isNaN(number)) return '–';
  switch (format) {
    case 'percent':
      return new Intl.NumberFormat(locale(), { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 })
        .format(number);
    case 'decimal':
      return new Intl.NumberFormat(locale(), { maximumFractionDigits: 2 }).format(number);
    default:
      return new Intl.NumberFormat(locale(), { maximumFractionDigits: 0 }).format(number);
  }
}

/**
 * A metric's value as text: money per currency, estimates marked "≈". {@code metric} is the catalogue entry
 * (may be a stand-in when the catalogue could not be read).
 */
export function formatValue(value, metric) {
  if (value === null || value === undefined) return '–';
  const prefix = metric && metric.estimate ? '≈ ' : '';
  if (typeof value === 'object') {
    const parts = perCurrency(value).map(([currency, minor]) => (minor === null || minor === undefined
      ? `– ${currency}` : formatMoney(minor, currency)));
    return parts.length ? prefix + parts.join(' · ') : '–';
  }
  return prefix + formatNumber(value, metric && metric.format);
}

/** A relative change as an arrow and a signed percentage: ▲ 20.0 %, ▼ 3.1 %, or – without a previous value. */
export function formatChange(relative) {
  if (relative === null || relative === undefined || !Number.isFinite(relative)) {
    return { arrow: '–', text: '', direction: 'none' };
  }
  const direction = relative > 0 ? 'up' : relative < 0 ? 'down' : 'flat';
  const arrow = { up: '▲', down: '▼', flat: '▶' }[direction];
  const text = new Intl.NumberFormat(locale(), {
    style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero',
  }).format(relative);
  return { arrow, text, direction };
}

/** An instant with offset, shown in the merchant's zone: "1 Dec 2026, 19:15". */
export function formatInstant(iso, timeZone) {
  if (!iso) return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options = { dateStyle: 'medium', timeStyle: 'short' };
  try {
    return new Intl.DateTimeFormat(locale(), { ...options, timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(locale(), options).format(date);
  }
}

/** How long ago an instant was: "2 min ago". */
export function formatAgo(iso, now = Date.now()) {
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (!Number.isFinite(seconds)) return '–';
  const relative = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' });
  if (Math.abs(seconds) < 60) return relative.format(-seconds, 'second');
  if (Math.abs(seconds) < 3600) return relative.format(-Math.round(seconds / 60), 'minute');
  if (Math.abs(seconds) < 86400) return relative.format(-Math.round(seconds / 3600), 'hour');
  return relative.format(-Math.round(seconds / 86400), 'day');
}

/** A bucket start as a label for the granularity: hours show the time, days the date, months the month. */
export function formatBucket(start, granularity, timeZone) {
  if (granularity === 'hour') {
    const date = new Date(start);
    if (Number.isNaN(date.getTime())) return start;
    try {
      return new Intl.DateTimeFormat(locale(), { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone })
        .format(date);
    } catch {
      return start;
    }
  }
  // A local date: format it as a calendar date, without shifting it through any zone.
  const [year, month, day] = start.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  // Days in the reader's locale's own order (en-IN: day/month/year).
  const options = granularity === 'month'
    ? { year: 'numeric', month: 'short' }
    : { day: '2-digit', month: '2-digit', year: 'numeric' };
  return new Intl.DateTimeFormat(locale(), { ...options, timeZone: 'UTC' }).format(date);
}
