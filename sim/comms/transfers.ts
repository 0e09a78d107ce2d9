/**
 * Moving cash inside one account: transfers between subaccounts (idempotent by
 * `client_transfer_id`), intra-exchange transfers between exchange instances and shards, and the
 * target balance allocation across exchange indexes.
 *
 * The simulator keeps cash per subaccount, not per shard, and has no margined (perps) instance:
 * a transfer between shards is recorded and completes at once without changing balances, a
 * transfer involving `margined` is refused, and one between two subaccounts moves the cash and
 * also appears in the subaccount transfer history, as on Kalshi.
 *
 * @module
 */

import { type Amount, amountFromCentiCents, amountFromCents } from "../../money/mod.ts";
import { apiError, BodyReader, invalidParameters, notFound, page } from "../_http.ts";
import type { Rng } from "../_rng.ts";
import { MAX_SUBACCOUNT } from "../accounts.ts";
import type { Exchange } from "../exchange.ts";
import type { SimRouter } from "../router.ts";
import {
  descKey,
  forbidden,
  isUuid,
  limitParam,
  requireUnrestrictedKey,
  unixSeconds,
} from "./_wire.ts";
import { formatAmount } from "../../money/mod.ts";

/** A transfer between two subaccounts. */
export interface SubaccountTransferRecord {
  transfer_id: string;
  seq: number;
  user_id: string;
  client_transfer_id?: string;
  from_subaccount: number;
  to_subaccount: number;
  amount_cents: number;
  exchange_index: number;
  created_ms: number;
}

/** A transfer between exchange instances or shards. */
export interface IntraTransferRecord {
  transfer_id: string;
  seq: number;
  user_id: string;
  source: "event_contract" | "margined";
  destination: "event_contract" | "margined";
  source_exchange_shard: number;
  destination_exchange_shard: number;
  source_subaccount: number;
  destination_subaccount: number;
  amount: Amount;
  status: "pending" | "complete";
  created_ms: number;
}

interface Allocation {
  allocations: { exchange_index: number; percent: number }[];
  resting_margin_reservation: "max" | "sum";
}

/** Subaccount and intra-exchange transfers, and balance allocation targets. */
export class Transfers {
  readonly #ex: Exchange;
  readonly #rng: Rng;
  readonly #subTransfers: SubaccountTransferRecord[] = [];
  readonly #byClientId = new Map<string, SubaccountTransferRecord>();
  readonly #intra: IntraTransferRecord[] = [];
  readonly #allocations = new Map<string, Allocation>();
  #seq = 0;

  /**
   * Creates empty histories.
   *
   * @param ex The exchange.
   */
  constructor(ex: Exchange) {
    this.#ex = ex;
    this.#rng = ex.rng("comms/transfers");
  }

  /** Exchange indexes in use: 0 and every market's shard. */
  shards(): Set<number> {
    const out = new Set([0]);
    for (const m of this.#ex.catalogue.allMarkets()) out.add(m.exchange_index);
    return out;
  }

  /**
   * Declares the transfer and allocation routes.
   *
   * @param router The route table.
   */
  register(router: SimRouter): void {
    router.on(
      "POST",
      "/portfolio/subaccounts/transfer",
      { op: "ApplySubaccountTransfer" },
      async (req) => {
        requireUnrestrictedKey(req);
        const me = req.me.user_id;
        const body = await req.body("ApplySubaccountTransferRequest");
        const clientId = body.str("client_transfer_id", { required: true })!;
        if (!isUuid(clientId)) throw invalidParameters("client_transfer_id must be a UUID");
        const from = body.int("from_subaccount", { required: true, min: 0, max: MAX_SUBACCOUNT })!;
        const to = body.int("to_subaccount", { required: true, min: 0, max: MAX_SUBACCOUNT })!;
        const cents = body.int("amount_cents", { required: true, min: 1, max: 1e12 })!;
        const shard = body.int("exchange_index", { min: 0 }) ?? 0;
        const previous = this.#byClientId.get(`${me}/${clientId}`);
        if (previous) {
          if (
            previous.from_subaccount === from && previous.to_subaccount === to &&
            previous.amount_cents === cents && previous.exchange_index === shard
          ) return {};
          throw apiError(
            400,
            "duplicate_client_transfer_id",
            "client_transfer_id was already used for a different transfer",
          );
        }
        if (from === to) throw invalidParameters("from_subaccount and to_subaccount must differ");
        if (!this.shards().has(shard)) throw invalidParameters(`unknown exchange_index ${shard}`);
        this.#move(me, from, to, amountFromCents(cents));
        const rec = this.#recordSub(me, this.#rng.uuid(), from, to, cents, shard);
        rec.client_transfer_id = clientId;
        this.#byClientId.set(`${me}/${clientId}`, rec);
        return {};
      },
    );

    router.on(
      "GET",
      "/portfolio/subaccounts/transfers",
      { op: "GetSubaccountTransfers" },
      (req) => {
        const limit = limitParam(req, 1000, 100);
        const cursor = req.query.str("cursor");
        const me = req.me.user_id;
        const items = this.#subTransfers.filter((t) => t.user_id === me).reverse();
        const p = page(items, (t) => descKey(t.seq), { cursor, limit });
        return {
          transfers: p.items.map((t) => ({
            transfer_id: t.transfer_id,
            from_subaccount: t.from_subaccount,
            to_subaccount: t.to_subaccount,
            amount_cents: t.amount_cents,
            created_ts: unixSeconds(t.created_ms),
            exchange_index: t.exchange_index,
          })),
          cursor: p.cursor,
        };
      },
    );

    router.on(
      "POST",
      "/portfolio/intra_exchange_instance_transfer",
      { op: "IntraExchangeInstanceTransfer" },
      async (req) => {
        requireUnrestrictedKey(req);
        const me = req.me.user_id;
        const body = await req.body("IntraExchangeInstanceTransferRequest");
        const instances = ["event_contract", "margined"] as const;
        const source = body.str("source", { required: true, oneOf: instances }) as
          | "event_contract"
          | "margined";
        const destination = body.str("destination", { required: true, oneOf: instances }) as
          | "event_contract"
          | "margined";
        const centiCents = body.int("amount", { required: true, min: 1, max: 1e14 })!;
        const srcShard = body.int("source_exchange_shard", { min: 0 }) ?? 0;
        const dstShard = body.int("destination_exchange_shard", { min: 0 }) ?? 0;
        const srcSub = body.int("source_subaccount", { min: 0, max: MAX_SUBACCOUNT }) ?? 0;
        const dstSub = body.int("destination_subaccount", { min: 0, max: MAX_SUBACCOUNT }) ?? 0;
        if (source === "margined" || destination === "margined") {
          throw forbidden("margin_not_enabled", "margin trading is not enabled for this account");
        }
        const shards = this.shards();
        for (const s of [srcShard, dstShard]) {
          if (!shards.has(s)) throw invalidParameters(`unknown exchange shard ${s}`);
        }
        if (srcShard === dstShard && srcSub === dstSub) {
          throw invalidParameters("source and destination are the same");
        }
        const amount = amountFromCentiCents(centiCents);
        if (srcSub !== dstSub) this.#move(me, srcSub, dstSub, amount);
        else {
          this.#ex.accounts.requireSubaccount(me, srcSub);
          if (this.#ex.accounts.cash(me, srcSub) < amount) {
            throw apiError(400, "insufficient_balance", "insufficient balance");
          }
        }
        const rec: IntraTransferRecord = {
          transfer_id: this.#rng.uuid(),
          seq: ++this.#seq,
          user_id: me,
          source,
          destination,
          source_exchange_shard: srcShard,
          destination_exchange_shard: dstShard,
          source_subaccount: srcSub,
          destination_subaccount: dstSub,
          amount,
          status: "complete",
          created_ms: this.#ex.clock.now(),
        };
        this.#intra.push(rec);
        if (srcShard === dstShard) {
          const cents = Math.floor(centiCents / 100);
          this.#recordSub(me, rec.transfer_id, srcSub, dstSub, cents, srcShard);
        }
        return { transfer_id: rec.transfer_id };
      },
    );

    router.on(
      "GET",
      "/portfolio/intra_exchange_instance_transfers",
      { op: "GetIntraExchangeInstanceTransfers" },
      (req) => {
        const limit = limitParam(req, 500, 100);
        const cursor = req.query.str("cursor");
        const me = req.me.user_id;
        const items = this.#intra.filter((t) => t.user_id === me).reverse();
        const p = page(items, (t) => descKey(t.seq), { cursor, limit });
        const out: Record<string, unknown> = { transfers: p.items.map(renderIntra) };
        if (p.cursor !== "") out.cursor = p.cursor;
        return out;
      },
    );

    router.on(
      "GET",
      "/portfolio/intra_exchange_instance_transfers/{transfer_id}",
      { op: "GetIntraExchangeInstanceTransfer" },
      (req) => {
        const id = req.param("transfer_id");
        const t = this.#intra.find((x) => x.transfer_id === id && x.user_id === req.me.user_id);
        if (!t) throw notFound("transfer", id);
        return { transfer: renderIntra(t) };
      },
    );

    router.on(
      "GET",
      "/portfolio/target_balance_allocation",
      { op: "GetTargetBalanceAllocation" },
      (req) => {
        const a = this.#allocations.get(req.me.user_id);
        return {
          allocations: a?.allocations.map((x) => ({ ...x })) ?? [],
          resting_margin_reservation: a?.resting_margin_reservation ?? "sum",
        };
      },
    );

    router.on(
      "POST",
      "/portfolio/target_balance_allocation",
      { op: "SetTargetBalanceAllocation" },
      async (req) => {
        requireUnrestrictedKey(req);
        const body = await req.body("SetTargetBalanceAllocationRequest");
        const raw = body.array("allocations");
        if (raw === undefined) throw invalidParameters("allocations is required");
        const reservation = (body.str("resting_margin_reservation", { oneOf: ["max", "sum"] }) ??
          "sum") as "max" | "sum";
        const shards = this.shards();
        const seen = new Set<number>();
        let total = 0;
        const allocations = raw.map((item) => {
          const r = new BodyReader(item, "TargetBalanceAllocationInput");
          const index = r.int("exchange_index", { required: true, min: 0 })!;
          const percent = r.raw.percent;
          if (typeof percent !== "number" || !Number.isFinite(percent)) {
            throw invalidParameters("percent is required and must be a number");
          }
          if (percent < 0 || percent > 100) throw invalidParameters("percent must be 0–100");
          if (!shards.has(index)) throw invalidParameters(`unknown exchange_index ${index}`);
          if (seen.has(index)) throw invalidParameters(`exchange_index ${index} is repeated`);
          seen.add(index);
          total += Math.round(percent * 1_000_000);
          return { exchange_index: index, percent };
        });
        if (allocations.length > 0 && total !== 100_000_000) {
          throw invalidParameters("percentages must total 100");
        }
        this.#allocations.set(req.me.user_id, {
          allocations,
          resting_margin_reservation: reservation,
        });
        return {};
      },
    );
  }

  #move(userId: string, from: number, to: number, amount: Amount): void {
    const accounts = this.#ex.accounts;
    accounts.requireSubaccount(userId, from);
    accounts.requireSubaccount(userId, to);
    accounts.adjustCash(userId, from, -amount);
    accounts.adjustCash(userId, to, amount);
  }

  #recordSub(
    userId: string,
    id: string,
    from: number,
    to: number,
    cents: number,
    shard: number,
  ): SubaccountTransferRecord {
    const rec: SubaccountTransferRecord = {
      transfer_id: id,
      seq: ++this.#seq,
      user_id: userId,
      from_subaccount: from,
      to_subaccount: to,
      amount_cents: cents,
      exchange_index: shard,
      created_ms: this.#ex.clock.now(),
    };
    this.#subTransfers.push(rec);
    return rec;
  }
}

function renderIntra(t: IntraTransferRecord): Record<string, unknown> {
  return {
    transfer_id: t.transfer_id,
    source: t.source,
    destination: t.destination,
    source_exchange_shard: t.source_exchange_shard,
    destination_exchange_shard: t.destination_exchange_shard,
    amount: formatAmount(t.amount, { decimals: 4 }),
    status: t.status,
    created_ts: unixSeconds(t.created_ms),
  };
}
