/** The dashboard's stylesheet: plain CSS, no build step; readable at laptop and phone widths. */
export const DASHBOARD_CSS = `
:root { --fg:#1d2330; --muted:#5d6778; --bg:#f6f7f9; --card:#fff; --line:#dde1e7; --accent:#2f5fd0;
  --ok:#1f7a4d; --warn:#9a6700; --bad:#b42318; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--fg); font-size:15px; line-height:1.45; }
header { background:#161b26; color:#fff; padding:.6rem 1rem; display:flex; flex-wrap:wrap; gap:.4rem 1rem; align-items:center; }
header .brand { font-weight:700; margin-right:.5rem; }
header nav { display:flex; flex-wrap:wrap; gap:.2rem; flex:1; }
header nav a { color:#cfd6e4; text-decoration:none; padding:.3rem .6rem; border-radius:6px; }
header nav a[aria-current=page], header nav a:hover { background:#2a3245; color:#fff; }
header .who { font-size:.85rem; color:#cfd6e4; display:flex; gap:.5rem; align-items:center; }
header .who button { background:none; border:1px solid #4a5570; color:#cfd6e4; padding:.15rem .5rem; }
main { max-width:1200px; margin:0 auto; padding:1rem; }
h1 { font-size:1.35rem; margin:.2rem 0 1rem; }
h2 { font-size:1.1rem; margin:1.2rem 0 .5rem; }
.card { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:1rem; margin-bottom:1rem; }
.grid { display:grid; gap:1rem; grid-template-columns:repeat(auto-fill,minmax(260px,1fr)); }
.scroll { overflow-x:auto; }
#calls-chart { margin-top:1rem; }
table { border-collapse:collapse; width:100%; background:var(--card); }
th, td { text-align:left; padding:.45rem .6rem; border-bottom:1px solid var(--line); vertical-align:top; }
th { font-size:.8rem; text-transform:uppercase; letter-spacing:.03em; color:var(--muted); }
.badge { display:inline-block; font-size:.75rem; padding:.05rem .45rem; border-radius:999px; border:1px solid var(--line); margin:0 .2rem .2rem 0; white-space:nowrap; }
.badge.ok { background:#e6f4ec; color:var(--ok); border-color:#b7dfc8; }
.badge.warn { background:#fff4d6; color:var(--warn); border-color:#f0d890; }
.badge.bad { background:#fdeceb; color:var(--bad); border-color:#f4c2be; }
.muted { color:var(--muted); }
pre { background:#0f1420; color:#e3e8f2; padding:.7rem; border-radius:8px; overflow:auto; max-height:24rem; font-size:.82rem; white-space:pre-wrap; word-break:break-word; }
input, select, textarea, button { font:inherit; }
input[type=text], input[type=number], input[type=search], input[type=password], input[type=datetime-local], select, textarea {
  width:100%; padding:.4rem .5rem; border:1px solid var(--line); border-radius:6px; background:#fff; }
textarea { min-height:4.5rem; font-family:ui-monospace, monospace; font-size:.85rem; }
label { display:block; font-weight:600; margin:.6rem 0 .2rem; }
label .muted { font-weight:400; }
fieldset { border:1px solid var(--line); border-radius:8px; margin:.6rem 0; padding:.3rem .8rem .8rem; }
button { background:var(--accent); color:#fff; border:0; border-radius:6px; padding:.45rem .9rem; cursor:pointer; }
button.deny { background:var(--bad); }
button:disabled { opacity:.5; cursor:not-allowed; }
.row { display:flex; flex-wrap:wrap; gap:.6rem; align-items:end; }
.row > * { flex:1 1 160px; } .row.center { align-items:center; } .row > .shrink { flex:0 0 auto; }
.error { color:var(--bad); font-weight:600; }
details summary { cursor:pointer; }
.htmx-indicator { display:none; } .htmx-request .htmx-indicator, .htmx-request.htmx-indicator { display:inline; }
.chart { margin:0; } .chart svg { width:100%; height:auto; display:block; }
.chart .grid { stroke:var(--line); stroke-width:1; }
.chart .axis { font-size:11px; fill:var(--muted); }
.chart .label { font-size:12px; fill:var(--fg); font-family:ui-monospace, monospace; }
.chart .bar { fill:var(--accent); } .chart .bar-part { fill:var(--bad); }
.chart .line { fill:none; stroke:var(--ok); stroke-width:2; }
.chart .span { fill:#c3c9d4; } .chart .span.succeeded { fill:var(--ok); } .chart .span.running { fill:#e0a100; }
.chart .span.failed, .chart .span.cancelled { fill:var(--bad); }
figcaption { font-size:.8rem; margin-top:.3rem; }
.key { display:inline-block; width:.7rem; height:.7rem; border-radius:2px; vertical-align:middle; }
.key.bar { background:var(--accent); } .key.bar-part { background:var(--bad); } .key.line { background:var(--ok); height:.2rem; }
@media (max-width: 640px) { main { padding:.6rem; } th, td { padding:.35rem .4rem; } header nav a { padding:.25rem .45rem; }
  .chart .axis { font-size:18px; } .chart .label { font-size:15px; } }
`;
