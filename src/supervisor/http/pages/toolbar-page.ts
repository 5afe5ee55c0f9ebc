/**
 * The agent toolbar page at `/`. Plain HTML and JS served from strings: no
 * build step, no external assets. The WebSocket and the ping timer live in a
 * dedicated Worker (`toolbar-worker.ts`), because Chrome throttles a hidden
 * tab's main-thread timers to once a minute (SPEC §1); the page only shows
 * what the worker reports.
 */
export const TOOLBAR_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>hbctl agent toolbar</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 1rem; }
#cms-banner { background: #b00020; color: #fff; padding: .5rem; margin: .5rem 0; }
#cms-banner[hidden] { display: none; }
dl { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; }
dt { font-weight: 600; }
li { margin: .2rem 0; }
</style>
</head>
<body>
<h1>Agent toolbar</h1>
<form id="login">
  <label>Agent <input id="agent" name="agent" required pattern="[A-Za-z0-9._:\\-]{1,64}"></label>
  <label>Business role <input id="role" name="role" required pattern="[A-Za-z0-9._:\\-]{1,64}"></label>
  <button id="login-button" type="submit">Log in</button>
  <button id="logout-button" type="button">Log out</button>
</form>
<div id="cms-banner" role="alert" hidden></div>
<dl>
  <dt>State</dt><dd id="state">logged out</dd>
  <dt>Last ping acknowledged</dt><dd id="last-ack">never</dd>
  <dt>Pings acknowledged</dt><dd id="ack-count">0</dd>
  <dt>Keep-alive ticks</dt><dd id="keepalive-count">0</dd>
  <dt>Logged off because</dt><dd id="logoff-reason">-</dd>
  <dt>Last error</dt><dd id="last-error">-</dd>
</dl>
<h2>Calls</h2>
<ul id="calls"></ul>
<script src="/toolbar.js"></script>
</body>
</html>
`;

export const TOOLBAR_JS = `'use strict';
(function () {
  var token = new URLSearchParams(location.search).get('token');
  var worker = new Worker('/toolbar-worker.js');
  var session = null;
  var $ = function (id) { return document.getElementById(id); };
  var wsUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/agent' +
    (token ? '?token=' + encodeURIComponent(token) : '');

  function callItem(callId, from) {
    var li = document.createElement('li');
    li.dataset.callId = callId;
    li.textContent = 'Call ' + callId + (from ? ' from ' + from : '') + ' ';
    [['accept', 'Accept'], ['reject', 'Reject']].forEach(function (pair) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = pair[0];
      b.textContent = pair[1];
      b.addEventListener('click', function () { worker.postMessage({ cmd: pair[0], callId: callId }); });
      li.appendChild(b);
    });
    return li;
  }

  worker.onmessage = function (e) {
    var m = e.data;
    if (m.kind === 'state') $('state').textContent = m.state;
    else if (m.kind === 'welcome') { session = m.session; $('logoff-reason').textContent = '-'; }
    else if (m.kind === 'ack') {
      $('last-ack').textContent = new Date(m.serverTimeMs).toISOString();
      $('ack-count').textContent = String(m.count);
    } else if (m.kind === 'keepAlive') $('keepalive-count').textContent = String(m.count);
    else if (m.kind === 'callOffer') $('calls').appendChild(callItem(m.callId, m.from));
    else if (m.kind === 'callResult') {
      var li = document.querySelector('#calls li[data-call-id="' + CSS.escape(m.callId) + '"]');
      if (li) li.textContent = 'Call ' + m.callId + ': ' + (m.outcome === 'done' ? m.action + 'ed' : 'no longer offered');
    } else if (m.kind === 'cms') {
      var banner = $('cms-banner');
      banner.textContent = m.message;
      banner.hidden = m.available;
    } else if (m.kind === 'loggedOff') { session = null; $('logoff-reason').textContent = m.reason; }
    else if (m.kind === 'error') $('last-error').textContent = m.code + ': ' + m.message;
  };

  $('login').addEventListener('submit', function (e) {
    e.preventDefault();
    worker.postMessage({ cmd: 'login', url: wsUrl, agent: $('agent').value, role: $('role').value });
  });
  $('logout-button').addEventListener('click', function () { worker.postMessage({ cmd: 'goodbye' }); });

  // A page that closes says goodbye; the beacon reaches the server even when the worker is torn down first.
  addEventListener('pagehide', function () {
    if (session === null) return;
    worker.postMessage({ cmd: 'goodbye' });
    navigator.sendBeacon('/agent/goodbye' + (token ? '?token=' + encodeURIComponent(token) : ''), session);
  });
})();
`;
