// Health: ingest rates and accounting per source, dead letters by reason with recent samples, the
// journal and snapshot state (/ready), and the model's training state; refreshed every 5 seconds.
import {h, fill, num, time, table, panel, tile, asOf} from '../dom.js';
import {tryApi} from '../api.js';
import {errorBox} from './common.js';

export function render(main) {
  const ingest = h('div', {id: 'health-ingest'});
  const rejects = h('div', {id: 'health-rejects'});
  const samples = h('div', {id: 'health-dead-letters'});
  const engine = h('div', {id: 'health-engine'});
  const model = h('div', {id: 'health-model'});
  fill(main, h('h1', {}, 'Health'), panel('Ingestion', ingest), panel('Rejected events by reason and field', rejects),
    panel('Recent dead letters', samples), panel('Journal and snapshots', engine), panel('Model training', model));

  async function load() {
    const [o, q, d, ready, als] = await Promise.all([tryApi('/v1/overview'), tryApi('/v1/quality'),
      tryApi('/v1/dead-letters?limit=20'), tryApi('/ready'), tryApi('/v1/admin/models/als')]);
    if (q.error) {
      fill(ingest, errorBox(q.error, 'Data quality'));
      fill(rejects);
    } else {
      const b = q.data;
      const a = b.accounting;
      const l = b.lateness || {};
      fill(ingest, h('div', {class: 'tiles'},
        o.data ? tile('events/s (last 10 s)', num(o.data.events_per_second), o.data.as_of || o.data.now, 'rate') : null,
        tile('read', num(a.read), b.now, 'read'), tile('accepted', num(a.accepted), b.now, 'accepted'),
        tile('duplicates', num(a.duplicates), b.now, 'duplicates'), tile('sampled out', num(a.sampled), b.now, 'sampled'),
        tile('rejected', num(a.rejected.total), b.now, 'rejected'), tile('late', num(l.late), b.now, 'late'),
        tile('too late', num(l.too_late), b.now, 'too_late')),
      h('p', {class: a.balanced ? 'muted' : 'error'}, a.equation || ''),
      table(['source', 'read', 'accepted', 'duplicates', 'rejected'], (b.sources || []).map(s =>
        [s.source, num(s.accounting.read), num(s.accounting.accepted), num(s.accounting.duplicates), num(s.accounting.rejected.total)]),
      {id: 'sources-table'}),
      b.volume && (b.volume.series || []).length ? table(['type', 'source', 'status', 'baseline/min', 'recent/min'],
        b.volume.series.map(s => [s.type, s.source, s.status, num(s.baseline_per_minute), num(s.recent_per_minute)])) : null,
      h('p', {class: 'muted small'}, 'Counted since ', time(b.since), ' on this node (', b.mode, ').'));
      fill(rejects, table(['reason', 'field', 'count'], (b.rejects || []).map(r => [r.reason, h('span', {class: 'mono'}, r.field), num(r.count)]),
        {id: 'rejects-table'}));
    }
    if (d.error) {
      fill(samples, errorBox(d.error, 'Dead letters'));
    } else {
      fill(samples, table(['rejected at', 'source', 'reason', 'errors', 'raw'], d.data.dead_letters.map(x => [time(x.rejected_at), x.source,
        x.reason || '—', (x.errors || []).map(e => (e.field ? e.field + ': ' : '') + (e.message || '')).join('; '),
        h('code', {class: 'raw'}, x.raw || '')]), {id: 'dead-letters-table'}),
      h('p', {class: 'muted small'}, num(d.data.records) + ' dead letters kept (' + num(d.data.bytes) + ' bytes).'));
    }
    const rb = ready.data || (ready.error && ready.error.problem) || {};
    if (rb.mode === 'cluster') {
      fill(engine, h('p', {class: 'notice', 'data-not-served': 'true'},
        'This runtime keeps no journal or snapshots: events are in Kafka, state in Redis (Kafka ' + rb.kafka + ', Redis ' + rb.redis + ').'));
    } else {
      fill(engine, table(['', ''], [
        ['status', rb.status || rb.state || '—'], ['shards', num(rb.shards)], ['queued', num(rb.queued)],
        ['last journal sequence', num(rb.last_sequence)], ['durable (fsynced) sequence', num(rb.durable_sequence)],
        ['snapshot sequence', num(rb.snapshot_sequence)], ['recovered from snapshot', num(rb.recovered_from_snapshot)],
        ['replayed at start', num(rb.replayed_events)], ['detail', rb.detail || '']], {id: 'engine-table'}));
    }
    if (als.error) {
      fill(model, errorBox(als.error, 'Model training'));
    } else {
      const m = als.data;
      fill(model, table(['', ''], Object.entries(m).map(([k, v]) => [k.replace(/_/g, ' '),
        v === null ? '—' : (typeof v === 'object' ? JSON.stringify(v) : String(v))]), {id: 'model-table'}));
    }
  }
  load();
  const timer = setInterval(load, 5000);
  return () => clearInterval(timer);
}
