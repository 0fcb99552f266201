// ECharts, from its WebJar (served by the same server: no CDN). Tooltips are drawn on the canvas
// (renderMode 'richText') so the strict Content-Security-Policy needs no inline styles.
import * as echarts from '/webjars/echarts/5.3.1/dist/echarts.esm.min.js';

const charts = new Set();

/**
 * A time-series line chart in el. Returns {update(seriesList)} where seriesList is
 * [{name, points: [[isoTime, value], ...]}]; dispose() when the page goes.
 */
export function lineChart(el, {title, yName, percent = false} = {}) {
  const chart = echarts.init(el, null, {renderer: 'canvas'});
  charts.add(chart);
  chart.setOption({
    animation: false,
    title: title ? {text: title, textStyle: {fontSize: 13, fontWeight: 'normal'}} : undefined,
    tooltip: {trigger: 'axis', renderMode: 'richText'},
    legend: {bottom: 0},
    grid: {left: 48, right: 16, top: 36, bottom: 48},
    xAxis: {type: 'time'},
    yAxis: {type: 'value', name: yName, min: 0,
      axisLabel: percent ? {formatter: v => (v * 100).toFixed(1) + '%'} : {}},
    series: [],
  });
  return {
    update(seriesList) {
      chart.setOption({series: seriesList.map(s => ({
        name: s.name, type: 'line', showSymbol: false, data: s.points,
      }))});
      el.dataset.points = String(seriesList.reduce((n, s) => n + s.points.length, 0));
      el.dataset.sum = String(seriesList.reduce((n, s) => n + s.points.reduce((a, p) => a + (Number(p[1]) || 0), 0), 0));
    },
    dispose() {
      charts.delete(chart);
      chart.dispose();
    },
  };
}

window.addEventListener('resize', () => charts.forEach(c => c.resize()));
