/**
 * The outbound side of one WebSocket connection: applies injected faults to data messages,
 * queues everything during a stall, and watches the socket's `bufferedAmount` for slow readers.
 *
 * @module
 */

import type { ConnectionFaults } from "./faults.ts";
import type { WsChannel } from "./protocol.ts";

/** How long a message held back for a swap waits for a successor before it goes out alone. */
const HOLD_MS = 20;

/** What the pipeline reports back to its connection. */
export interface OutboundHooks {
  /** The bytes waiting to be sent exceed the cap: report and close. */
  overflow(): void;
  /** A fault asks for the connection to be dropped. */
  drop(): void;
  /** The current cap on unsent bytes. */
  maxBufferedBytes(): number;
}

/** Delivery pipeline of one connection. */
export class Outbound {
  readonly #socket: WebSocket;
  readonly #faults: ConnectionFaults | undefined;
  readonly #hooks: OutboundHooks;
  #queue: string[] = [];
  #queuedBytes = 0;
  #stallTimer: ReturnType<typeof setTimeout> | undefined;
  #held: string | undefined;
  #heldTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  /**
   * Creates the pipeline.
   *
   * @param socket The server-side socket.
   * @param faults The connection's fault source, if it has one.
   * @param hooks Overflow and drop handling.
   */
  constructor(socket: WebSocket, faults: ConnectionFaults | undefined, hooks: OutboundHooks) {
    this.#socket = socket;
    this.#faults = faults;
    this.#hooks = hooks;
  }

  /** Whether a stall is holding delivery. */
  get stalled(): boolean {
    return this.#stallTimer !== undefined;
  }

  /**
   * Sends a frame. Data frames name their channel and may be faulted; replies pass unfaulted.
   *
   * @param text The JSON text.
   * @param channel The channel of a data frame that faults may hit.
   */
  send(text: string, channel?: WsChannel): void {
    if (this.#closed) return;
    const kind = channel !== undefined && this.#faults ? this.#faults.decide(channel) : "none";
    switch (kind) {
      case "skip":
        this.#faults!.applied("skip");
        return;
      case "drop":
        this.#faults!.applied("drop");
        this.#hooks.drop();
        return;
      case "duplicate":
        this.#faults!.applied("duplicate");
        this.#deliver(text);
        this.#deliver(text);
        return;
      case "reorder":
        if (this.#held === undefined) {
          // Counted when the swap happens (a successor goes first), not when held.
          this.#held = text;
          this.#heldTimer = setTimeout(() => this.#release(), HOLD_MS);
          return;
        }
        break;
      case "stall":
        if (this.#stallTimer === undefined) {
          this.#faults!.applied("stall");
          this.#stallTimer = setTimeout(() => this.#unstall(), this.#faults!.stallMs);
        }
        break;
    }
    this.#deliver(text);
  }

  /**
   * Sends a frame at once, past stalls and the overflow check (the overflow error itself).
   *
   * @param text The JSON text.
   */
  sendNow(text: string): void {
    if (this.#closed || this.#socket.readyState !== WebSocket.OPEN) return;
    this.#socket.send(text);
  }

  /** Stops delivery and clears timers. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#stallTimer);
    clearTimeout(this.#heldTimer);
    this.#stallTimer = this.#heldTimer = this.#held = undefined;
    this.#queue = [];
    this.#queuedBytes = 0;
  }

  #deliver(text: string): void {
    this.#write(text);
    if (this.#held !== undefined) {
      const held = this.#held;
      clearTimeout(this.#heldTimer);
      this.#held = this.#heldTimer = undefined;
      this.#faults?.applied("reorder");
      this.#write(held);
    }
  }

  #release(): void {
    const held = this.#held;
    this.#held = this.#heldTimer = undefined;
    if (held !== undefined) this.#write(held);
  }

  #unstall(): void {
    this.#stallTimer = undefined;
    const queue = this.#queue;
    this.#queue = [];
    this.#queuedBytes = 0;
    for (const text of queue) this.#write(text);
  }

  #write(text: string): void {
    if (this.#closed) return;
    if (this.#socket.readyState !== WebSocket.OPEN) return;
    if (this.#socket.bufferedAmount + this.#queuedBytes > this.#hooks.maxBufferedBytes()) {
      this.#hooks.overflow();
      return;
    }
    if (this.#stallTimer !== undefined) {
      this.#queue.push(text);
      this.#queuedBytes += text.length;
      return;
    }
    this.#socket.send(text);
  }
}
