// The insights API as the page calls it: same origin, the merchant-read key as a bearer token.
const KEY_ITEM = 'merchant-insights.api-key';

/** An answer other than 2xx, carrying the API's error body ({code, message, field, request_id}). */
export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.code = body && body.code;
    this.field = body && body.field;
    this.requestId = body && body.request_id;
  }
}

export const storedKey = () => sessionStorage.getItem(KEY_ITEM);
export const storeKey = (key) => sessionStorage.setItem(KEY_ITEM, key);
export const forgetKey = () => sessionStorage.removeItem(KEY_ITEM);

/** GET path with params (undefined and empty values left out); resolves to the parsed JSON body. */
export async function get(path, params = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(name, value);
  }
  const url = [...query].length ? `${path}?${query}` : path;
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${storedKey()}`, Accept: 'application/json' },
    cache: 'no-cache',
  });
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (response.status === 401) {
    // The key is unknown or was revoked: the page goes back to its login form (app.js listens).
    window.dispatchEvent(new CustomEvent('unauthenticated', { detail: new ApiError(response.status, body) }));
  }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

export const metrics = () => get('/v1/metrics');

export const summary = ({ metrics: names, from, to }) =>
  get('/v1/insights/summary', { metrics: names.join(','), from, to });

export const timeseries = ({ metric, from, to, granularity, groupBy, top }) =>
  get('/v1/insights/timeseries', { metric, from, to, granularity, group_by: groupBy, top: groupBy ? top : undefined });

export const breakdown = ({ metric, dimension, from, to, top }) =>
  get('/v1/insights/breakdown', { metric, dimension, from, to, top });
