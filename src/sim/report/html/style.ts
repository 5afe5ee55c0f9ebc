/** The report page's only stylesheet: system fonts, nothing fetched. */
export const HTML_STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b; background: #fff; margin: 24px auto; max-width: 1000px; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
header p { margin: 2px 0; color: #444; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 13px; }
table { border-collapse: collapse; margin: 4px 0; }
th, td { padding: 3px 10px; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #ccc; }
table.summary td, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.summary thead th:not(:first-child) { text-align: right; }
th a { color: inherit; }
td.best { color: #1b6e20; font-weight: 600; background: #eef7ee; }
.flag { color: #1b6e20; font-weight: 700; }
.note { color: #555; font-size: 13px; }
figure { margin: 8px 0; overflow-x: auto; }
svg.timeline { font-size: 11px; fill: #333; max-width: 100%; height: auto; }
svg.timeline .axis-title { font-weight: 600; }
svg.timeline .fault text { font-size: 11px; }
svg.timeline .band-label { font-size: 11px; }
dt { font-weight: 600; margin-top: 8px; }
dd { margin: 0 0 0 16px; color: #333; }
`;
