/**
 * Position and cash arithmetic: what a fill does to a trader's position, cost basis and cash,
 * and how much cash resting orders hold back.
 *
 * A position is signed (+ YES, − NO). Buying YES while holding NO closes NO contracts first: the
 * pair is worth $1, so closing a NO contract by buying YES at `p` returns `1 − p`; likewise for
 * asks. Cash therefore always equals what a trader put in minus what they hold at cost, and the
 * exchange holds exactly $1 per open YES/NO pair.
 *
 * @module
 */

import type { Amount, Count, Price } from "../../money/mod.ts";
import type { BookSide } from "../types.ts";
import type { PositionState } from "./model.ts";

const ONE: Price = 10_000;

/** Price paid per contract by an order on `side` at YES price `p`: `p` for bids, `1 − p` for asks. */
export function sidePrice(side: BookSide, p: Price): Price {
  return side === "bid" ? p : ONE - p;
}

/** The parts of an order that reservations depend on. */
export interface ReservingOrder {
  book_side: BookSide;
  price: Price;
  remaining_count: Count;
}

/**
 * Cash that resting orders hold back in one market. Orders that would close the trader's
 * position need none; bids close NO contracts best price first (the order they fill in), asks
 * close YES contracts likewise. Linear in the number of orders unless the trader holds a
 * position the orders would close.
 *
 * @param position Signed position in the market.
 * @param orders The resting orders.
 * @param options `extra`: an order to count as well (one being placed); `skip`: an order to
 * leave out (one being amended).
 * @returns The reservation, µ$.
 */
export function reservation(
  position: Count,
  orders: Iterable<ReservingOrder>,
  options: { extra?: ReservingOrder; skip?: ReservingOrder } = {},
): Amount {
  const bidCover = Math.max(0, -position);
  const askCover = Math.max(0, position);
  const bids: ReservingOrder[] | undefined = bidCover > 0 ? [] : undefined;
  const asks: ReservingOrder[] | undefined = askCover > 0 ? [] : undefined;
  let total = 0;
  const visit = (o: ReservingOrder) => {
    if (o === options.skip) return;
    if (o.book_side === "bid") {
      if (bids) bids.push(o);
      else total += o.price * o.remaining_count;
    } else {
      if (asks) asks.push(o);
      else total += (ONE - o.price) * o.remaining_count;
    }
  };
  for (const o of orders) visit(o);
  if (options.extra) visit(options.extra);
  if (bids) total += covered(bids.sort((a, b) => b.price - a.price), bidCover, (p) => p);
  if (asks) total += covered(asks.sort((a, b) => a.price - b.price), askCover, (p) => ONE - p);
  return total;
}

/** Cost of orders (in fill order) beyond the first `free` contracts. */
function covered(orders: ReservingOrder[], free: Count, unit: (p: Price) => Price): Amount {
  let total = 0;
  for (const o of orders) {
    const c = Math.min(free, o.remaining_count);
    free -= c;
    total += unit(o.price) * (o.remaining_count - c);
  }
  return total;
}

/**
 * Applies one fill to a position.
 *
 * @param ps The position (updated in place).
 * @param side The side the trader traded on.
 * @param p The YES price of the fill.
 * @param count Contracts filled.
 * @param fee Fee charged, µ$.
 * @returns The change to the trader's cash, µ$ (negative when paying).
 */
export function applyFill(
  ps: PositionState,
  side: BookSide,
  p: Price,
  count: Count,
  fee: Amount,
): Amount {
  const q = sidePrice(side, p);
  const held = side === "bid" ? Math.max(0, -ps.position) : Math.max(0, ps.position);
  const close = Math.min(count, held);
  const open = count - close;
  let cash = 0;
  if (close > 0) {
    const basis = close === held ? ps.cost : Number(BigInt(ps.cost) * BigInt(close) / BigInt(held));
    const proceeds = (ONE - q) * close;
    ps.cost -= basis;
    ps.realized_pnl += proceeds - basis;
    cash += proceeds;
  }
  if (open > 0) {
    ps.cost += q * open;
    cash -= q * open;
  }
  ps.position += side === "bid" ? count : -count;
  ps.total_traded += q * count;
  ps.volume += count;
  ps.fees_paid += fee;
  return cash - fee;
}

/**
 * Contracts an order on `side` may fill without growing the position, for reduce-only orders.
 *
 * @param position Signed position.
 * @param side The order's side.
 * @returns The cap.
 */
export function reducible(position: Count, side: BookSide): Count {
  return side === "bid" ? Math.max(0, -position) : Math.max(0, position);
}
