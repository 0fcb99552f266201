// Campaigns: every campaign with its status, pace against each goal and budget left (from each
// campaign's KPIs), refreshed every 10 seconds. A row opens the campaign page.
import {h, fill, num, money, pct, table, panel, asOf} from '../dom.js';
import {api, tryApi, enc} from '../api.js';
import {errorBox} from './common.js';

const KPI_READS = 100; // campaigns whose KPIs the list reads; the rest show a link only

export function render(main) {
  const statusSel = h('select', {id: 'campaign-status', 'aria-label': 'status'},
    ['', 'active', 'paused', 'draft', 'ended'].map(s => h('option', {value: s}, s || 'any status')));
  const list = h('div', {id: 'campaign-list'}, h('p', {class: 'muted'}, 'Loading…'));
  fill(main, h('h1', {}, 'Campaigns'), panel('Campaigns', h('div', {class: 'controls'}, h('label', {}, 'Status ', statusSel)), list));

  async function load() {
    let body;
    try {
      body = await api('/v1/campaigns' + (statusSel.value ? '?status=' + enc(statusSel.value) : ''));
    } catch (e) {
      fill(list, errorBox(e, 'The campaign list'));
      return;
    }
    const campaigns = body.campaigns || [];
    const kpis = await Promise.all(campaigns.map((c, i) => i < KPI_READS
      ? tryApi('/v1/campaigns/' + enc(c.id) + '/kpis?window=24h') : Promise.resolve({})));
    fill(list, table(['campaign', 'status', 'discount', 'ends', 'pace against goals', 'budget left', 'as of'],
      campaigns.map((c, i) => {
        const k = kpis[i].data;
        return [
          h('a', {href: '#/campaigns/' + enc(c.id), 'data-campaign': c.id}, c.name || c.id),
          h('span', {class: 'status status-' + c.status}, c.status),
          c.discount ? c.discount.kind + ' ' + num(c.discount.value) : 'none',
          c.end ? c.end.slice(0, 16).replace('T', ' ') : '—',
          k ? goals(k.goals) : (kpis[i].error ? kpis[i].error.message : '—'),
          k && k.budget ? money(k.budget.left, c.currency) + (k.budget.daily_left !== null && k.budget.daily_left !== undefined
            ? ' (today ' + money(k.budget.daily_left, c.currency) + ')' : '') : '—',
          k ? asOf(k.to) : '—',
        ];
      }), {id: 'campaigns-table'}));
  }

  statusSel.addEventListener('change', load);
  load();
  const timer = setInterval(load, 10000);
  return () => clearInterval(timer);
}

/** Goals as "participants 40% ✓ on pace" chips. */
export function goals(list) {
  if (!list || !list.length) return h('span', {class: 'muted'}, 'no goals');
  return h('span', {class: 'goals'}, list.map(g => h('span', {class: 'goal ' + (g.on_pace ? 'on-pace' : 'behind'),
    title: g.summary || ''}, g.goal + ' ' + pct(g.share, 0) + (g.on_pace ? ' on pace' : ' behind'))));
}
