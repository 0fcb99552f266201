// The console's only way to the server: the public HTTP API, same origin. Errors arrive as
// application/problem+json; ApiError keeps the document so a form can show each error at its field.

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || ('HTTP ' + status));
    this.status = status;
    this.problem = problem && typeof problem === 'object' ? problem : {detail: String(problem || '')};
  }

  /** True when this runtime does not serve the route (501 "not available in cluster mode"). */
  get notServedHere() {
    return this.status === 501;
  }

  /** The problem's field errors: [{field, message, ...}], possibly empty. */
  get fieldErrors() {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

/** fetch + JSON; throws ApiError on a status other than 2xx. */
export async function api(path, {method = 'GET', body, headers = {}} = {}) {
  const init = {method, headers: {'Accept': 'application/json', ...headers}};
  if (method !== 'GET') init.headers['X-Actor'] = actor();
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const r = await fetch(path, init);
  const text = await r.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      data = text;
    }
  }
  if (!r.ok) throw new ApiError(r.status, data);
  return data;
}

/** Like api(), but a failure becomes {error} so one panel's failure does not stop the page. */
export async function tryApi(path, options) {
  try {
    return {data: await api(path, options)};
  } catch (e) {
    return {error: e};
  }
}

/** encodeURIComponent, for path segments and query values. */
export const enc = encodeURIComponent;

const ACTOR_KEY = 'mercato.console.actor';

/** Who the audit log names for changes made from this browser (X-Actor); "console" until set. */
export function actor() {
  try {
    return (localStorage.getItem(ACTOR_KEY) || '').trim() || 'console';
  } catch (e) {
    return 'console';
  }
}

export function setActor(name) {
  try {
    localStorage.setItem(ACTOR_KEY, name.trim().slice(0, 128));
  } catch (e) {
    // storage disabled: changes are made as "console"
  }
}
