// Pieces shared by the pages: error boxes that say when a runtime cannot serve a panel, an
// EventSource that is closed when the page goes, field errors of a problem document.
import {h, fill} from '../dom.js';

/** What a panel shows when its read failed; a 501 says the runtime cannot serve it. */
export function errorBox(err, what) {
  if (err && err.notServedHere) {
    return h('p', {class: 'notice', 'data-not-served': 'true'},
      (what ? what + ' is not available in this runtime: ' : 'Not available in this runtime: ') + err.message);
  }
  const status = err && err.status ? 'HTTP ' + err.status + ': ' : '';
  return h('p', {class: 'error', role: 'alert'}, (what ? what + ' could not be read. ' : '') + status
    + (err ? err.message : 'unknown error'));
}

/** Shows err's field errors at the inputs of form whose data-field matches, and the rest above. */
export function showProblem(form, err, summaryEl) {
  clearProblem(form);
  const fields = err.fieldErrors || [];
  const unplaced = [];
  for (const fe of fields) {
    const input = findField(form, fe.field);
    if (input) {
      const pos = err.problem.positions && err.problem.positions[fe.field];
      input.classList.add('invalid');
      input.setAttribute('aria-invalid', 'true');
      const line = pos && typeof input.value === 'string' ? input.value.split('\n')[pos.line - 1] : null;
      const msg = h('div', {class: 'field-error', 'data-error-for': fe.field, role: 'alert'},
        pos ? 'line ' + pos.line + ', column ' + pos.column + ': ' : '', fe.message,
        line !== null && line !== undefined ? h('pre', {class: 'caret'}, line + '\n' + ' '.repeat(Math.max(0, pos.column - 1)) + '^') : null);
      input.insertAdjacentElement('afterend', msg);
      if (pos && typeof input.setSelectionRange === 'function') {
        input.dataset.errorOffset = String(pos.offset);
        input.setSelectionRange(pos.offset, Math.min(input.value.length, pos.offset + 1));
      }
    } else {
      unplaced.push(fe.field + ': ' + fe.message);
    }
  }
  if (summaryEl) {
    fill(summaryEl, !fields.length || unplaced.length
      ? h('div', {class: 'error', role: 'alert'}, err.message, unplaced.length ? h('ul', {}, unplaced.map(u => h('li', {}, u))) : null)
      : null);
  }
}

export function clearProblem(form) {
  form.querySelectorAll('.field-error').forEach(e => e.remove());
  form.querySelectorAll('.invalid').forEach(e => {
    e.classList.remove('invalid');
    e.removeAttribute('aria-invalid');
  });
}

/** The input for a problem's field name: exact data-field, else the longest data-field prefix. */
function findField(form, field) {
  const all = [...form.querySelectorAll('[data-field]')];
  let best = null;
  for (const el of all) {
    const f = el.dataset.field;
    if (f === field) return el;
    if (field.startsWith(f + '.') || field.startsWith(f + '[')) {
      if (!best || f.length > best.dataset.field.length) best = el;
    }
  }
  return best;
}

/**
 * An EventSource on url whose named events call events[name](parsed data); onOpen runs at each
 * (re)connection, so a caller can re-read what may have changed before the stream started. Callers
 * open it after a plain GET of the same resource succeeded, so a route this runtime lacks gives a
 * message, not a browser console error. Returns {close()}.
 */
export function stream(url, events, onOpenError, onOpen) {
  let es = null;
  let closed = false;
  es = new EventSource(url);
  if (onOpen) es.onopen = onOpen;
  for (const [name, fn] of Object.entries(events)) {
    es.addEventListener(name, e => {
      let data;
      try {
        data = JSON.parse(e.data);
      } catch (x) {
        return;
      }
      fn(data);
    });
  }
  es.onerror = () => {
    if (!closed && onOpenError && es.readyState === EventSource.CLOSED) onOpenError();
  };
  return {
    close() {
      closed = true;
      if (es) es.close();
    },
  };
}

/** A confirmation step inside the page: resolves true when the person confirms. */
export function confirmStep(container, question, detail) {
  return new Promise(resolve => {
    const box = h('div', {class: 'confirm', role: 'dialog', 'aria-label': 'confirm'},
      h('p', {}, question), detail ? h('div', {class: 'confirm-detail'}, detail) : null,
      h('button', {class: 'primary', 'data-confirm': 'yes', onclick: () => {
        box.remove();
        resolve(true);
      }}, 'Confirm'),
      h('button', {'data-confirm': 'no', onclick: () => {
        box.remove();
        resolve(false);
      }}, 'Cancel'));
    container.querySelectorAll('.confirm').forEach(c => c.remove());
    container.append(box);
  });
}
