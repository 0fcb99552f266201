// One campaign: live KPIs over /v1/campaigns/{id}/kpis/stream (tiles and charts), goals on pace,
// its ads, the controls (every change is previewed, confirmed, then applied by the server within its
// guardrails; refusals are shown at the field), its rules, and its audit timeline with undo.
import {h, fill, num, money, pct, time, tile, table, panel, asOf} from '../dom.js';
import {api, tryApi, enc} from '../api.js';
import {lineChart} from '../charts.js';
import {errorBox, stream, showProblem, clearProblem, confirmStep} from './common.js';
import {goals} from './campaigns.js';
import {auditTimeline, changeList} from './audit.js';
import {approvalsPanel} from './approvals.js';

export function render(main, [id]) {
  const head = h('div', {id: 'campaign-head'}, h('p', {class: 'muted'}, 'Loading…'));
  const windowSel = h('select', {id: 'kpi-window', 'aria-label': 'KPI window'},
    ['10m', '1h', '24h', '7d'].map(w => h('option', {value: w, selected: w === '1h'}, w)));
  const tiles = h('div', {class: 'tiles', id: 'kpi-tiles'});
  const goalBox = h('div', {id: 'kpi-goals'});
  const volumeEl = h('div', {class: 'chart', id: 'chart-volume'});
  const moneyEl = h('div', {class: 'chart', id: 'chart-money'});
  const ratesEl = h('div', {class: 'chart', id: 'chart-rates'});
  const adsBox = h('div', {id: 'ads'});
  const controls = h('div', {id: 'controls'});
  const rulesBox = h('div', {id: 'campaign-rules'});
  const auditBox = h('div', {id: 'campaign-audit'});
  const approvalsBox = h('div', {id: 'campaign-approvals'});
  fill(main, head,
    panel('Live KPIs', h('div', {class: 'controls'}, h('label', {}, 'Window ', windowSel)), tiles, goalBox,
      h('div', {class: 'charts'}, volumeEl, moneyEl, ratesEl)),
    panel('Controls', controls),
    panel('Ads', adsBox),
    panel('Rules', rulesBox),
    panel('Waiting for approval', approvalsBox),
    panel('Audit timeline', auditBox));

  const volume = lineChart(volumeEl, {title: 'Impressions, clicks, conversions per point'});
  const moneyChart = lineChart(moneyEl, {title: 'Revenue and spend per point'});
  const rates = lineChart(ratesEl, {title: 'CTR and CVR per point', percent: true});
  let campaign = null;
  let kpiStream = null;

  function showKpis(k) {
    const cur = k.currency;
    fill(tiles,
      tile('participants', num(k.participants), k.to, 'participants'),
      tile('impressions', num(k.impressions), k.to, 'impressions'),
      tile('clicks', num(k.clicks), k.to, 'clicks'),
      tile('conversions', num(k.conversions), k.to, 'conversions'),
      tile('revenue', money(k.revenue, cur), k.to, 'revenue'),
      tile('spend', money(k.spend, cur), k.to, 'spend'),
      tile('CTR', pct(k.ctr), k.to, 'ctr'),
      tile('CVR', pct(k.cvr), k.to, 'cvr'),
      tile('budget left', money(k.budget && k.budget.left, cur), k.to, 'budget_left'),
      tile('spent today', money(k.budget && k.budget.spent_today, cur), k.to, 'spent_today'));
    fill(goalBox, h('p', {}, 'Goals (', pct(k.time_elapsed, 0), ' of the run elapsed): ', goals(k.goals)),
      (k.goals || []).map(g => h('p', {class: 'muted small'}, g.summary)));
    const s = k.series || [];
    volume.update([
      {name: 'impressions', points: s.map(p => [p.start, p.impressions])},
      {name: 'clicks', points: s.map(p => [p.start, p.clicks])},
      {name: 'conversions', points: s.map(p => [p.start, p.conversions])}]);
    moneyChart.update([
      {name: 'revenue', points: s.map(p => [p.start, Number(p.revenue)])},
      {name: 'spend', points: s.map(p => [p.start, Number(p.spend)])}]);
    rates.update([
      {name: 'CTR', points: s.map(p => [p.start, p.impressions ? p.clicks / p.impressions : null])},
      {name: 'CVR', points: s.map(p => [p.start, p.clicks ? p.conversions / p.clicks : null])}]);
  }

  function openKpis() {
    if (kpiStream) kpiStream.close();
    kpiStream = stream('/v1/campaigns/' + enc(id) + '/kpis/stream?window=' + enc(windowSel.value), {
      kpis: showKpis,
      deleted: () => fill(head, h('p', {class: 'error'}, 'This campaign was deleted.')),
    });
  }

  async function loadCampaign() {
    try {
      campaign = await api('/v1/campaigns/' + enc(id));
    } catch (e) {
      fill(head, h('h1', {}, id), errorBox(e, 'The campaign'));
      return false;
    }
    const c = campaign;
    fill(head, h('h1', {}, c.name || c.id, ' ', h('span', {class: 'status status-' + c.status, id: 'campaign-status'}, c.status)),
      h('p', {class: 'muted'}, h('span', {class: 'mono'}, c.id), ' · ', time(c.start), ' → ', h('span', {id: 'campaign-end'}, time(c.end)),
        ' · discount ', h('span', {id: 'campaign-discount'}, c.discount ? c.discount.kind + ' ' + num(c.discount.value) : 'none'),
        ' · budget ', money(c.total_budget, c.currency), c.daily_budget ? ', daily ' + money(c.daily_budget, c.currency) : '',
        (c.tags || []).length ? ' · tags ' + c.tags.join(', ') : ''));
    return true;
  }

  async function loadAds() {
    const r = await tryApi('/v1/ads?campaign_id=' + enc(id));
    if (r.error) {
      fill(adsBox, errorBox(r.error, 'The ads'));
      return [];
    }
    const ads = r.data.ads || [];
    const stats = await Promise.all(ads.map(a => tryApi('/v1/stats?scope=ad&key=' + enc(a.id) + '&window=24h')));
    fill(adsBox, table(['ad', 'status', 'bid', 'impressions 24h', 'clicks 24h', 'CTR', 'pCTR', 'spend 24h (at current bid)', ''],
      ads.map((a, i) => {
        const s = stats[i].data;
        const w = s && s.windows && s.windows['24h'];
        const imp = w ? (w.counts.impression || 0) : null;
        const clk = w ? (w.counts.ad_click || 0) : null;
        const rate = w && w.rates && w.rates.ad_ctr;
        const spend = w && a.bid ? (a.bid.type === 'cpc' ? clk * Number(a.bid.amount) : imp * Number(a.bid.amount) / 1000) : null;
        return [h('span', {}, a.creative && a.creative.title ? a.creative.title : a.id, ' ', h('span', {class: 'mono muted'}, a.id)),
          h('span', {class: 'status status-' + a.status}, a.status),
          a.bid ? a.bid.type + ' ' + num(a.bid.amount) : '—', num(imp), num(clk),
          rate ? pct(rate.raw) : '—', rate ? pct(rate.smoothed) : '—',
          spend === null ? '—' : money(spend, campaign && campaign.currency),
          h('button', {'data-ad-toggle': a.id, onclick: () => adAction(a.id, {type: a.status === 'paused' ? 'resume' : 'pause'})},
            a.status === 'paused' ? 'Resume' : 'Pause')];
      }), {id: 'ads-table'}), stats[0] && stats[0].data ? asOf(stats[0].data.now) : null);
    return ads;
  }

  // ---- controls ----
  const out = h('div', {class: 'control-out', id: 'control-out'});

  function field(name, input) {
    input.dataset.field = name;
    input.setAttribute('name', name);
    return input;
  }

  function form(name, title, inputs, build) {
    const f = h('form', {class: 'control', 'data-control': name}, h('strong', {}, title), ' ', inputs,
      h('button', {type: 'submit'}, 'Review…'));
    f.addEventListener('submit', ev => {
      ev.preventDefault();
      act(f, build());
    });
    return f;
  }

  async function act(f, action, path) {
    clearProblem(controls);
    fill(out);
    const url = path || '/v1/campaigns/' + enc(id) + '/actions';
    let preview;
    try {
      preview = await api(url + '?preview=true', {method: 'POST', body: action});
    } catch (err) {
      showProblem(f || controls, err, out);
      return;
    }
    const ok = await confirmStep(out, 'Apply ' + action.type.replace(/_/g, ' ') + '?', changeList(preview.changes, preview.notes));
    if (!ok) return;
    try {
      const done = await api(url, {method: 'POST', body: action});
      fill(out, h('p', {class: 'ok', role: 'status', 'data-applied': action.type}, 'Applied: ', changeList(done.changes, done.notes)));
      await Promise.all([loadCampaign(), loadAds(), audit.reload()]);
      renderControls();
    } catch (err) {
      showProblem(f || controls, err, out);
    }
  }

  function adAction(adId, action) {
    return act(null, action, '/v1/ads/' + enc(adId) + '/actions');
  }

  function renderControls() {
    const paused = campaign && campaign.status === 'paused';
    const byIn = field('by', h('select', {}, ['1h', '6h', '1d', '3d', '7d'].map(v => h('option', {value: v}, v))));
    const discHow = field('how', h('select', {}, [['set', 'set to %'], ['add', 'add points'], ['percent', 'change by %']]
      .map(([v, l]) => h('option', {value: v}, l))));
    const discAmount = field('amount', h('input', {type: 'number', step: 'any', size: 6, placeholder: 'amount', required: true}));
    const budHow = field('how', h('select', {}, [['set', 'set to'], ['add', 'add'], ['percent', 'change by %']]
      .map(([v, l]) => h('option', {value: v}, l))));
    const budAmount = field('amount', h('input', {type: 'number', step: 'any', size: 8, placeholder: 'amount', required: true}));
    const bidAd = field('ad_id', h('select', {id: 'bid-ad'}));
    const bidPct = field('percent', h('input', {type: 'number', step: 'any', size: 6, placeholder: '%', required: true}));
    const moveTo = field('to', h('input', {placeholder: 'campaign id', size: 12, required: true}));
    const moveAmount = field('amount', h('input', {type: 'number', step: 'any', size: 8, placeholder: 'amount', required: true}));
    tryApi('/v1/ads?campaign_id=' + enc(id)).then(r => r.data && fill(bidAd, r.data.ads.map(a => h('option', {value: a.id}, a.id))));
    fill(controls,
      h('div', {class: 'control'}, h('button', {id: 'toggle-status', class: 'primary',
        onclick: () => act(controls, {type: paused ? 'resume' : 'pause'})}, paused ? 'Resume campaign' : 'Pause campaign')),
      form('extend_end', 'Extend end by', [byIn], () => ({type: 'extend_end', by: byIn.value})),
      form('change_discount', 'Discount', [discHow, discAmount],
        () => ({type: 'change_discount', how: discHow.value, amount: Number(discAmount.value)})),
      form('change_daily_budget', 'Daily budget', [budHow, budAmount],
        () => ({type: 'change_daily_budget', how: budHow.value, amount: Number(budAmount.value)})),
      form('change_bid', 'Bid of ad', [bidAd, h('span', {}, ' by '), bidPct],
        () => ({type: 'change_bid', ad_id: bidAd.value, percent: Number(bidPct.value)})),
      form('move_budget', 'Move budget to', [moveTo, moveAmount],
        () => ({type: 'move_budget', to: moveTo.value.trim(), amount: Number(moveAmount.value)})),
      out);
  }

  async function loadRules() {
    const r = await tryApi('/v1/rules');
    if (r.error) {
      fill(rulesBox, errorBox(r.error, 'The rules'));
      return;
    }
    const mine = (r.data.rules || []).filter(x => {
      const s = x.scope || {};
      if ((s.excluded_ids || []).includes(id)) return false;
      return (s.campaign_ids || []).includes(id) || (!(s.campaign_ids || []).length);
    });
    fill(rulesBox, table(['rule', 'scope', 'condition', 'mode', 'enabled'], mine.map(x => [
      h('a', {href: '#/rules/' + enc(x.id)}, x.name || x.id, ' @' + x.version),
      (x.scope.campaign_ids || []).length ? 'this campaign' : 'campaigns where ' + (x.scope.condition || 'true'),
      h('code', {}, x.condition), x.mode, x.enabled ? 'yes' : 'no'])), h('p', {}, h('a', {href: '#/rules'}, 'Create a rule…')));
  }

  let audit = {close() {}, reload: async () => {}};
  loadCampaign().then(ok => {
    if (!ok) return;
    openKpis();
    renderControls();
    loadAds();
    loadRules();
    const approvals = approvalsPanel(approvalsBox, id, () => audit.reload());
    audit = auditTimeline(auditBox, id, () => Promise.all([loadCampaign().then(renderControls), approvals.reload()]));
  });
  windowSel.addEventListener('change', openKpis);
  const timer = setInterval(loadAds, 10000);
  return () => {
    if (kpiStream) kpiStream.close();
    audit.close();
    clearInterval(timer);
    volume.dispose();
    moneyChart.dispose();
    rates.dispose();
  };
}
