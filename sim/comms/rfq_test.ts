import assert from "node:assert/strict";
import { isOnTick, parseAmount, parseCount, parsePrice } from "../../money/mod.ts";
import { RFQ_BOT_COUNT } from "./rfq_bots.ts";
import {
  activeMarket,
  adminUser,
  commsEvent,
  fails,
  nextEvent,
  ok,
  secondUser,
  startCommsSim,
  tickAtOrBelow,
} from "./testdata/helpers.ts";

type Obj = Record<string, unknown>;

Deno.test("RFQs and quotes", async (t) => {
  await using s = await startCommsSim();

  await t.step(
    "RFQs are created, listed, quoted by simulated market makers and deleted",
    async () => {
      const { sim, f } = s;
      const market = activeMarket(sim);

      const id = (await ok(f, "GET", "/communications/id")).body as Obj;
      assert.equal(id.communications_id, sim.exchange.accounts.user(sim.userId)!.communications_id);

      const created = nextEvent(sim, commsEvent("rfq_created"));
      const quotes: Promise<unknown>[] = [];
      let seen = 0;
      const allQuoted = new Promise<void>((resolve) => {
        const off = sim.exchange.bus.on((e) => {
          if (commsEvent("quote_created")(e) && ++seen === RFQ_BOT_COUNT) {
            off();
            resolve();
          }
        });
      });
      quotes.push(allQuoted);
      const r = await ok(f, "POST", "/communications/rfqs", {
        market_ticker: market.ticker,
        contracts_fp: "2.50",
        rest_remainder: false,
      }, 201);
      const rfqId = (r.body as Obj).id as string;
      const ev = await created;
      assert.equal(ev.rfq_id, rfqId);
      assert.equal(ev.audience, undefined, "RFQs are broadcast");

      const got = (await ok(f, "GET", `/communications/rfqs/${rfqId}`)).body as { rfq: Obj };
      assert.equal(got.rfq.status, "open");
      assert.equal(got.rfq.contracts_fp, "2.50");
      assert.equal(got.rfq.market_ticker, market.ticker);
      assert.equal(got.rfq.creator_user_id, sim.userId);
      assert.equal(got.rfq.creator_subaccount, 0);

      await Promise.all(quotes);
      const list = (await ok(f, "GET", `/communications/quotes?rfq_id=${rfqId}`)).body as {
        quotes: Obj[];
      };
      assert.equal(list.quotes.length, RFQ_BOT_COUNT);
      for (const q of list.quotes) {
        assert.equal(q.status, "open");
        assert.equal(q.rfq_creator_user_id, sim.userId);
        assert.equal(q.creator_user_id, undefined, "the maker's user id is private");
        const yes = parsePrice(q.yes_bid_dollars as string);
        const no = parsePrice(q.no_bid_dollars as string);
        assert.ok(yes + no < 10_000, "makers quote a spread");
        assert.ok(yes === 0 || isOnTick(yes, market.bands));
        assert.equal(q.yes_contracts_fp, "2.50");
      }
      const quoteId = list.quotes[0]!.id as string;
      const legacy = await ok(f, "GET", `/communications/quotes/${quoteId}`);
      assert.equal(legacy.headers.get("deprecation"), "true");
      await ok(f, "GET", `/communications/rfqs/${rfqId}/quotes/${quoteId}`);

      const mine = (await ok(f, "GET", "/communications/rfqs?user_filter=self&status=open"))
        .body as {
          rfqs: Obj[];
        };
      assert.deepEqual(mine.rfqs.map((x) => x.id), [rfqId]);
      const byMarket = (await ok(f, "GET", `/communications/rfqs?market_ticker=${market.ticker}`))
        .body as { rfqs: Obj[] };
      assert.equal(byMarket.rfqs.length, 1);
      const byOther = (await ok(f, "GET", `/communications/rfqs?creator_user_id=nobody`)).body as {
        rfqs: Obj[];
      };
      assert.equal(byOther.rfqs.length, 0);

      // One open RFQ per market unless replace_existing.
      const body = { market_ticker: market.ticker, contracts: 1, rest_remainder: true };
      await fails(f, "POST", "/communications/rfqs", body, 409, "rfq_already_exists");
      const replaced = await ok(f, "POST", "/communications/rfqs", {
        ...body,
        replace_existing: true,
      }, 201);
      const newId = (replaced.body as Obj).id as string;
      const old = (await ok(f, "GET", `/communications/rfqs/${rfqId}`)).body as { rfq: Obj };
      assert.equal(old.rfq.status, "closed");
      assert.equal(old.rfq.cancellation_reason, "replaced");
      const cancelled =
        (await ok(f, "GET", `/communications/quotes?rfq_id=${rfqId}&status=cancelled`))
          .body as { quotes: Obj[] };
      assert.equal(cancelled.quotes.length, RFQ_BOT_COUNT);
      assert.ok(cancelled.quotes.every((q) => q.cancellation_reason === "rfq_closed"));

      // Pagination: newest first, cursor to the end.
      const p1 = (await ok(f, "GET", "/communications/rfqs?limit=1")).body as {
        rfqs: Obj[];
        cursor: string;
      };
      assert.equal(p1.rfqs[0]!.id, newId);
      assert.notEqual(p1.cursor, "");
      const p2 = (await ok(f, "GET", `/communications/rfqs?limit=1&cursor=${p1.cursor}`)).body as {
        rfqs: Obj[];
        cursor: string;
      };
      assert.equal(p2.rfqs[0]!.id, rfqId);
      assert.equal(p2.cursor, "");

      const deleted = nextEvent(sim, commsEvent("rfq_deleted", newId));
      await ok(f, "DELETE", `/communications/rfqs/${newId}`, undefined, 204);
      await deleted;
      const after = (await ok(f, "GET", `/communications/rfqs/${newId}`)).body as { rfq: Obj };
      assert.equal(after.rfq.status, "closed");
      assert.equal(after.rfq.cancellation_reason, "user_cancelled");
      assert.equal(typeof after.rfq.cancelled_ts, "string");
      await fails(f, "DELETE", `/communications/rfqs/${newId}`, undefined, 400, "rfq_closed");
    },
  );

  await t.step(
    "a second user (from the admin API) quotes, the RFQ creator accepts and the quoter confirms",
    async () => {
      const { sim, f, comms } = s;
      comms.bots.enabled = false;
      comms.timing.executionDelayMs = 3_600_000; // stays confirmed in this test
      const market = activeMarket(sim, 1);
      const b = await adminUser(sim); // through POST /_sim/users
      using fb = b.f;

      const createdEv = nextEvent(sim, commsEvent("rfq_created"));
      const rfqId = ((await ok(f, "POST", "/communications/rfqs", {
        market_ticker: market.ticker,
        target_cost_dollars: "10.00",
        rest_remainder: false,
      }, 201)).body as Obj).id as string;

      const seen = (await ok(fb, "GET", `/communications/rfqs/${rfqId}`)).body as { rfq: Obj };
      assert.equal(seen.rfq.creator_id, "0", "the creator is hidden while the RFQ is open");
      assert.equal(seen.rfq.creator_user_id, undefined);
      assert.equal(seen.rfq.target_cost_dollars, "10.0000");
      assert.equal(seen.rfq.contracts_fp, "0.00");

      const yesText = tickAtOrBelow(market, 4_000), noText = tickAtOrBelow(market, 5_500);
      const noBid = parsePrice(noText);
      const quoted = nextEvent(sim, commsEvent("quote_created", rfqId));
      const qr = await ok(fb, "POST", "/communications/quotes", {
        rfq_id: rfqId,
        yes_bid: yesText,
        no_bid: noText,
        rest_remainder: false,
        post_only: true,
      }, 201);
      const quoteId = (qr.body as Obj).id as string;
      const qe = await quoted;
      // WebSocket payloads: the RFQ creator is hidden from the maker while the RFQ is open.
      const created = comms.wsMessage(await createdEv, b.user.user_id)!;
      assert.equal(created.type, "rfq_created");
      assert.equal(created.msg.id, rfqId);
      assert.equal(created.msg.creator_id, "0");
      assert.equal(created.msg.target_cost_dollars, "10.0000");
      assert.equal(created.msg.event_ticker, market.event_ticker);
      const myComms = sim.exchange.accounts.user(sim.userId)!.communications_id;
      assert.equal(comms.wsMessage(await createdEv, sim.userId)!.msg.creator_id, myComms);
      const forMe = comms.wsMessage(qe, sim.userId)!;
      assert.equal(forMe.msg.quote_id, quoteId);
      assert.equal(forMe.msg.rfq_creator_id, myComms);
      assert.equal(forMe.msg.yes_bid_dollars, yesText);
      assert.equal(comms.wsMessage(qe, b.user.user_id)!.msg.rfq_creator_id, "0");
      assert.equal(comms.wsMessage(qe, crypto.randomUUID()), undefined);
      assert.deepEqual(new Set(qe.audience), new Set([sim.userId, b.user.user_id]));

      const mine = ((await ok(fb, "GET", `/communications/quotes?user_filter=self`)).body as {
        quotes: Obj[];
      }).quotes;
      assert.equal(mine.length, 1);
      assert.equal(mine[0]!.creator_user_id, b.user.user_id);
      assert.equal(mine[0]!.post_only, true);
      assert.equal(mine[0]!.rfq_creator_id, "0");
      assert.equal(mine[0]!.rfq_creator_user_id, undefined);

      const theirs =
        ((await ok(f, "GET", `/communications/quotes?rfq_user_filter=self&rfq_id=${rfqId}`))
          .body as {
            quotes: Obj[];
          }).quotes;
      assert.equal(theirs.length, 1);
      const q0 = theirs[0]!;
      // Buying YES costs 1 − no_bid per contract; the size fits the $10 target cost with fees.
      const yesCount = parseCount(q0.yes_contracts_fp as string);
      const yesPrice = 10_000 - noBid;
      assert.ok(yesCount > 0);
      assert.ok(yesPrice * yesCount <= parseAmount("10"));
      assert.ok(yesPrice * (yesCount + 100) > parseAmount("10") - 200_000, "close to the budget");
      assert.equal(q0.rfq_target_cost_dollars, "10.0000");

      await fails(
        f,
        "POST",
        "/communications/quotes",
        {
          rfq_id: rfqId,
          yes_bid: yesText,
          no_bid: "0",
          rest_remainder: false,
        },
        400,
        "cannot_quote_own_rfq",
      );
      await fails(fb, "PUT", `/communications/rfqs/${rfqId}/quotes/${quoteId}/confirm`, {}, 400);
      await fails(
        fb,
        "PUT",
        `/communications/rfqs/${rfqId}/quotes/${quoteId}/accept`,
        {
          accepted_side: "yes",
        },
        400,
        "not_rfq_creator",
      );
      await fails(f, "PUT", `/communications/rfqs/${rfqId}/quotes/${quoteId}/accept`, {
        accepted_side: "maybe",
      }, 400);
      await fails(f, "PUT", `/communications/rfqs/${rfqId}/quotes/${quoteId}/accept`, {}, 400);

      const accepted = nextEvent(sim, commsEvent("quote_accepted", rfqId));
      const legacy = await ok(f, "PUT", `/communications/quotes/${quoteId}/accept`, {
        accepted_side: "no",
      }, 204);
      assert.equal(legacy.headers.get("deprecation"), "true");
      const acceptedEv = await accepted;
      assert.equal(acceptedEv.quote_id, quoteId);
      const acceptedMsg = comms.wsMessage(acceptedEv, b.user.user_id)!.msg;
      assert.equal(acceptedMsg.accepted_side, "no");
      assert.notEqual(acceptedMsg.contracts_accepted_fp, "0.00");
      const acc = ((await ok(f, "GET", `/communications/rfqs/${rfqId}/quotes/${quoteId}`)).body as {
        quote: Obj;
      }).quote;
      assert.equal(acc.status, "accepted");
      assert.equal(acc.accepted_side, "no");
      assert.equal(typeof acc.accepted_ts, "string");

      await fails(
        f,
        "PUT",
        `/communications/rfqs/${rfqId}/quotes/${quoteId}/accept`,
        {
          accepted_side: "no",
        },
        400,
        "quote_not_open",
      );
      await fails(
        fb,
        "POST",
        "/communications/quotes",
        {
          rfq_id: rfqId,
          yes_bid: yesText,
          no_bid: noText,
          rest_remainder: false,
        },
        400,
        "quote_already_accepted",
      );
      await fails(f, "PUT", `/communications/rfqs/${rfqId}/quotes/${quoteId}/confirm`, {}, 400);

      const confirmed = await ok(fb, "PUT", `/communications/quotes/${quoteId}/confirm`, {}, 204);
      assert.equal(confirmed.headers.get("deprecation"), "true");
      const conf = ((await ok(fb, "GET", `/communications/quotes/${quoteId}`)).body as {
        quote: Obj;
      }).quote;
      assert.equal(conf.status, "confirmed");
      assert.equal(typeof conf.confirmed_ts, "string");
      await fails(f, "DELETE", `/communications/rfqs/${rfqId}`, undefined, 400);
      await fails(fb, "DELETE", `/communications/rfqs/${rfqId}/quotes/${quoteId}`, undefined, 400);
      // Third parties see neither the quote nor can they delete the RFQ.
      await fails(fb, "DELETE", `/communications/rfqs/${rfqId}`, undefined, 404);
    },
  );

  await t.step("quotes are withdrawn, time out unconfirmed, and RFQs expire", async () => {
    const { sim, f, comms } = s;
    comms.bots.enabled = false;
    comms.timing.confirmWindowMs = 2_000;
    comms.timing.rfqTtlMs = 5_000;
    const market = activeMarket(sim, 2);
    const b = await secondUser(sim);
    using fb = b.f;

    const rfqId = ((await ok(f, "POST", "/communications/rfqs", {
      market_ticker: market.ticker,
      contracts: 3,
      rest_remainder: false,
    }, 201)).body as Obj).id as string;
    const quote = async () =>
      ((await ok(fb, "POST", "/communications/quotes", {
        rfq_id: rfqId,
        yes_bid: "0",
        no_bid: "0.5000",
        rest_remainder: false,
      }, 201)).body as Obj).id as string;
    const q1 = await quote();
    const q2 = await quote(); // replaces q1
    const first = ((await ok(fb, "GET", `/communications/quotes/${q1}`)).body as { quote: Obj })
      .quote;
    assert.equal(first.status, "cancelled");
    assert.equal(first.cancellation_reason, "replaced");
    await fails(
      f,
      "PUT",
      `/communications/rfqs/${rfqId}/quotes/${q2}/accept`,
      {
        accepted_side: "no",
      },
      400,
      "side_not_quoted",
    );
    await ok(f, "PUT", `/communications/rfqs/${rfqId}/quotes/${q2}/accept`, {
      accepted_side: "yes",
    }, 204);
    s.advance(2_001);
    comms.tick();
    const timedOut = ((await ok(f, "GET", `/communications/quotes/${q2}`)).body as { quote: Obj })
      .quote;
    assert.equal(timedOut.status, "cancelled");
    assert.equal(timedOut.cancellation_reason, "confirmation_timeout");

    const q3 = await quote();
    await ok(fb, "DELETE", `/communications/rfqs/${rfqId}/quotes/${q3}`, undefined, 204);
    const withdrawn = ((await ok(f, "GET", `/communications/quotes/${q3}`)).body as { quote: Obj })
      .quote;
    assert.equal(withdrawn.cancellation_reason, "user_cancelled");
    await fails(fb, "DELETE", `/communications/quotes/${q3}`, undefined, 400);
    const q4 = await quote();
    await ok(fb, "DELETE", `/communications/quotes/${q4}`, undefined, 204);

    s.advance(3_000);
    comms.tick();
    const expired = ((await ok(fb, "GET", `/communications/rfqs/${rfqId}`)).body as { rfq: Obj })
      .rfq;
    assert.equal(expired.status, "closed");
    assert.equal(expired.cancellation_reason, "expired");
    assert.equal(typeof expired.creator_id, "string");
    assert.notEqual(expired.creator_id, "0", "revealed once closed");
    await fails(
      fb,
      "POST",
      "/communications/quotes",
      {
        rfq_id: rfqId,
        yes_bid: "0.1000",
        no_bid: "0",
        rest_remainder: false,
      },
      400,
      "rfq_closed",
    );
  });

  await t.step("bad RFQ and quote requests get Kalshi's 4xx bodies", async () => {
    const { sim, f } = s;
    const market = activeMarket(sim, 3);
    const rfqs = "/communications/rfqs";
    const base = { market_ticker: market.ticker, contracts: 1, rest_remainder: false };
    await fails(f, "POST", rfqs, { ...base, market_ticker: "NOPE-1" }, 404, "not_found");
    await fails(
      f,
      "POST",
      rfqs,
      { contracts: 1, rest_remainder: false },
      400,
      "invalid_parameters",
    );
    await fails(f, "POST", rfqs, { market_ticker: market.ticker, contracts: 1 }, 400);
    await fails(f, "POST", rfqs, { market_ticker: market.ticker, rest_remainder: false }, 400);
    await fails(f, "POST", rfqs, { ...base, contracts: 0 }, 400);
    await fails(f, "POST", rfqs, { ...base, contracts: "1" }, 400, "bad_request");
    await fails(f, "POST", rfqs, { ...base, contracts_fp: "2.00" }, 400);
    await fails(f, "POST", rfqs, { ...base, contracts: undefined, contracts_fp: "1.001" }, 400);
    await fails(f, "POST", rfqs, { ...base, target_cost_dollars: "5" }, 400);
    await fails(f, "POST", rfqs, { ...base, target_cost_excludes_fees: true }, 400);
    await fails(f, "POST", rfqs, { ...base, subaccount: 5 }, 400, "invalid_subaccount");
    await fails(f, "POST", rfqs, "{not json", 400, "bad_request");
    await fails(f, "POST", rfqs, [1, 2], 400, "bad_request");
    const closed = sim.exchange.catalogue.allMarkets().find((m) => m.status !== "active");
    if (closed) {
      await fails(f, "POST", rfqs, { ...base, market_ticker: closed.ticker }, 400);
    }

    const rfqId = ((await ok(f, "POST", rfqs, base, 201)).body as Obj).id as string;
    const b = await secondUser(sim);
    using fb = b.f;
    const quote = { rfq_id: rfqId, yes_bid: "0.4000", no_bid: "0.5000", rest_remainder: false };
    const quotes = "/communications/quotes";
    await fails(fb, "POST", quotes, { ...quote, rfq_id: crypto.randomUUID() }, 404);
    await fails(fb, "POST", quotes, { ...quote, yes_bid: undefined }, 400);
    await fails(fb, "POST", quotes, { ...quote, yes_bid: 0.4 }, 400, "bad_request");
    await fails(fb, "POST", quotes, { ...quote, yes_bid: "1.0000" }, 400, "invalid_price");
    await fails(fb, "POST", quotes, { ...quote, yes_bid: "-0.10" }, 400);
    await fails(fb, "POST", quotes, { ...quote, yes_bid: "0", no_bid: "0.00" }, 400);
    await fails(fb, "POST", quotes, { ...quote, rest_remainder: undefined }, 400);
    if (!isOnTick(4050, market.bands)) {
      await fails(fb, "POST", quotes, { ...quote, yes_bid: "0.4050" }, 400, "invalid_price");
    }

    await fails(f, "GET", `${rfqs}/not-a-uuid`, undefined, 400);
    await fails(f, "GET", `${rfqs}/${crypto.randomUUID()}`, undefined, 404, "not_found");
    await fails(f, "GET", `${quotes}/${crypto.randomUUID()}`, undefined, 404);
    await fails(f, "DELETE", `${rfqs}/${crypto.randomUUID()}`, undefined, 404);
    const qid = ((await ok(fb, "POST", quotes, quote, 201)).body as Obj).id as string;
    await fails(f, "GET", `${rfqs}/${crypto.randomUUID()}/quotes/${qid}`, undefined, 404);
    await fails(f, "PUT", `${quotes}/${qid}/accept`, { accepted_side: 1 }, 400, "bad_request");
    await fails(f, "GET", `${rfqs}?limit=0`, undefined, 400);
    await fails(f, "GET", `${rfqs}?limit=101`, undefined, 400);
    await fails(f, "GET", `${rfqs}?status=pending`, undefined, 400);
    await fails(f, "GET", `${quotes}?limit=501`, undefined, 400);
    await fails(f, "GET", `${quotes}?min_ts=yesterday`, undefined, 400);
    const anon = await f("GET", rfqs, undefined, { signed: false });
    assert.equal(anon.status, 401);
    // A third user sees the RFQ but not the quote.
    const c = await secondUser(sim);
    using fc = c.f;
    await ok(fc, "GET", `${rfqs}/${rfqId}`);
    await fails(fc, "GET", `${quotes}/${qid}`, undefined, 404);
    const none = (await ok(fc, "GET", quotes)).body as { quotes: unknown[] };
    assert.equal(none.quotes.length, 0);
  });
});
