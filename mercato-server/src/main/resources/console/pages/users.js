// User inspector: a user's live profile, segments, recent items, the recommendations of every
// strategy side by side with their reasons, and for a placement each ad's eligibility with every
// rule's verdict (/v1/decisions/check, which records nothing).
import {h, fill, num, time, table, panel, asOf} from '../dom.js';
import {tryApi, enc} from '../api.js';
import {errorBox} from './common.js';

const STRATEGIES = ['popular', 'user_cf', 'item_cf', 'als', 'mlp', 'ranked'];

export function render(main, [user, placement]) {
  const userIn = h('input', {id: 'user-id', 'aria-label': 'user id', placeholder: 'user id', value: user || ''});
  const placementIn = h('input', {id: 'placement', 'aria-label': 'placement', placeholder: 'placement, e.g. home', value: placement || ''});
  const go = h('form', {id: 'user-form', class: 'controls'}, h('label', {}, 'User ', userIn), ' ',
    h('label', {}, 'Placement ', placementIn), ' ', h('button', {type: 'submit', class: 'primary'}, 'Inspect'));
  go.addEventListener('submit', ev => {
    ev.preventDefault();
    location.hash = '#/users/' + enc(userIn.value.trim()) + (placementIn.value.trim() ? '/' + enc(placementIn.value.trim()) : '');
  });
  fill(main, h('h1', {}, 'User inspector'), go);
  if (!user) {
    main.append(h('p', {class: 'muted'}, 'Enter a user id to see their profile, segments, recommendations and ad eligibility.'));
    return () => {};
  }
  const profileBox = h('div', {id: 'user-profile'});
  const segmentsBox = h('div', {id: 'user-segments'});
  const recoBox = h('div', {id: 'user-recommendations', class: 'side-by-side'});
  const adsBox = h('div', {id: 'user-ads'});
  main.append(panel('Profile', profileBox), panel('Segments', segmentsBox),
    panel('Recommendations, every strategy', recoBox), panel('Ads of placement ' + (placement || '(any)'), adsBox));

  tryApi('/v1/users/' + enc(user) + '/profile').then(r => {
    if (r.error) return fill(profileBox, errorBox(r.error, 'The profile'));
    const p = r.data;
    const counts = p.counts || {};
    fill(profileBox, h('p', {}, 'First seen ', time(p.first_seen), ', last seen ', time(p.last_seen), ' · purchases ', num(p.purchases),
      ' · order value ', num(p.total_order_value), ' ', asOf(p.now)),
    h('div', {class: 'cols'},
      h('div', {}, h('h3', {}, 'Recent items (newest first)'), table(['item', 'last seen'],
        (p.recent_items || []).map(i => [h('span', {class: 'mono'}, i.item_id), time(i.last_seen)]), {id: 'recent-items'})),
      h('div', {}, h('h3', {}, 'Category affinity'), table(['category', 'score', 'share'],
        Object.entries(p.affinity || {}).sort((a, b) => b[1] - a[1]).map(([c, v]) => [c, num(v),
          num((p.affinity_share || {})[c] * 100) + '%']))),
      h('div', {}, h('h3', {}, 'Events by window'), table(['window', 'events'],
        Object.entries(counts).map(([w, byType]) => [w, Object.entries(byType).map(([t, n]) => t + ' ' + n).join(', ')])))),
    p.session ? h('p', {}, 'Current session since ', time(p.session.start), ': ', num(p.session.events), ' events, items ',
      (p.session.items || []).join(', ')) : h('p', {class: 'muted'}, 'No current session.'));
  });

  tryApi('/v1/users/' + enc(user) + '/segments').then(r => {
    if (r.error) return fill(segmentsBox, errorBox(r.error, 'The segments'));
    fill(segmentsBox, table(['campaign', 'status', 'segment'], r.data.campaigns.map(c =>
      [h('a', {href: '#/campaigns/' + enc(c.id)}, c.name || c.id), c.status, h('code', {}, c.segment || 'everyone')])),
    asOf(r.data.now));
  });

  Promise.all(STRATEGIES.map(s => tryApi('/v1/recommendations/' + enc(user) + '?n=10&explain=true&strategy=' + s)))
    .then(results => fill(recoBox, results.map((r, i) => h('div', {class: 'reco', 'data-strategy': STRATEGIES[i]},
      h('h3', {}, STRATEGIES[i]),
      r.error ? errorBox(r.error, STRATEGIES[i])
        : [h('p', {class: 'muted small'}, 'used ' + r.data.used + (r.data.model_version ? ' · model ' + r.data.model_version : '')
          + (r.data.backfilled ? ' · ' + r.data.backfilled + ' backfilled' : '')),
        h('ol', {}, r.data.items.map(it => h('li', {}, h('span', {class: 'mono'}, it.item_id), ' ',
          h('span', {class: 'muted'}, num(it.score)),
          (it.reasons || []).length ? h('div', {class: 'muted small'}, it.reasons.join('; ')) : null)))]))));

  tryApi('/v1/ads').then(async r => {
    if (r.error) return fill(adsBox, errorBox(r.error, 'The ads'));
    const ads = (r.data.ads || []).filter(a => !placement || (a.placements || []).includes(placement));
    const checks = await Promise.all(ads.map(a => tryApi('/v1/decisions/check?user_id=' + enc(user) + '&ad_id=' + enc(a.id))));
    fill(adsBox, table(['ad', 'campaign', 'eligible', 'every rule\'s verdict'], ads.map((a, i) => {
      const c = checks[i];
      return [h('span', {class: 'mono'}, a.id), h('a', {href: '#/campaigns/' + enc(a.campaign_id)}, a.campaign_id),
        c.error ? c.error.message : h('strong', {class: c.data.eligible ? 'ok' : 'error'}, c.data.eligible ? 'yes' : 'no'),
        c.error ? '' : h('ul', {class: 'verdicts'}, c.data.reasons.map(x => h('li', {}, x)))];
    }), {id: 'eligibility-table'}));
  });
  return () => {};
}
