/**
 * Order groups: a cap on the contracts a group's orders match within a rolling 15-second
 * window. Reaching the cap triggers the group: its resting orders are cancelled and new orders
 * are refused until the group is reset. Fills are capped so a group never matches more than its
 * limit.
 *
 * @module
 */

import type { Count } from "../../money/mod.ts";
import { apiError, notFound } from "../_http.ts";
import type { Trader } from "../types.ts";
import type { Engine } from "./engine.ts";
import { type EngineOrder, GROUP_WINDOW_MS, type GroupRecord } from "./model.ts";

/** The engine's order groups. */
export class OrderGroups {
  readonly #engine: Engine;

  /**
   * Creates the group manager.
   *
   * @param engine The engine.
   */
  constructor(engine: Engine) {
    this.#engine = engine;
  }

  #windowTotal(g: GroupRecord, now: number): Count {
    while (g.window.length > 0 && g.window[0]!.ms <= now - GROUP_WINDOW_MS) g.window.shift();
    let sum = 0;
    for (const e of g.window) sum += e.count;
    return sum;
  }

  /**
   * Contracts the group's orders may still match now.
   *
   * @param g The group.
   * @returns The remaining capacity (0 when triggered).
   */
  capacity(g: GroupRecord): Count {
    return g.triggered ? 0 : g.limit - this.#windowTotal(g, this.#engine.store.now());
  }

  /**
   * A group an order may join: the user's, on the same subaccount, not triggered.
   *
   * @param trader The order's owner.
   * @param id The group id.
   * @returns The group.
   */
  requireUsable(trader: Trader, id: string): GroupRecord {
    const g = this.require(trader.user_id, id);
    if (g.subaccount !== trader.subaccount) {
      throw apiError(
        400,
        "invalid_order",
        "invalid order",
        "the order group belongs to another subaccount",
      );
    }
    if (g.triggered) {
      throw apiError(
        400,
        "order_group_triggered",
        "order group is triggered",
        "the order group's contracts limit was reached; reset the group to place orders",
      );
    }
    return g;
  }

  /**
   * Counts a fill against its order's group, triggering the group at its limit.
   *
   * @param o The order that filled.
   * @param qty Contracts filled.
   * @param now Time of the fill.
   */
  onFill(o: EngineOrder, qty: Count, now: number): void {
    if (o.order_group_id === undefined) return;
    const g = this.#engine.store.group(o.order_group_id);
    if (!g) return;
    g.window.push({ ms: now, count: qty });
    if (!g.triggered && this.#windowTotal(g, now) >= g.limit) this.#trigger(g);
  }

  #event(
    g: GroupRecord,
    event_type: "created" | "triggered" | "reset" | "deleted" | "limit_updated",
  ): void {
    this.#engine.emit({
      type: "order_group",
      user_id: g.user_id,
      subaccount: g.subaccount,
      order_group_id: g.id,
      event_type,
      ...(event_type === "created" || event_type === "limit_updated"
        ? { contracts_limit: g.limit }
        : {}),
      ts_ms: this.#engine.store.now(),
    });
  }

  #trigger(g: GroupRecord): void {
    g.triggered = true;
    this.#event(g, "triggered");
    this.#cancelOrders(g, "OrderGroupTriggered");
  }

  #cancelOrders(g: GroupRecord, reason: string): void {
    for (const id of g.orders) {
      const o = this.#engine.store.order(id);
      if (o && o.status === "resting") this.#engine.cancelOrder(o, reason);
    }
  }

  /**
   * Creates a group.
   *
   * @param trader Owner.
   * @param limit Contracts limit over the rolling window.
   * @returns The group.
   */
  create(trader: Trader, limit: Count): GroupRecord {
    const store = this.#engine.store;
    const g: GroupRecord = {
      id: store.uuid(),
      user_id: trader.user_id,
      subaccount: trader.subaccount,
      limit,
      window: [],
      triggered: false,
      orders: [],
      exchange_index: 0,
      created_ms: store.now(),
    };
    store.addGroup(g);
    this.#event(g, "created");
    return g;
  }

  /**
   * A user's group, or 404.
   *
   * @param userId The owner.
   * @param id The group id.
   * @param subaccount When given, the group must belong to it.
   * @returns The group.
   */
  require(userId: string, id: string, subaccount?: number): GroupRecord {
    const g = this.#engine.store.group(id);
    if (!g || g.user_id !== userId || (subaccount !== undefined && g.subaccount !== subaccount)) {
      throw notFound("order group", id);
    }
    return g;
  }

  /**
   * Triggers a group by hand: cancels its orders and blocks new ones until reset.
   *
   * @param g The group.
   */
  trigger(g: GroupRecord): void {
    this.#engine.op(() => {
      if (g.triggered) this.#cancelOrders(g, "OrderGroupTriggered");
      else this.#trigger(g);
    });
  }

  /**
   * Resets a group: clears the rolling window and the triggered state.
   *
   * @param g The group.
   */
  reset(g: GroupRecord): void {
    g.triggered = false;
    g.window = [];
    this.#event(g, "reset");
  }

  /**
   * Changes a group's limit; a limit at or below the rolling total triggers the group.
   *
   * @param g The group.
   * @param limit The new limit.
   */
  setLimit(g: GroupRecord, limit: Count): void {
    this.#engine.op(() => {
      g.limit = limit;
      this.#event(g, "limit_updated");
      if (!g.triggered && this.#windowTotal(g, this.#engine.store.now()) >= limit) {
        this.#trigger(g);
      }
    });
  }

  /**
   * Deletes a group and cancels its resting orders.
   *
   * @param g The group.
   */
  delete(g: GroupRecord): void {
    this.#engine.op(() => {
      this.#cancelOrders(g, "OrderGroupDeleted");
      this.#engine.store.deleteGroup(g.id);
      this.#event(g, "deleted");
    });
  }
}
