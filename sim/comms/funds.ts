/**
 * Deposit and withdrawal history. A new user's opening balance is explained by a seeded,
 * deterministic history (a few applied deposits, a withdrawal, a failed card deposit) that nets
 * to exactly that balance; later deposits (the admin API's `/_sim/users/{id}/deposit`) are
 * recorded as applied ACH deposits. Kalshi has no API to move money in or out, so these lists are
 * read-only.
 *
 * @module
 */

import { page } from "../_http.ts";
import type { FundingEvent } from "../accounts.ts";
import type { Exchange } from "../exchange.ts";
import type { SimRouter } from "../router.ts";
import { descKey, limitParam, unixSeconds } from "./_wire.ts";

/** One deposit or withdrawal. */
export interface FundingRecord {
  id: string;
  seq: number;
  kind: "deposit" | "withdrawal";
  status: "pending" | "applied" | "failed" | "returned";
  type: "ach" | "wire" | "crypto" | "debit" | "apm";
  amount_cents: number;
  fee_cents: number;
  created_ms: number;
  finalized_ms?: number;
}

const DAY = 86_400_000;

/** Deposit and withdrawal history, per user. */
export class Funds {
  readonly #ex: Exchange;
  readonly #byUser = new Map<string, FundingRecord[]>();
  readonly #unsubscribe: () => void;
  #seq = 0;

  /**
   * Creates the ledger and starts recording funding events.
   *
   * @param ex The exchange.
   */
  constructor(ex: Exchange) {
    this.#ex = ex;
    this.#unsubscribe = ex.accounts.onFunding((e) => this.#record(e));
  }

  /** Stops recording. */
  close(): void {
    this.#unsubscribe();
  }

  /**
   * A user's records, oldest first.
   *
   * @param userId The user.
   * @returns The records.
   */
  of(userId: string): readonly FundingRecord[] {
    return this.#byUser.get(userId) ?? [];
  }

  /**
   * Declares the deposit and withdrawal routes.
   *
   * @param router The route table.
   */
  register(router: SimRouter): void {
    for (const kind of ["deposit", "withdrawal"] as const) {
      const op = kind === "deposit" ? "GetDeposits" : "GetWithdrawals";
      router.on("GET", `/portfolio/${kind}s`, { op }, (req) => {
        const limit = limitParam(req, 500, 100);
        const cursor = req.query.str("cursor");
        const items = this.of(req.me.user_id).filter((r) => r.kind === kind).reverse();
        const p = page(items, (r) => descKey(r.seq), { cursor, limit });
        return { [`${kind}s`]: p.items.map(render), cursor: p.cursor };
      });
    }
  }

  #list(userId: string): FundingRecord[] {
    let list = this.#byUser.get(userId);
    if (!list) this.#byUser.set(userId, list = []);
    return list;
  }

  #record(e: FundingEvent): void {
    if (this.#ex.accounts.user(e.user_id)?.is_bot) return;
    const cents = Math.floor(e.amount / 10_000);
    if (cents <= 0) return;
    const rng = this.#ex.rng(`funds/${e.user_id}/${this.#seq}`);
    const list = this.#list(e.user_id);
    if (e.reason === "deposit") {
      list.push({
        id: rng.uuid(),
        seq: ++this.#seq,
        kind: "deposit",
        status: "applied",
        type: "ach",
        amount_cents: cents,
        fee_cents: 0,
        created_ms: e.ts_ms,
        finalized_ms: e.ts_ms,
      });
      return;
    }
    // Opening balance: deposits D1..Dn and one withdrawal W with ΣD − W = the balance.
    const seeded: Omit<FundingRecord, "seq">[] = [];
    const withdrawal = cents >= 1_000 ? Math.floor(cents * rng.int(5, 15) / 100) : 0;
    const total = cents + withdrawal;
    const n = total >= 1_000 ? rng.int(2, 4) : 1;
    const weights = Array.from({ length: n }, () => rng.int(1, 10));
    const sum = weights.reduce((a, b) => a + b, 0);
    let left = total;
    weights.forEach((w, i) => {
      const amount = i === n - 1 ? left : Math.max(1, Math.floor(total * w / sum));
      left -= amount;
      const type = rng.pick(["ach", "ach", "wire", "debit"] as const);
      const created = e.ts_ms - rng.int(20, 90) * DAY + rng.int(0, DAY - 1);
      seeded.push({
        id: rng.uuid(),
        kind: "deposit",
        status: "applied",
        type,
        amount_cents: amount,
        fee_cents: type === "debit" ? Math.ceil(amount * 2 / 100) : 0,
        created_ms: created,
        finalized_ms: created + (type === "ach" ? rng.int(1, 3) * DAY : rng.int(60_000, 3_600_000)),
      });
    });
    if (withdrawal > 0) {
      const created = e.ts_ms - rng.int(1, 15) * DAY;
      seeded.push({
        id: rng.uuid(),
        kind: "withdrawal",
        status: "applied",
        type: "ach",
        amount_cents: withdrawal,
        fee_cents: 0,
        created_ms: created,
        finalized_ms: created + rng.int(1, 3) * DAY,
      });
    }
    const failed = e.ts_ms - rng.int(1, 90) * DAY;
    seeded.push({
      id: rng.uuid(),
      kind: "deposit",
      status: "failed",
      type: "debit",
      amount_cents: rng.int(1, 50) * 1_000,
      fee_cents: 0,
      created_ms: failed,
      finalized_ms: failed + 60_000,
    });
    seeded.sort((a, b) => a.created_ms - b.created_ms);
    for (const r of seeded) list.push({ ...r, seq: ++this.#seq });
  }
}

function render(r: FundingRecord): Record<string, unknown> {
  return {
    id: r.id,
    status: r.status,
    type: r.type,
    amount_cents: r.amount_cents,
    fee_cents: r.fee_cents,
    created_ts: unixSeconds(r.created_ms),
    finalized_ts: r.finalized_ms === undefined ? null : unixSeconds(r.finalized_ms),
  };
}
