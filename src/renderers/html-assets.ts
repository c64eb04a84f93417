/**
 * The HTML report's inline CSS and script (html.ts). Constants, never built from data: the
 * Content-Security-Policy allows exactly these two texts by their hashes.
 *
 * Colours: light and dark (prefers-color-scheme) palettes with text contrast of at least 4.5:1
 * on their background (WCAG AA); print always uses the light one and opens every details
 * element (`::details-content`, plus the script for browsers without it).
 */

export const HTML_STYLE = `
:root{color-scheme:light dark;--bg:#ffffff;--panel:#f6f8fa;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--link:#0550ae;
--good:#1a7f37;--mid:#8a5a00;--bad:#c21f2c;--none:#59636e;--zone-pass:#c9ebd2;--zone-warn:#f5e2a8;--zone-fail:#f7c9cc;--range:#b6c8e6;--accent:#0969da}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--panel:#161b22;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--link:#6cb6ff;
--good:#3fb950;--mid:#d29922;--bad:#ff7b72;--none:#9198a1;--zone-pass:#1c4428;--zone-warn:#4d3a0c;--zone-fail:#5c1f22;--range:#2f4a73;--accent:#4493f8}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:var(--link)}
a:focus-visible,summary:focus-visible,button:focus-visible,section:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:var(--bg);padding:4px 8px;z-index:1}
.top,main,footer{max-width:1200px;margin:0 auto;padding:0 20px}
.top{display:grid;grid-template-columns:minmax(0,5fr) minmax(0,6fr);gap:12px 32px;padding-top:14px;padding-bottom:8px;border-bottom:1px solid var(--line)}
@media (max-width:820px){.top{grid-template-columns:1fr}}
h1{font-size:20px;margin:2px 0 4px}h2{font-size:18px;margin:20px 0 8px}h3{font-size:16px;margin:18px 0 8px}h4{font-size:15px;margin:0 0 6px}
.meta,.muted,.coverage{color:var(--muted)}.meta{margin:0;font-size:13px}.small{font-size:13px}
.score-line{display:flex;align-items:baseline;gap:16px;flex-wrap:wrap}
.score{margin:0}.score .big{font-size:44px;font-weight:700;line-height:1.1}.score .of{color:var(--muted);font-size:18px}.score .aside{color:var(--muted);margin-left:10px}
.score.is-range .big{font-size:34px;color:var(--fg)}
.verdict{margin:0;font-weight:700;text-transform:uppercase;letter-spacing:.04em;border:2px solid currentColor;border-radius:4px;padding:1px 8px}
.verdict.product-driven,.good{color:var(--good)}.verdict.mixed,.mid{color:var(--mid)}.verdict.sales-driven,.bad{color:var(--bad)}.verdict.insufficient-data,.none{color:var(--muted)}
.score.good .big{color:var(--good)}.score.mid .big{color:var(--mid)}.score.bad .big{color:var(--bad)}
.coverage{margin:4px 0}
.note{color:var(--mid);margin:6px 0}
.actions h2{margin-top:4px}.actions ol{margin:0;padding-left:22px}.action{margin-bottom:6px}.action p{margin:0}.action .rec{font-size:14px}
.gain{color:var(--good);font-weight:600;white-space:nowrap}
svg text{fill:var(--muted);font-size:11px;font-family:inherit}
svg .axis,svg .grid{stroke:var(--line);stroke-width:1}svg .axis{stroke-width:4}
svg .range{fill:var(--range)}svg .range-tick{stroke:var(--range);stroke-width:6}
svg .dot{fill:var(--fg);stroke:var(--bg);stroke-width:1.5}svg .dot.good{fill:var(--good)}svg .dot.mid{fill:var(--mid)}svg .dot.bad{fill:var(--bad)}
svg .track{fill:var(--panel);stroke:var(--line);stroke-width:.3}
svg .fill.good{fill:var(--good)}svg .fill.mid{fill:var(--mid)}svg .fill.bad{fill:var(--bad)}svg .fill.neutral{fill:var(--accent)}
svg .zone.pass{fill:var(--zone-pass)}svg .zone.warn{fill:var(--zone-warn)}svg .zone.fail{fill:var(--zone-fail)}
svg .tick{stroke:var(--fg);stroke-width:1.2}svg .interval{stroke:var(--fg);stroke-width:4;stroke-linecap:round;opacity:.55}
svg .val{fill:var(--fg);font-weight:600}
svg .line{fill:none;stroke:var(--accent);stroke-width:2}svg .coverage{fill:var(--muted);opacity:.6}
.overall-scale{width:100%;max-width:440px;display:block;margin:4px 0}
.check-scale{width:100%;max-width:520px;display:block;margin:4px 0 2px}
.chart.time{width:100%;max-width:760px;display:block}
.series{margin:6px 0}.series figcaption{font-size:13px;color:var(--muted)}.series-chart{width:100%;max-width:520px;display:block}
svg .reference{stroke:var(--fg);stroke-width:1;stroke-dasharray:4 3}
@media (max-width:600px){.series-chart text{font-size:16px}.time text{font-size:20px}.check{padding:8px 10px}}
table{border-collapse:collapse;margin:6px 0 10px;font-size:14px}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{overflow-wrap:anywhere;text-align:left;padding:3px 10px 3px 0;border-bottom:1px solid var(--line);vertical-align:top}
thead th{color:var(--muted);font-weight:600}
td.num,th.num{white-space:nowrap;text-align:right;font-variant-numeric:tabular-nums}
table.categories{width:100%}table.categories td.bar-cell{width:36%}
.bar{width:100%;height:14px;display:block}
table.mix td.bar-cell{width:160px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.export-next li{margin-bottom:8px}.export-next p{margin:0}.where{margin:2px 0 0;padding-left:18px;font-size:14px;color:var(--muted)}.where strong{color:var(--fg)}
.check{border:1px solid var(--line);border-left:5px solid var(--none);border-radius:6px;padding:10px 14px;margin:10px 0;background:var(--bg);break-inside:avoid}
.check.pass{border-left-color:var(--good)}.check.warn{border-left-color:var(--mid)}.check.fail,.check.error{border-left-color:var(--bad)}
.check p{margin:4px 0}.check .id{font-weight:400;font-size:13px}
.badge{font-size:13px;font-weight:700;text-transform:uppercase;white-space:nowrap}
.badge.pass{color:var(--good)}.badge.warn{color:var(--mid)}.badge.fail,.badge.error{color:var(--bad)}.badge.insufficient-data,.badge.not-applicable{color:var(--muted)}
.t-pass{color:var(--good)}.t-warn{color:var(--mid)}.t-fail{color:var(--bad)}
.check .value .v{font-size:17px}.flag{color:var(--mid);font-weight:600}
.rec{margin-top:6px}
.evidence summary{cursor:pointer;color:var(--link)}
.scroll{overflow-x:auto;max-width:100%}
.cat-score{font-weight:700;margin-left:8px}
button{font:inherit;font-size:13px;color:var(--fg);background:var(--panel);border:1px solid var(--line);border-radius:4px;padding:2px 8px;cursor:pointer}
footer{color:var(--muted);font-size:13px;padding-top:16px;padding-bottom:24px}
code{font-size:13px}
@media print{
:root{--bg:#ffffff;--panel:#f6f8fa;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--link:#0550ae;--good:#1a7f37;--mid:#8a5a00;--bad:#c21f2c;--zone-pass:#c9ebd2;--zone-warn:#f5e2a8;--zone-fail:#f7c9cc;--range:#b6c8e6;--accent:#0969da}
body{font-size:11pt}.no-print,.skip{display:none}
.top{grid-template-columns:1fr 1fr}
details::details-content{content-visibility:visible;display:block}
details>summary{list-style:none}
h2,h3{break-after:avoid}
a{color:inherit;text-decoration:none}
}
`;

/**
 * Opens every details element for printing (browsers without `::details-content`) and closes
 * again those the reader had closed; the button expands or collapses all evidence.
 */
export const HTML_SCRIPT = `
(function(){
var all=function(){return Array.prototype.slice.call(document.querySelectorAll('details'));};
var reopened=[];
addEventListener('beforeprint',function(){reopened=all().filter(function(d){return !d.open;});reopened.forEach(function(d){d.open=true;});});
addEventListener('afterprint',function(){reopened.forEach(function(d){d.open=false;});reopened=[];});
var b=document.getElementById('toggle-details');
if(b){b.addEventListener('click',function(){var open=b.getAttribute('data-open')!=='true';document.querySelectorAll('details.evidence').forEach(function(d){d.open=open;});b.setAttribute('data-open',String(open));b.textContent=open?'Collapse all evidence':'Expand all evidence';});}
})();
`;
