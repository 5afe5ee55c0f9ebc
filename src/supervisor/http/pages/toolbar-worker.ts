/**
 * The toolbar's dedicated Worker: owns the WebSocket and the ping timer.
 * Worker timers are not subject to the hidden-tab throttling of the page's
 * main thread, and a busy main thread does not delay them. A connection that
 * drops is resumed with the session token; a session that ended is not.
 */
export const TOOLBAR_WORKER_JS = `'use strict';
var PROTOCOL_VERSION = 1;
var ws = null;
var url = null;
var session = null;
var pingTimer = null;
var seq = 0;
var acks = 0;
var keepAlives = 0;
var retryMs = 1000;
var retryTimer = null;
var wanted = false;

function post(m) { postMessage(m); }
function send(m) { if (ws && ws.readyState === 1) ws.send(JSON.stringify(m)); }
function stopPings() { if (pingTimer !== null) clearInterval(pingTimer); pingTimer = null; }
function ping() { send({ type: 'ping', session: session, seq: seq++ }); }

function connect(first) {
  ws = new WebSocket(url);
  post({ kind: 'state', state: 'connecting' });
  ws.onopen = function () {
    retryMs = 1000;
    send(session === null ? { type: 'hello', version: PROTOCOL_VERSION, agent: first.agent, role: first.role }
                          : { type: 'resume', version: PROTOCOL_VERSION, session: session });
  };
  ws.onmessage = function (e) {
    var m;
    try { m = JSON.parse(e.data); } catch (err) { return; }
    if (m.type === 'welcome') {
      session = m.session;
      post({ kind: 'welcome', session: m.session, resumed: m.resumed });
      post({ kind: 'state', state: 'logged in as ' + m.agent + ' (' + m.role + ')' });
      stopPings();
      ping();
      pingTimer = setInterval(ping, m.browserPingIntervalMs);
    } else if (m.type === 'ack') { acks++; post({ kind: 'ack', seq: m.seq, serverTimeMs: m.serverTimeMs, count: acks }); }
    else if (m.type === 'keepAlive') { keepAlives++; post({ kind: 'keepAlive', count: keepAlives }); }
    else if (m.type === 'callOffer') post({ kind: 'callOffer', callId: m.callId, from: m.from });
    else if (m.type === 'callResult') post({ kind: 'callResult', callId: m.callId, action: m.action, outcome: m.outcome });
    else if (m.type === 'cmsStatus') post({ kind: 'cms', cms: m.cms, available: m.available, message: m.message });
    else if (m.type === 'loggedOff') {
      session = null; wanted = false; stopPings();
      post({ kind: 'loggedOff', reason: m.reason });
      post({ kind: 'state', state: 'logged off' });
    } else if (m.type === 'error') {
      if (m.code === 'unknown-session') { session = null; wanted = false; stopPings(); post({ kind: 'state', state: 'logged off' }); }
      post({ kind: 'error', code: m.code, message: m.message });
    }
  };
  ws.onclose = function (e) {
    stopPings();
    ws = null;
    if (!wanted || session === null || e.code === 4001 || e.code === 4008) {
      post({ kind: 'state', state: session === null ? 'logged off' : 'disconnected (' + e.code + ')' });
      return;
    }
    post({ kind: 'state', state: 'reconnecting' });
    retryTimer = setTimeout(function () { retryTimer = null; connect(first); }, retryMs);
    retryMs = Math.min(retryMs * 2, 10000);
  };
}

onmessage = function (e) {
  var c = e.data;
  if (c.cmd === 'login') {
    if (ws) { wanted = false; ws.close(1000); }
    if (retryTimer !== null) clearTimeout(retryTimer);
    url = c.url; session = null; wanted = true;
    connect({ agent: c.agent, role: c.role });
  } else if (c.cmd === 'goodbye') {
    if (session !== null) send({ type: 'goodbye', session: session });
    wanted = false;
  } else if (c.cmd === 'accept' || c.cmd === 'reject') {
    send({ type: c.cmd, session: session, callId: c.callId });
  }
};
`;
