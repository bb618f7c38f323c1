// Dates as the reader writes them (issue 24): the date fields show and accept the locale's own numeric order
// (en-IN dd/mm/yyyy, en-US mm/dd/yyyy, ja yyyy/mm/dd, de dd.mm.yyyy) whatever the browser's date widget would show;
// the page keeps ISO dates (yyyy-mm-dd) for the API and the address.
const locale = () => navigator.language || 'en';
const FIELD_TEXT = { day: 'dd', month: 'mm', year: 'yyyy' };
const BIDI_MARKS = /[\u200e\u200f\u061c\u2066-\u2069]/g;
/** The first code point of each run of ten digits an input method may type: Arabic-Indic, Persian, full-width. */
const DIGIT_ZEROS = [0x0660, 0x06f0, 0xff10];

/** The locale's numeric date layout: the order of day, month and year, the separator, and a placeholder. */
export function dateLayout(lang = locale()) {
  let parts;
  try {
    parts = new Intl.DateTimeFormat(lang, {
      day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC', numberingSystem: 'latn', calendar: 'gregory',
    }).formatToParts(new Date(Date.UTC(2033, 10, 22)));
  } catch {
    return dateLayout('en-GB');
  }
  const order = parts.filter((part) => part.type in FIELD_TEXT).map((part) => part.type);
  if (order.length !== 3) return dateLayout('en-GB');
  // The literal between the first two fields ("/", ".", "-"); trailing ones ("г.") are not needed to read a date.
  const first = parts.findIndex((part) => part.type in FIELD_TEXT);
  const between = parts[first + 1];
  // Direction marks (ar-EG writes "22\u200f/11\u200f/2033") would scramble the text in a left-to-right field.
  const literal = between && between.type === 'literal' ? between.value.replace(BIDI_MARKS, '') : '';
  const separator = literal.trim() || literal || '/';
  return { order, separator, placeholder: order.map((type) => FIELD_TEXT[type]).join(separator) };
}

/** An ISO date (2026-12-04) as the locale writes it (04/12/2026 in en-IN). */
export function formatDate(isoDate, layout = dateLayout()) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate || '');
  if (!match) return '';
  const values = { year: match[1], month: match[2], day: match[3] };
  return layout.order.map((type) => values[type]).join(layout.separator);
}

/**
 * A date as the reader typed it, in the locale's order, as an ISO date; null when it is not a real calendar date.
 * Any non-digit separates the fields, so "4/12/2026", "04-12-2026" and "04.12.2026" all read in en-IN, and so do eight
 * digits in the locale's order ("04122026") and Arabic-Indic, Persian or full-width digits; an ISO date (four digits
 * first) is read as such in every locale. Years have four digits: "04/12/26" is ambiguous and refused.
 */
export function parseDate(text, layout = dateLayout()) {
  const ascii = [...String(text ?? '')].map((c) => {
    const code = c.codePointAt(0);
    const zero = DIGIT_ZEROS.find((z) => code >= z && code <= z + 9);
    return zero === undefined ? c : String(code - zero);
  }).join('');
  let groups = ascii.trim().split(/\D+/).filter(Boolean);
  if (groups.length === 1 && groups[0].length === 8) {
    // Eight digits in the locale's order, as a phone's number pad types them (04122026 in en-IN).
    const widths = layout.order.map((type) => (type === 'year' ? 4 : 2));
    let at = 0;
    groups = widths.map((width) => groups[0].slice(at, (at += width)));
    if (layout.order[0] === 'year') return parseDate(groups.join('-'), layout);
  }
  if (groups.length !== 3) return null;
  const order = groups[0].length === 4 ? ['year', 'month', 'day'] : layout.order;
  const values = {};
  order.forEach((type, i) => { values[type] = groups[i]; });
  if (values.year.length !== 4 || values.month.length > 2 || values.day.length > 2) return null;
  const [year, month, day] = [Number(values.year), Number(values.month), Number(values.day)];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}
