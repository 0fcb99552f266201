// The console's router: #/page/arg → a page module's render(main, args), which returns a function
// that stops its streams and timers when the page is left.
import {h, fill} from './dom.js';
import {tryApi, actor, setActor} from './api.js';
import * as overview from './pages/overview.js';
import * as campaigns from './pages/campaigns.js';
import * as campaign from './pages/campaign.js';
import * as rules from './pages/rules.js';
import * as users from './pages/users.js';
import * as health from './pages/health.js';

const main = document.getElementById('main');
let leave = () => {};

function route() {
  const parts = (location.hash.replace(/^#\/?/, '') || 'overview').split('/').map(decodeURIComponent);
  const [name, ...args] = parts;
  const page = name === 'campaigns' && args.length ? campaign
    : {overview, campaigns, rules, users, health}[name];
  leave();
  leave = () => {};
  document.querySelectorAll('#nav a').forEach(a => a.classList.toggle('active', a.dataset.page === name));
  if (!page) {
    fill(main, h('p', {class: 'error'}, 'No page "' + name + '". '), h('a', {href: '#/overview'}, 'Overview'));
    return;
  }
  fill(main);
  main.dataset.page = name + (args.length ? '/' + args.join('/') : '');
  try {
    leave = page.render(main, args) || (() => {});
  } catch (e) {
    fill(main, h('p', {class: 'error'}, 'This page failed: ' + e.message));
  }
}

async function showMode() {
  const ready = await tryApi('/ready');
  const body = ready.data || (ready.error && ready.error.problem) || {};
  const mode = body.mode || body.runtime || '';
  document.getElementById('mode').textContent = (mode ? mode + ' · ' : '') + (ready.data ? 'ready' : 'not ready');
}

const actorIn = document.getElementById('actor');
actorIn.value = actor();
actorIn.addEventListener('change', () => setActor(actorIn.value));

window.addEventListener('hashchange', route);
route();
showMode();
