// Overview: live tiles (from /v1/overview/stream, every second), the events-over-time chart, and
// trending items with a window and category picker. Every number carries the event time it reflects.
import {h, fill, num, money, tile, table, panel, asOf} from '../dom.js';
import {api, tryApi, enc} from '../api.js';
import {lineChart} from '../charts.js';
import {errorBox, stream} from './common.js';

const POINTS = 300;

export function render(main) {
  const tiles = h('div', {class: 'tiles', id: 'overview-tiles'}, h('p', {class: 'muted'}, 'Waiting for the first update…'));
  const chartEl = h('div', {class: 'chart', id: 'events-chart'});
  const trendingBox = h('div', {id: 'trending'});
  const windowSel = h('select', {id: 'trending-window', 'aria-label': 'window'},
    ['1m', '10m', '1h', '24h', '7d'].map(w => h('option', {value: w, selected: w === '1h'}, w)));
  const categoryIn = h('input', {id: 'trending-category', list: 'categories', placeholder: 'all categories',
    'aria-label': 'category'});
  const categories = h('datalist', {id: 'categories'});
  fill(main,
    h('h1', {}, 'Overview'),
    panel('Now', tiles),
    panel('Events over time', h('p', {class: 'muted'}, 'Accepted events per second on this node, sampled every second.'), chartEl),
    panel('Trending items', h('div', {class: 'controls'}, h('label', {}, 'Window ', windowSel),
      h('label', {}, 'Category ', categoryIn), categories), trendingBox));

  const chart = lineChart(chartEl, {yName: 'events/s'});
  const rate = [];
  let live = null;
  let timer = null;

  function show(o) {
    const a = o.accounting || {};
    const stamp = o.as_of || o.now;
    fill(tiles,
      tile('events/s', num(o.events_per_second), stamp, 'events_per_second'),
      tile('accepted', num(a.accepted), stamp, 'accepted'),
      tile('duplicates', num(a.duplicates), stamp, 'duplicates'),
      tile('rejected', num(a.rejected), stamp, 'rejected'),
      tile('too late', num(a.too_late), stamp, 'too_late'),
      tile('distinct users, last hour', o.distinct_users_1h === null ? 'n/a in this runtime' : num(o.distinct_users_1h),
        stamp, 'distinct_users_1h'),
      tile('active campaigns', num(o.campaigns && o.campaigns.active), o.now, 'active_campaigns'),
      tile('spend today', (o.spend_today || []).length
        ? o.spend_today.map(s => money(s.amount, s.currency)).join(' · ') : '0', stamp, 'spend_today'),
      o.rules ? tile('rules enabled', num(o.rules.enabled) + ' / ' + num(o.rules.total), o.now, 'rules') : null,
      o.approvals_pending !== undefined ? tile('approvals pending', num(o.approvals_pending), o.now, 'approvals') : null);
    rate.push([o.now, o.events_per_second]);
    if (rate.length > POINTS) rate.shift();
    chart.update([{name: 'events/s', points: rate}]);
  }

  // Probe once with a plain GET: a runtime without the route shows a message instead of a failing stream.
  api('/v1/overview').then(o => {
    show(o);
    live = stream('/v1/overview/stream', {overview: show});
  }, err => fill(tiles, errorBox(err, 'The overview')));

  async function loadTrending() {
    const cat = categoryIn.value.trim();
    const r = await tryApi('/v1/trending?n=10&window=' + enc(windowSel.value) + (cat ? '&category=' + enc(cat) : ''));
    if (r.error) {
      fill(trendingBox, errorBox(r.error, 'Trending'));
      return;
    }
    const t = r.data;
    fill(trendingBox,
      table(['#', 'item', 'events in ' + t.window],
        t.items.map((it, i) => [String(i + 1), h('span', {class: 'mono'}, it.item_id), num(it.count)]),
        {id: 'trending-table'}),
      h('p', {class: 'muted'}, t.exact ? 'Exact top list. ' : 'Approximate top list (max error ' + num(t.max_error) + '). ',
        asOf(t.now)));
  }
  windowSel.addEventListener('change', loadTrending);
  categoryIn.addEventListener('change', loadTrending);
  loadTrending();
  timer = setInterval(loadTrending, 5000);
  // the category picker offers the catalog's categories where the runtime has a catalog
  tryApi('/v1/items?limit=1000').then(r => {
    if (r.data && Array.isArray(r.data.items)) {
      const set = [...new Set(r.data.items.map(i => i.category).filter(Boolean))].sort();
      fill(categories, set.map(c => h('option', {value: c})));
    }
  });

  return () => {
    if (live) live.close();
    clearInterval(timer);
    chart.dispose();
  };
}
