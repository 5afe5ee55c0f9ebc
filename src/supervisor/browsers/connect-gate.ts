/**
 * At most `maxInFlight` WebSocket handshakes at a time for the whole fleet;
 * the others wait their turn in order. Without it, thousands of browsers
 * starting (or reconnecting after a failover) within a second overflow the
 * supervisor's accept queue, and the kernel's SYN retransmits (1 s, 3 s, 7 s)
 * then delay logins by seconds: a cost of the load generator, not of the
 * system under test. The queue holds each browser at most once.
 */
export class ConnectGate {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private head = 0;

  constructor(private readonly maxInFlight: number) {}

  /** Runs `start` when a slot is free; `start` must call the `release` it gets exactly once. */
  enter(start: (release: () => void) => void): void {
    const run = (): void => {
      this.inFlight++;
      let released = false;
      start(() => {
        if (released) return;
        released = true;
        this.inFlight--;
        this.next();
      });
    };
    if (this.inFlight < this.maxInFlight) run();
    else this.waiting.push(run);
  }

  private next(): void {
    if (this.head >= this.waiting.length || this.inFlight >= this.maxInFlight) return;
    const run = this.waiting[this.head]!;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting.splice(0, this.head);
      this.head = 0;
    }
    run();
  }
}
