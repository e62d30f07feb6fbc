import { type Frame, MsgType } from '@rtms/zoom-protocol';

// Readiness of one media socket, so that publishing and readiness always agree (docs/stream-connector.md,
// "Tolerated peers"). A data frame (msg 14–18) before DATA_HAND_SHAKE_RESP (msg 4) is an implicit successful
// handshake: the socket becomes ready (CLIENT_READY_ACK once) before that frame is published. Data that
// arrives after msg 4 but before its answer was checked is held and published once the socket is ready.

export const isMediaData = (msgType: number) =>
  msgType >= MsgType.MEDIA_DATA_AUDIO && msgType <= MsgType.MEDIA_DATA_CHAT;

export interface MediaGateHooks {
  /** The socket is ready (`implicit`: by data, without msg 4). False: it is no longer wanted. */
  ready(implicit: boolean): boolean;
  /** A frame of a ready socket. */
  deliver(frame: Frame, receivedAt: number): void;
  /** The first frame (data, control or keep-alive) after the socket became ready. */
  flowing(): void;
}

type GateState = 'waiting' | 'answered' | 'ready' | 'closed';

export class MediaGate {
  private state: GateState = 'waiting';
  private held: [Frame, number][] = [];
  private flowed = false;
  private resolveImplicit: () => void = () => undefined;
  /** Resolves when data made the socket ready before msg 4. */
  readonly implicit = new Promise<void>((resolve) => {
    this.resolveImplicit = resolve;
  });

  constructor(private readonly hooks: MediaGateHooks) {}

  /** Every frame of the socket except keep-alives and the handshake answer. */
  frame(frame: Frame, receivedAt: number): void {
    if (this.state === 'closed') return;
    if (this.state === 'ready' || !isMediaData(frame.msg_type)) {
      // Control frames (a stop notice, say) are never held back.
      this.hooks.deliver(frame, receivedAt);
      if (this.state === 'ready') this.markFlowing();
      return;
    }
    if (this.state === 'answered') {
      this.held.push([frame, receivedAt]);
      return;
    }
    if (!this.open(true)) return;
    this.resolveImplicit();
    this.frame(frame, receivedAt);
  }

  /** A keep-alive was received (and answered). */
  keepAlive(): void {
    if (this.state === 'ready') this.markFlowing();
  }

  /** msg 4 arrived; its verdict follows with ready() or fail(). */
  answered(): void {
    if (this.state === 'waiting') this.state = 'answered';
  }

  /** The handshake answer was a success. */
  ready(): void {
    if (this.state === 'ready' || this.state === 'closed') return;
    if (!this.open(false)) return;
    const held = this.held;
    this.held = [];
    for (const [frame, receivedAt] of held) this.frame(frame, receivedAt);
  }

  /** The handshake failed or the socket is dropped: nothing more is published. */
  fail(): void {
    this.state = 'closed';
    this.held = [];
  }

  private open(implicit: boolean): boolean {
    if (!this.hooks.ready(implicit)) {
      this.fail();
      return false;
    }
    this.state = 'ready';
    return true;
  }

  private markFlowing(): void {
    if (this.flowed) return;
    this.flowed = true;
    this.hooks.flowing();
  }
}
