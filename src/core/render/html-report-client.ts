/**
 * The HTML report's own script, run by the browser: it reads the charts' data from the
 * `<script type="application/json" id="loadgate-data">` block and draws each with uPlot into
 * `#chart-<id>`. It writes no markup: every text reaches the page through uPlot, which sets
 * titles and legend labels as `textContent`, and those texts are made by the report, never taken
 * from a results file. `window.loadgateCharts` lists what was drawn (id, x points, series, and
 * whether uPlot has drawn it), for a test or a curious reader.
 *
 * Plain ES2017 in a string (no build step, no template placeholders): it must run as written in
 * any current browser, and the page's Content-Security-Policy admits it by its hash.
 */
export const HTML_REPORT_SCRIPT = `(function () {
  'use strict';
  var source = document.getElementById('loadgate-data');
  var data = JSON.parse(source ? source.textContent : '{"charts":[]}');
  var drawn = [];
  window.loadgateCharts = drawn;
  function sig(v) { return Number(v.toPrecision(3)); }
  function fmtMs(v) {
    if (v == null || !isFinite(v)) return '–';
    if (v === 0) return '0 ms';
    if (v < 1) return sig(v * 1000) + ' µs';
    if (v < 1000) return sig(v) + ' ms';
    return sig(v / 1000) + ' s';
  }
  function fmtNum(v) {
    if (v == null || !isFinite(v)) return '–';
    return v >= 1000 ? Math.round(v).toLocaleString('en-US') : String(sig(v));
  }
  function fmtSec(s) {
    if (s == null || !isFinite(s)) return '–';
    if (s < 60) return sig(s) + ' s';
    var whole = Math.round(s);
    var m = Math.floor(whole / 60);
    var r = whole % 60;
    var h = Math.floor(m / 60);
    m = m % 60;
    var mm = (h > 0 && m < 10 ? '0' : '') + m;
    return (h > 0 ? h + ':' : '') + mm + ':' + (r < 10 ? '0' : '') + r;
  }
  function fmtPercentile(x) {
    if (x == null || !isFinite(x) || x <= 0) return '–';
    var q = 100 * (1 - 1 / x);
    var digits = q >= 99 ? Math.min(7, Math.ceil(Math.log10(x)) + 1) : 2;
    return String(Number(q.toPrecision(Math.max(1, digits)))) + '%';
  }
  function fmtTime(t) {
    if (t == null || !isFinite(t)) return '–';
    return new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' ');
  }
  function formatterOf(unit) {
    if (unit === 'ms') return fmtMs;
    if (unit === '%') return function (v) { return v == null ? '–' : fmtNum(v) + ' %'; };
    return function (v) { return v == null ? '–' : fmtNum(v) + ' ' + unit; };
  }
  function xFormatterOf(axis) {
    if (axis === 'percentile') return fmtPercentile;
    if (axis === 'time') return fmtTime;
    return fmtSec;
  }
  function xLabelOf(axis) {
    if (axis === 'percentile') return 'percentile';
    if (axis === 'time') return 'run (UTC)';
    return 'time into the run';
  }
  function widthOf(element) {
    return Math.max(320, Math.min(1100, element.clientWidth || 800));
  }
  var SECOND_STEPS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600,
    7200, 10800, 21600, 43200, 86400, 172800, 604800];
  var plots = [];
  (data.charts || []).forEach(function (chart) {
    var element = document.getElementById('chart-' + chart.id);
    if (!element || typeof uPlot !== 'function') return;
    var y = formatterOf(chart.unit);
    var x = xFormatterOf(chart.axis);
    var record = { id: chart.id, points: chart.x.length, series: chart.series.length, drawn: false };
    drawn.push(record);
    var xScale = chart.axis === 'percentile'
      ? { time: false, distr: 3, log: 10 }
      : { time: chart.axis === 'time' };
    // uPlot's own time labels adapt to the span (dates, hours, minutes); the others are ours,
    // and a log axis, which splits every decade into 1..9, labels the decades (90 %, 99 %) only.
    var xAxis = { space: chart.axis === 'time' ? 80 : 50 };
    // Seconds into a run split at clock steps (1 min, 5 min, 1 h), not at 1,000 s.
    if (chart.axis === 'seconds') xAxis.incrs = SECOND_STEPS;
    if (chart.axis !== 'time') {
      xAxis.values = function (u, splits) {
        return splits.map(function (v) {
          var decade = Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9;
          return chart.axis !== 'percentile' || decade ? x(v) : '';
        });
      };
    }
    var options = {
      title: chart.title,
      width: widthOf(element),
      height: 280,
      scales: {
        x: xScale,
        y: { range: function (u, min, max) { return [0, max > 0 ? max * 1.05 : 1]; } },
      },
      axes: [
        xAxis,
        { size: 96, values: function (u, splits) { return splits.map(y); } },
      ],
      series: [{ label: xLabelOf(chart.axis), value: function (u, v) { return x(v); } }].concat(
        chart.series.map(function (s) {
          var series = {
            label: s.label,
            stroke: s.color,
            width: s.dashed ? 1.5 : 2,
            spanGaps: false,
            points: { show: chart.x.length <= 60 },
            value: function (u, v) { return y(v); },
          };
          if (s.dashed) series.dash = [6, 4];
          return series;
        }),
      ),
      hooks: { draw: [function () { record.drawn = true; }] },
    };
    // History runs are labelled in UTC, as the tables say, whatever the reader's time zone.
    if (chart.axis === 'time' && typeof uPlot.tzDate === 'function') {
      options.tzDate = function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); };
    }
    var columns = [chart.x].concat(chart.series.map(function (s) { return s.values; }));
    plots.push({ plot: new uPlot(options, columns, element), element: element });
  });
  var pending = 0;
  window.addEventListener('resize', function () {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(function () {
      plots.forEach(function (p) { p.plot.setSize({ width: widthOf(p.element), height: 280 }); });
    });
  });
})();
`;
