// The audit timeline (newest first, live over /v1/audit/stream) with undo: preview, a confirmation
// step, then the undo itself; a refusal (409) is shown with the server's reason.
import {h, fill, time} from '../dom.js';
import {api, tryApi, enc} from '../api.js';
import {errorBox, stream, confirmStep} from './common.js';

/**
 * Renders the timeline of campaign (or of every campaign when null) into el; onChange runs after each
 * new entry (a rule or another person changed something: the caller re-reads what it shows).
 * Returns {close, reload}.
 */
export function auditTimeline(el, campaign, onChange = () => {}) {
  const q = campaign ? '?campaign=' + enc(campaign) : '';
  let live = null;
  const list = h('ol', {class: 'timeline', id: 'audit-timeline'});
  const status = h('div', {class: 'audit-status'});
  fill(el, status, list);

  async function reload() {
    const r = await tryApi('/v1/audit' + (q ? q + '&' : '?') + 'limit=50');
    if (r.error) {
      fill(status, errorBox(r.error, 'The audit log'));
      return false;
    }
    fill(list, r.data.entries.map(entryItem));
    if (!r.data.entries.length) fill(status, h('p', {class: 'muted'}, 'No change yet.'));
    else fill(status);
    return true;
  }

  function entryItem(e) {
    const a = e.actor || {kind: '?'};
    const actor = (a.name && a.name !== a.kind ? a.kind + ' ' + a.name : a.kind)
      + (a.rule && a.kind !== 'rule' ? ' (plan of rule ' + a.rule + ')' : '');
    const li = h('li', {class: 'audit-entry outcome-' + e.outcome, 'data-audit-id': e.id},
      h('div', {class: 'audit-head'}, h('span', {class: 'mono'}, time(e.at)), ' · ', h('strong', {}, actor), ' · ',
        e.outcome, e.undone_by ? h('span', {class: 'muted'}, ' (undone by #' + e.undone_by + ')') : null),
      h('div', {}, (e.entity ? e.entity.kind + ' ' + e.entity.id + ': ' : ''), h('span', {class: 'mono'}, e.field), ' ',
        h('span', {class: 'mono'}, String(e.before ?? '—')), ' → ', h('span', {class: 'mono'}, String(e.after ?? '—')),
        e.clamped ? h('span', {class: 'clamped', title: e.clamp_note || ''}, ' clamped' + (e.clamp_note ? ': ' + e.clamp_note : '')) : null,
        e.undo_of ? h('span', {class: 'muted'}, ' (undo of #' + e.undo_of + ')') : null),
      e.reason ? h('div', {class: 'muted'}, e.reason) : null,
      e.kpis && e.kpis.values ? h('div', {class: 'muted small'}, 'saw ' + e.kpis.window + ' KPIs as of ' + time(e.kpis.watermark) + ': '
        + Object.entries(e.kpis.values).map(([k, v]) => k + ' ' + kpiValue(v)).join(', ')) : null);
    if (e.undoable) {
      const out = h('div', {class: 'undo-out'});
      li.append(h('button', {class: 'undo', 'data-undo': e.id, onclick: () => undo(e, li, out)}, 'Undo'), out);
    }
    return li;
  }

  async function undo(e, li, out) {
    fill(out);
    let preview;
    try {
      preview = await api('/v1/audit/' + e.id + '/undo?preview=true', {method: 'POST', body: {}});
    } catch (err) {
      fill(out, refusal(err));
      return;
    }
    const ok = await confirmStep(out, 'Undo change #' + e.id + '?', changeList(preview.changes, preview.notes));
    if (!ok) return;
    try {
      await api('/v1/audit/' + e.id + '/undo', {method: 'POST', body: {reason: 'undone from the console'}});
      await reload();
      await onChange();
    } catch (err) {
      fill(out, refusal(err));
    }
  }

  function refusal(err) {
    return h('p', {class: 'error', role: 'alert', 'data-undo-refused': 'true'},
      err.status === 409 ? 'Undo refused: ' + (err.problem.reason || err.message) : err.message);
  }

  reload().then(ok => {
    // the stream starts with the entries written after it opened: re-read at each (re)open to close the gap
    if (ok) {
      live = stream('/v1/audit/stream' + q, {audit: () => reload().then(onChange), run: () => {}}, null,
        () => reload().then(onChange));
    }
  });
  return {close: () => live && live.close(), reload};
}

/** A list of planned changes with their clamping notes. */
export function changeList(changes, notes) {
  return h('div', {class: 'changes'},
    h('ul', {}, (changes || []).map(c => h('li', {'data-change-field': c.field},
      (c.entity ? c.entity.kind + ' ' + c.entity.id + ': ' : '') + c.field + ' ' + (c.before ?? '—') + ' → ' + (c.after ?? '—')
      + (c.clamped ? ' (clamped' + (c.clamp_note ? ': ' + c.clamp_note : '') + ')' : '')))),
    (changes || []).length ? null : h('p', {class: 'muted'}, 'Nothing would change.'),
    (notes || []).length ? h('ul', {class: 'notes'}, notes.map(n => h('li', {}, n))) : null);
}

function kpiValue(v) {
  if (typeof v === 'number') return String(+v.toFixed(4));
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
