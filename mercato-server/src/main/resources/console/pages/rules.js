// Rules: the list (enable/disable and mode in place), and the editor of a new or saved rule with the
// server's validation at each field (a CEL error at its line and column), a preview of what the rule
// would do right now, its versions and its run history.
import {h, fill, time, table, panel} from '../dom.js';
import {api, tryApi, enc} from '../api.js';
import {errorBox, showProblem, clearProblem} from './common.js';
import {changeList} from './audit.js';
import {approvalsPanel} from './approvals.js';

const MODES = ['notify_only', 'dry_run', 'auto', 'require_approval'];
const EXAMPLE_ACTIONS = [{type: 'change_discount', target: 'campaign', how: 'add', amount: 5, min: null, max: 30}];

export function render(main, [id]) {
  const listBox = h('div', {id: 'rule-list'});
  const editorBox = h('div', {id: 'rule-editor'});
  const previewBox = h('div', {id: 'rule-preview'});
  const historyBox = h('div', {id: 'rule-history'});
  const approvalsBox = h('div', {id: 'rule-approvals'});
  fill(main, h('h1', {}, 'Rules'), panel('Rules', listBox), panel('Waiting for approval', approvalsBox),
    panel(id ? 'Edit rule ' + id : 'New rule', editorBox), panel('Preview: what this rule would do now', previewBox),
    id ? panel('Versions and runs', historyBox) : null);

  async function loadList() {
    const r = await tryApi('/v1/rules');
    if (r.error) {
      fill(listBox, errorBox(r.error, 'The rules'));
      return;
    }
    fill(listBox, table(['rule', 'condition', 'window', 'trigger', 'mode', 'enabled', ''], r.data.rules.map(x => {
      const mode = h('select', {'data-rule-mode': x.id, 'aria-label': 'mode of ' + x.id},
        MODES.map(m => h('option', {value: m, selected: m === x.mode}, m)));
      mode.addEventListener('change', () => save({...x, mode: mode.value}, x.version, listBox));
      return [h('a', {href: '#/rules/' + enc(x.id)}, x.name || x.id, ' @' + x.version), h('code', {}, x.condition), x.window,
        trigger(x.trigger), mode, x.enabled ? 'yes' : 'no',
        h('button', {'data-rule-toggle': x.id, onclick: () => save({...x, enabled: !x.enabled}, x.version, listBox)},
          x.enabled ? 'Disable' : 'Enable')];
    }), {id: 'rules-table'}));
  }

  async function save(rule, basedOn, where) {
    const body = strip(rule);
    try {
      const res = await api('/v1/rules/' + enc(rule.id) + (basedOn ? '?based_on=' + basedOn : ''), {method: 'PUT', body});
      await loadList();
      return res;
    } catch (err) {
      where.prepend(errorBox(err, 'The change'));
      return null;
    }
  }

  // ---- editor ----
  const f = h('form', {id: 'rule-form', class: 'rule-form', novalidate: true});
  const summary = h('div', {id: 'rule-form-errors'});
  const saved = h('div', {id: 'rule-saved'});
  const inputs = {
    id: h('input', {'data-field': 'id', name: 'id', placeholder: 'low-cvr', required: true}),
    name: h('input', {'data-field': 'name', name: 'name', size: 40}),
    enabled: h('input', {'data-field': 'enabled', name: 'enabled', type: 'checkbox', checked: true}),
    mode: h('select', {'data-field': 'mode', name: 'mode'}, MODES.map(m => h('option', {value: m, selected: m === 'dry_run'}, m))),
    campaignIds: h('input', {'data-field': 'scope.campaign_ids', name: 'campaign_ids', placeholder: 'ids, comma separated (empty: by condition)', size: 40}),
    scopeCondition: h('input', {'data-field': 'scope.condition', name: 'scope_condition', placeholder: 'campaign.status == "active"', size: 40}),
    excluded: h('input', {'data-field': 'scope.excluded_ids', name: 'excluded_ids', size: 40}),
    window: h('select', {'data-field': 'window', name: 'window'}, ['10m', '1h', '24h', '7d'].map(w => h('option', {value: w}, w))),
    condition: h('textarea', {'data-field': 'condition', name: 'condition', rows: 3, cols: 60, spellcheck: 'false',
      placeholder: 'cvr < 0.02 && clicks >= 100'}),
    minImpressions: h('input', {'data-field': 'min_sample.impressions', name: 'min_impressions', type: 'number', value: '0', size: 6}),
    minClicks: h('input', {'data-field': 'min_sample.clicks', name: 'min_clicks', type: 'number', value: '0', size: 6}),
    minConversions: h('input', {'data-field': 'min_sample.conversions', name: 'min_conversions', type: 'number', value: '0', size: 6}),
    triggerKind: h('select', {'data-field': 'trigger', name: 'trigger_kind'},
      [['every', 'every'], ['cron', 'cron'], ['on_kpi_change', 'on KPI change, at most every']].map(([v, l]) => h('option', {value: v}, l))),
    triggerValue: h('input', {'data-field': 'trigger.every', name: 'trigger_value', value: '1m', size: 16}),
    timeZone: h('input', {'data-field': 'trigger.time_zone', name: 'time_zone', placeholder: 'time zone (cron)', size: 14}),
    cooldown: h('input', {'data-field': 'cooldown', name: 'cooldown', value: '30m', size: 6}),
    maxPerDay: h('input', {'data-field': 'max_actions_per_day', name: 'max_actions_per_day', type: 'number', value: '3', size: 4}),
    actions: h('textarea', {'data-field': 'actions', name: 'actions', rows: 6, cols: 60, spellcheck: 'false'}),
    approvalTtl: h('input', {'data-field': 'approval_ttl', name: 'approval_ttl', value: '1d', size: 6}),
  };
  inputs.actions.value = JSON.stringify(EXAMPLE_ACTIONS, null, 1);
  inputs.triggerKind.addEventListener('change', () => {
    inputs.triggerValue.dataset.field = 'trigger.' + inputs.triggerKind.value;
  });
  let editing = null;
  const row = (label, ...els) => h('div', {class: 'form-row'}, h('label', {}, label), h('div', {}, els));
  fill(f,
    row('Id', inputs.id), row('Name', inputs.name), row('Enabled', inputs.enabled), row('Mode', inputs.mode),
    row('Campaigns', inputs.campaignIds), row('…or campaigns where', inputs.scopeCondition), row('Except', inputs.excluded),
    row('KPI window', inputs.window),
    row('Condition (CEL)', inputs.condition, h('div', {class: 'muted small'},
      'Variables: participants, impressions, clicks, conversions, revenue, spend, ctr, cvr, cpa, budget_left, '
      + 'daily_budget_left, spent_today, time_elapsed, pacing, discount, end, goals.<name>.share / .on_pace')),
    row('Minimum sample', 'impressions ', inputs.minImpressions, ' clicks ', inputs.minClicks, ' conversions ', inputs.minConversions),
    row('Trigger', inputs.triggerKind, ' ', inputs.triggerValue, ' ', inputs.timeZone),
    row('Cooldown', inputs.cooldown, ' max actions per day ', inputs.maxPerDay),
    row('Actions (JSON)', inputs.actions), row('Approval expires after', inputs.approvalTtl),
    summary,
    h('div', {class: 'form-row'}, h('span', {}),
      h('div', {}, h('button', {type: 'button', id: 'rule-preview-button', onclick: preview}, 'Preview'), ' ',
        h('button', {type: 'submit', class: 'primary', id: 'rule-save'}, 'Save'))),
    saved);
  fill(editorBox, f);

  /** The rule as the form holds it; a field the form cannot parse is reported at that field. */
  function readForm() {
    const list = v => v.split(',').map(s => s.trim()).filter(Boolean);
    let actions;
    try {
      actions = JSON.parse(inputs.actions.value || '[]');
    } catch (e) {
      const err = {message: 'Actions are not valid JSON', problem: {}, fieldErrors: [{field: 'actions', message: e.message}]};
      throw err;
    }
    const kind = inputs.triggerKind.value;
    const trig = {[kind]: inputs.triggerValue.value.trim()};
    if (kind === 'cron' && inputs.timeZone.value.trim()) trig.time_zone = inputs.timeZone.value.trim();
    const rule = {
      id: inputs.id.value.trim(), name: inputs.name.value.trim() || inputs.id.value.trim(), enabled: inputs.enabled.checked,
      scope: {campaign_ids: list(inputs.campaignIds.value), condition: inputs.scopeCondition.value.trim() || null,
        excluded_ids: list(inputs.excluded.value), ads: false, ad_condition: null},
      window: inputs.window.value, condition: inputs.condition.value,
      min_sample: {impressions: Number(inputs.minImpressions.value || 0), clicks: Number(inputs.minClicks.value || 0),
        conversions: Number(inputs.minConversions.value || 0)},
      trigger: trig, cooldown: inputs.cooldown.value.trim(), max_actions_per_day: Number(inputs.maxPerDay.value || 0),
      actions, mode: inputs.mode.value, approval_ttl: inputs.approvalTtl.value.trim() || null,
    };
    if (editing && editing.scope) {
      rule.scope.ads = editing.scope.ads;
      rule.scope.ad_condition = editing.scope.ad_condition;
    }
    return rule;
  }

  function fillForm(x) {
    editing = x;
    inputs.id.value = x.id;
    inputs.id.readOnly = true;
    inputs.name.value = x.name || '';
    inputs.enabled.checked = !!x.enabled;
    inputs.mode.value = x.mode;
    inputs.campaignIds.value = (x.scope.campaign_ids || []).join(', ');
    inputs.scopeCondition.value = x.scope.condition || '';
    inputs.excluded.value = (x.scope.excluded_ids || []).join(', ');
    inputs.window.value = x.window;
    inputs.condition.value = x.condition;
    inputs.minImpressions.value = x.min_sample ? x.min_sample.impressions : 0;
    inputs.minClicks.value = x.min_sample ? x.min_sample.clicks : 0;
    inputs.minConversions.value = x.min_sample ? x.min_sample.conversions : 0;
    const kind = Object.keys(x.trigger).find(k => k !== 'time_zone');
    inputs.triggerKind.value = kind;
    inputs.triggerValue.dataset.field = 'trigger.' + kind;
    inputs.triggerValue.value = x.trigger[kind];
    inputs.timeZone.value = x.trigger.time_zone || '';
    inputs.cooldown.value = x.cooldown || '';
    inputs.maxPerDay.value = x.max_actions_per_day;
    inputs.actions.value = JSON.stringify(x.actions, null, 1);
    inputs.approvalTtl.value = x.approval_ttl || '';
  }

  async function preview() {
    clearProblem(f);
    fill(summary);
    let rule;
    try {
      rule = readForm();
    } catch (err) {
      showProblem(f, err, summary);
      return;
    }
    try {
      const p = await api('/v1/rules/preview', {method: 'POST', body: rule});
      fill(previewBox, h('p', {class: 'muted'}, p.rule + ' at ' + time(p.at)),
        table(['campaign', 'sample', 'condition', 'would change', 'notes'], p.decisions.map(d => [
          h('a', {href: '#/campaigns/' + enc(d.campaign_id)}, d.campaign_id),
          d.sample_met ? 'enough' : 'too small', d.error ? h('span', {class: 'error'}, d.error) : (d.matched ? 'true' : 'false'),
          changeList(d.changes, []), (d.notes || []).concat(d.notifications || []).join('; ')]), {id: 'preview-table'}));
    } catch (err) {
      showProblem(f, err, summary);
    }
  }

  f.addEventListener('submit', async ev => {
    ev.preventDefault();
    clearProblem(f);
    fill(summary);
    fill(saved);
    let rule;
    try {
      rule = readForm();
    } catch (err) {
      showProblem(f, err, summary);
      return;
    }
    try {
      const res = editing
        ? await api('/v1/rules/' + enc(editing.id) + '?based_on=' + editing.version, {method: 'PUT', body: rule})
        : await api('/v1/rules', {method: 'POST', body: rule});
      fill(saved, h('p', {class: 'ok', role: 'status', 'data-saved': res.rule.id + '@' + res.rule.version},
        'Saved ' + res.rule.id + ' version ' + res.rule.version + '.'),
        (res.conflicts || []).map(c => h('p', {class: 'warning'}, 'Conflict with ' + c.other + ' on ' + c.field + ': ' + c.message)),
        (res.warnings || []).map(w => h('p', {class: 'warning'}, w)));
      fillForm(res.rule);
      await loadList();
      if (id) loadHistory();
    } catch (err) {
      showProblem(f, err, summary);
    }
  });

  async function loadHistory() {
    const [v, runs] = await Promise.all([tryApi('/v1/rules/' + enc(id) + '/versions'), tryApi('/v1/rules/' + enc(id) + '/runs?limit=50')]);
    fill(historyBox,
      h('h3', {}, 'Versions'), v.error ? errorBox(v.error, 'The versions') : table(['version', 'saved', 'by', 'enabled', 'mode', 'condition'],
        v.data.versions.slice().reverse().map(x => ['@' + x.version, time(x.created_at), x.author || '—', x.enabled ? 'yes' : 'no', x.mode,
          h('code', {}, x.condition)])),
      h('h3', {}, 'Runs'), runs.error ? errorBox(runs.error, 'The runs') : table(['at', 'rule', 'campaign', 'outcome', 'detail'],
        runs.data.runs.map(x => [time(x.at), x.rule, x.campaign_id, x.outcome, x.detail || '']), {id: 'runs-table'}));
  }

  loadList();
  const approvals = approvalsPanel(approvalsBox, null);
  if (id) {
    api('/v1/rules/' + enc(id)).then(fillForm, err => fill(editorBox, errorBox(err, 'Rule ' + id)));
    loadHistory();
  }
  const timer = setInterval(() => {
    approvals.reload();
    if (id) loadHistory();
  }, 5000);
  return () => clearInterval(timer);
}

function trigger(t) {
  if (!t) return '—';
  if (t.every) return 'every ' + t.every;
  if (t.cron) return 'cron ' + t.cron + (t.time_zone ? ' ' + t.time_zone : '');
  if (t.on_kpi_change) return 'on KPI change (≤ every ' + t.on_kpi_change + ')';
  return JSON.stringify(t);
}

/** A saved rule without its server-set members, ready to PUT as the next version. */
function strip(x) {
  const {version, created_at, author, format, ...rest} = x;
  return rest;
}
