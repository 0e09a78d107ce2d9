// Execution through the trading part: RFQ quotes and block trades become orders, fills and
// positions.
import assert from "node:assert/strict";
import { parseCount, parsePrice } from "../../money/mod.ts";
import {
  activeMarket,
  commsEvent,
  nextEvent,
  ok,
  secondUser,
  startCommsSim,
  tickAtOrBelow,
} from "./testdata/helpers.ts";
import { RFQ_BOT_COUNT } from "./rfq_bots.ts";

type Obj = Record<string, unknown>;

Deno.test("RFQ and block trade execution", async (t) => {
  await using s = await startCommsSim();

  await t.step(
    "an RFQ quoted by a simulated market maker executes after accept and confirm",
    async () => {
      const { sim, f } = s;
      const market = activeMarket(sim);
      let quoted = 0;
      const allQuoted = new Promise<void>((resolve) => {
        const off = sim.exchange.bus.on((e) => {
          if (commsEvent("quote_created")(e) && ++quoted === RFQ_BOT_COUNT) {
            off();
            resolve();
          }
        });
      });
      const rfqId = ((await ok(f, "POST", "/communications/rfqs", {
        market_ticker: market.ticker,
        contracts: 5,
        rest_remainder: false,
      }, 201)).body as Obj).id as string;
      await allQuoted;
      const quotes = ((await ok(f, "GET", `/communications/quotes?rfq_id=${rfqId}&status=open`))
        .body as { quotes: Obj[] }).quotes;
      // Buy YES from the best (highest) NO bid.
      const best = quotes.filter((q) => q.no_bid_dollars !== "0.0000").sort((a, b) =>
        parsePrice(b.no_bid_dollars as string) - parsePrice(a.no_bid_dollars as string)
      )[0]!;
      const executed = nextEvent(sim, commsEvent("quote_executed", rfqId));
      await ok(f, "PUT", `/communications/rfqs/${rfqId}/quotes/${best.id}/accept`, {
        accepted_side: "yes",
      }, 204);
      const ev = await executed;
      const ws = s.comms.wsMessage(ev, sim.userId)!;
      assert.equal(ws.type, "quote_executed");
      assert.match(ws.msg.client_order_id as string, /^rfq:/);
      assert.equal(ev.quote_id, best.id);
      assert.ok(ev.audience?.includes(sim.userId));

      const q = ((await ok(f, "GET", `/communications/rfqs/${rfqId}/quotes/${best.id}`)).body as {
        quote: Obj;
      }).quote;
      assert.equal(q.status, "executed");
      assert.equal(typeof q.executed_ts, "string");
      assert.equal(typeof q.rfq_creator_order_id, "string");
      assert.equal(ws.msg.order_id, q.rfq_creator_order_id);
      assert.equal(q.creator_order_id, undefined, "the maker's order id is private");
      const rfq = ((await ok(f, "GET", `/communications/rfqs/${rfqId}`)).body as { rfq: Obj }).rfq;
      assert.equal(rfq.status, "closed");
      assert.equal(rfq.cancellation_reason, undefined);
      const others = quotes.filter((x) => x.id !== best.id);
      for (const o of others) {
        const x = ((await ok(f, "GET", `/communications/quotes/${o.id}`)).body as { quote: Obj })
          .quote;
        assert.equal(x.status, "cancelled");
      }
      const position = sim.exchange.trading.position(
        { user_id: sim.userId, subaccount: 0 },
        market.ticker,
      );
      assert.equal(position, parseCount("5"));
      const progress = ((await ok(f, "GET", "/account/api_usage_level/volume_progress")).body as {
        volume_progress: Obj[];
      }).volume_progress[0]!;
      assert.equal(progress.trailing_30d_volume_fp, "5.00");
    },
  );

  await t.step(
    "a quote from a second user executes on the NO side; block trades execute",
    async () => {
      const { sim, f, comms } = s;
      comms.bots.enabled = false;
      const market = activeMarket(sim, 1);
      const b = await secondUser(sim);
      using fb = b.f;
      const rfqId = ((await ok(f, "POST", "/communications/rfqs", {
        market_ticker: market.ticker,
        contracts_fp: "3.00",
        rest_remainder: false,
      }, 201)).body as Obj).id as string;
      const yesBid = tickAtOrBelow(market, 5_000);
      const quoteId = ((await ok(fb, "POST", "/communications/quotes", {
        rfq_id: rfqId,
        yes_bid: yesBid,
        no_bid: "0",
        rest_remainder: false,
      }, 201)).body as Obj).id as string;
      await ok(f, "PUT", `/communications/rfqs/${rfqId}/quotes/${quoteId}/accept`, {
        accepted_side: "no",
      }, 204);
      const executed = nextEvent(sim, commsEvent("quote_executed", rfqId));
      await ok(fb, "PUT", `/communications/rfqs/${rfqId}/quotes/${quoteId}/confirm`, {}, 204);
      await executed;
      const mine = ((await ok(fb, "GET", `/communications/quotes/${quoteId}`)).body as {
        quote: Obj;
      }).quote;
      assert.equal(mine.status, "executed");
      assert.equal(typeof mine.creator_order_id, "string");
      const trading = sim.exchange.trading;
      assert.equal(trading.position({ user_id: sim.userId, subaccount: 0 }, market.ticker), -300);
      assert.equal(
        trading.position({ user_id: b.user.user_id, subaccount: 0 }, market.ticker),
        300,
      );

      // Block trade: the demo user buys 2 YES from the second user at $0.45.
      const path = "/communications/block-trade-proposals";
      const id = ((await ok(f, "POST", path, {
        buyer_user_id: sim.userId,
        seller_user_id: b.user.user_id,
        market_ticker: market.ticker,
        price_centi_cents: 4_500,
        centicount: 200,
        maker_side: "no",
        expiration_ts: new Date(Date.now() + 60_000).toISOString(),
      }, 201)).body as Obj).block_trade_proposal_id as string;
      await ok(fb, "POST", `${path}/${id}/accept`, {}, 204);
      const p = ((await ok(f, "GET", path)).body as { block_trade_proposals: Obj[] })
        .block_trade_proposals.find((x) => x.id === id)!;
      assert.equal(p.status, "executed");
      assert.equal(typeof p.buyer_order_id, "string");
      assert.equal(p.seller_order_id, undefined);
      assert.equal(trading.position({ user_id: sim.userId, subaccount: 0 }, market.ticker), -100);
      assert.equal(
        trading.position({ user_id: b.user.user_id, subaccount: 0 }, market.ticker),
        100,
      );
    },
  );
});
