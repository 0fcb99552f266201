// Changes planned by rules in require_approval mode: each with what it would change and when it
// expires; Approve applies it through the server's guarded path, Reject closes it (both after a
// confirmation step). A plan whose field changed since is refused by the server (409), shown here.
import {h, fill, time} from '../dom.js';
import {api, tryApi, enc} from '../api.js';
import {errorBox, confirmStep} from './common.js';
import {changeList} from './audit.js';

/** Renders the pending approvals (of campaign, or all when null) into el; returns {reload}. */
export function approvalsPanel(el, campaign, onDecided = () => {}) {
  async function reload() {
    const r = await tryApi('/v1/approvals?status=pending&limit=50');
    if (r.error) {
      fill(el, errorBox(r.error, 'The approvals'));
      return;
    }
    const list = (r.data.approvals || []).filter(a => !campaign || a.campaign_id === campaign);
    fill(el, list.length ? h('ul', {class: 'approvals', id: 'approvals'}, list.map(item))
      : h('p', {class: 'muted', id: 'approvals'}, 'No change waits for approval.'));
  }

  function item(a) {
    const out = h('div', {class: 'approval-out'});
    const decide = async (verb) => {
      fill(out);
      const ok = await confirmStep(out, (verb === 'approve' ? 'Apply' : 'Reject') + ' the plan of ' + a.rule + '?',
        changeList(a.changes, []));
      if (!ok) return;
      try {
        await api('/v1/approvals/' + a.id + '/' + verb, {method: 'POST', body: verb === 'reject' ? {reason: 'rejected in the console'} : {}});
        await reload();
        await onDecided();
      } catch (err) {
        fill(out, h('p', {class: 'error', role: 'alert'}, err.status === 409
          ? 'Refused: ' + (err.problem.status_detail || err.problem.detail || err.message) : err.message));
      }
    };
    return h('li', {class: 'approval', 'data-approval-id': a.id},
      h('div', {}, h('strong', {}, a.rule), ' for ', h('a', {href: '#/campaigns/' + enc(a.campaign_id)}, a.campaign_id),
        h('span', {class: 'muted'}, ' · planned ' + time(a.created_at) + ' · expires ' + time(a.expires_at))),
      changeList(a.changes, []),
      h('button', {class: 'primary', 'data-approve': a.id, onclick: () => decide('approve')}, 'Approve'), ' ',
      h('button', {'data-reject': a.id, onclick: () => decide('reject')}, 'Reject'),
      out);
  }

  reload();
  return {reload};
}
