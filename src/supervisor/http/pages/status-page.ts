/** The operator page at `/status`: polls `/status.json` every second; no external assets. */
export const STATUS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>hbctl supervisor status</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 1rem; }
table { border-collapse: collapse; }
td, th { border: 1px solid #ccc; padding: .2rem .5rem; text-align: left; }
#draining[hidden] { display: none; }
#draining { background: #b36b00; color: #fff; padding: .5rem; }
</style>
</head>
<body>
<h1>hbctl supervisor</h1>
<div id="draining" hidden>Draining: the supervisor is stopping.</div>
<p>Agents logged in: <strong id="logged-in">-</strong>, connected: <strong id="connected">-</strong>,
agent connections: <strong id="connections">-</strong>. Updated <span id="updated">never</span>.</p>
<h2>By business role</h2>
<table><thead><tr><th>Role</th><th>Agents</th></tr></thead><tbody id="roles"></tbody></table>
<h2>Sessions</h2>
<table><thead><tr><th>Agent</th><th>Role</th><th>Mode</th><th>Connected</th><th>Last ping</th></tr></thead>
<tbody id="sessions"></tbody></table>
<p id="error"></p>
<script src="/status.js"></script>
</body>
</html>
`;

export const STATUS_JS = `'use strict';
(function () {
  var token = new URLSearchParams(location.search).get('token');
  var $ = function (id) { return document.getElementById(id); };
  function row(cells) {
    var tr = document.createElement('tr');
    cells.forEach(function (c) { var td = document.createElement('td'); td.textContent = String(c); tr.appendChild(td); });
    return tr;
  }
  function show(s) {
    $('logged-in').textContent = String(s.agents.loggedIn);
    $('connected').textContent = String(s.agents.connected);
    $('connections').textContent = String(s.connections);
    $('draining').hidden = !s.draining;
    $('updated').textContent = new Date(s.serverTimeMs).toISOString();
    $('roles').replaceChildren.apply($('roles'), Object.keys(s.agents.byRole).map(function (r) { return row([r, s.agents.byRole[r]]); }));
    $('sessions').replaceChildren.apply($('sessions'), s.sessions.map(function (x) {
      return row([x.agent, x.role, x.mode, x.connected ? 'yes' : 'no', new Date(x.lastPingAtMs).toISOString()]);
    }));
    $('error').textContent = '';
  }
  function poll() {
    fetch('/status.json', { headers: token ? { authorization: 'Bearer ' + token } : {}, cache: 'no-store' })
      .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
      .then(show, function (e) { $('error').textContent = 'status unavailable: ' + e.message; })
      .finally(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
`;
