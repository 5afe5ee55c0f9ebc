import type { RawData, WebSocket } from 'ws';
import type { SupervisorLogger } from '../log.js';
import type { Session, SessionChannel, SessionHub } from './hub.js';
import type { ServerLimits } from './limits.js';
import { CLOSE, PROTOCOL_VERSION, decodeClientMessage, encodeServerMessage, type ClientMessage, type ServerMessage } from './protocol.js';

/**
 * One agent WebSocket: decodes frames, keeps the connection to its own
 * session, and enforces the per-connection limits. Ping-flood strikes follow
 * gRPC's keep-alive enforcement: a ping sooner than the profile allows is a
 * strike and is not acknowledged; after `maxPingStrikes` in a row the
 * connection is closed with 4008 ("too many pings").
 */
export class AgentConnection implements SessionChannel {
  session: Session | null = null;
  private pingStrikes = 0;
  private invalidFrames = 0;
  private lastPingAtMs: number | null = null;
  private frameWindowStartMs = 0;
  private framesInWindow = 0;
  private helloTimer: NodeJS.Timeout | null;
  private closing = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly hub: SessionHub,
    private readonly limits: ServerLimits,
    private readonly log: SupervisorLogger,
    private readonly now: () => number = Date.now,
  ) {
    this.helloTimer = this.startHelloTimer();
    ws.on('message', (data, isBinary) => this.onFrame(data, isBinary));
    ws.on('close', () => this.onClose());
    ws.on('error', (err) => this.log.debug({ event: 'ws-error', err: err.message }, 'WebSocket error'));
  }

  unbound(): void {
    this.clearHelloTimer();
    this.helloTimer = this.startHelloTimer();
  }

  send(message: ServerMessage): void {
    if (this.closing || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.limits.maxBufferedBytes) {
      this.log.warn({ event: 'slow-reader', agent: this.session?.agentId }, 'connection dropped: it does not read its frames');
      this.closing = true;
      this.ws.terminate();
      return;
    }
    this.ws.send(encodeServerMessage(message));
  }

  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.clearHelloTimer();
    this.ws.close(code, reason);
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    if (this.closing) return;
    if (!this.withinFrameRate()) return this.close(CLOSE.policy, 'too many frames per second');
    if (isBinary) return this.invalid('binary frames are not part of the protocol');
    const decoded = decodeClientMessage(rawText(data));
    if (!decoded.ok) return this.invalid(decoded.message);
    try {
      this.dispatch(decoded.message);
    } catch (err) {
      // A fault behind the AgentSessions seam must not take the process (and every other session) down.
      this.log.error({ event: 'internal-error', agent: this.session?.agentId, err: String(err) }, 'internal error handling a frame');
      this.close(CLOSE.internalError, 'internal error');
    }
  }

  private dispatch(m: ClientMessage): void {
    if (m.type === 'hello' || m.type === 'resume') {
      if (m.version !== PROTOCOL_VERSION) {
        this.send({ type: 'error', code: 'unsupported-version', message: `this server speaks protocol version ${PROTOCOL_VERSION}` });
        return this.close(CLOSE.unsupportedVersion, 'unsupported protocol version');
      }
      if (this.session !== null) {
        this.send({ type: 'error', code: 'already-logged-in', message: 'this connection already has a session' });
        return;
      }
      this.clearHelloTimer();
      return m.type === 'hello' ? this.hub.login(this, m.agent, m.role) : this.hub.resume(this, m.session);
    }
    const session = this.session;
    if (session === null) return this.invalid('log in (hello) or resume first', 'not-logged-in');
    if (m.session !== session.token) return this.invalid('the session token is not this connection’s', 'wrong-session');
    this.hub.activity(session);
    if (m.type === 'ping') return this.ping(session, m.seq);
    if (m.type === 'goodbye') return this.hub.goodbye(session);
    this.send(this.hub.answer(session, m.type, m.callId));
  }

  private ping(session: Session, seq: number): void {
    const nowMs = this.now();
    const minGapMs = Math.max(this.limits.pingFloodFloorMs, session.profile.browserPingIntervalMs * this.limits.pingFloodFraction);
    if (this.lastPingAtMs !== null && nowMs - this.lastPingAtMs < minGapMs) {
      this.pingStrikes += 1;
      if (this.pingStrikes > this.limits.maxPingStrikes) {
        this.log.warn({ event: 'too-many-pings', agent: session.agentId, role: session.role }, 'connection closed: pings far faster than its profile allows');
        return this.close(CLOSE.tooManyPings, 'too many pings');
      }
      return;
    }
    this.pingStrikes = 0;
    this.lastPingAtMs = nowMs;
    if (this.hub.ping(session)) return this.send({ type: 'ack', seq, serverTimeMs: nowMs });
    this.send({ type: 'error', code: 'unknown-session', message: 'the session has ended: log in again' });
  }

  private invalid(message: string, code: 'bad-frame' | 'not-logged-in' | 'wrong-session' = 'bad-frame'): void {
    this.invalidFrames += 1;
    this.send({ type: 'error', code, message });
    if (this.invalidFrames > this.limits.maxInvalidFrames) {
      this.log.warn({ event: 'bad-frames', agent: this.session?.agentId }, 'connection closed: too many invalid frames');
      this.close(CLOSE.badFrames, 'too many invalid frames');
    }
  }

  private withinFrameRate(): boolean {
    const nowMs = this.now();
    if (nowMs - this.frameWindowStartMs >= 1000) {
      this.frameWindowStartMs = nowMs;
      this.framesInWindow = 0;
    }
    this.framesInWindow += 1;
    return this.framesInWindow <= this.limits.maxFramesPerSecond;
  }

  private onClose(): void {
    this.closing = true;
    this.clearHelloTimer();
    this.hub.detached(this);
  }

  private startHelloTimer(): NodeJS.Timeout {
    const timer = setTimeout(() => this.close(CLOSE.helloTimeout, 'no hello or resume in time'), this.limits.helloTimeoutMs);
    timer.unref();
    return timer;
  }

  private clearHelloTimer(): void {
    if (this.helloTimer !== null) clearTimeout(this.helloTimer);
    this.helloTimer = null;
  }
}

function rawText(data: RawData): string {
  // ws hands text frames over as a Buffer: decode it in place, without a copy per frame.
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
