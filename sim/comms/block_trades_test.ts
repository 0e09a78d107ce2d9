import assert from "node:assert/strict";
import { activeMarket, fails, ok, secondUser, startCommsSim } from "./testdata/helpers.ts";

type Obj = Record<string, unknown>;
const PATH = "/communications/block-trade-proposals";

Deno.test("block trade proposals are validated, listed per party and expire", async () => {
  await using s = await startCommsSim();
  const { sim, f } = s;
  const market = activeMarket(sim);
  const b = await secondUser(sim);
  using fb = b.f;
  const soon = (ms: number) => new Date(sim.exchange.clock.now() + ms).toISOString();
  const body = {
    buyer_user_id: sim.userId,
    seller_user_id: b.user.user_id,
    market_ticker: market.ticker,
    price_centi_cents: 4_500,
    centicount: 300,
    maker_side: "yes",
    expiration_ts: soon(60_000),
  };

  await fails(f, "POST", PATH, { ...body, buyer_user_id: undefined }, 400, "invalid_parameters");
  await fails(f, "POST", PATH, { ...body, seller_user_id: sim.userId }, 400);
  await fails(f, "POST", PATH, { ...body, seller_user_id: crypto.randomUUID() }, 404);
  await fails(f, "POST", PATH, { ...body, market_ticker: "NOPE" }, 404, "not_found");
  await fails(f, "POST", PATH, { ...body, price_centi_cents: 10_000 }, 400);
  await fails(f, "POST", PATH, { ...body, price_centi_cents: "4500" }, 400, "bad_request");
  await fails(f, "POST", PATH, { ...body, centicount: 0 }, 400);
  await fails(f, "POST", PATH, { ...body, maker_side: "both" }, 400);
  await fails(f, "POST", PATH, { ...body, expiration_ts: soon(-1_000) }, 400);
  await fails(f, "POST", PATH, { ...body, expiration_ts: "tomorrow" }, 400);
  await fails(f, "POST", PATH, { ...body, buyer_subaccount: 9 }, 400, "invalid_subaccount");
  await fails(f, "POST", PATH, { ...body, buyer_subtrader_id: "x_1" }, 403);
  const c = await secondUser(sim);
  using fc = c.f;
  await fails(fc, "POST", PATH, body, 403, "not_a_party");

  const id = ((await ok(f, "POST", PATH, body, 201)).body as Obj).block_trade_proposal_id as string;
  const mine = ((await ok(f, "GET", PATH)).body as { block_trade_proposals: Obj[] })
    .block_trade_proposals;
  assert.equal(mine.length, 1);
  assert.equal(mine[0]!.id, id);
  assert.equal(mine[0]!.proposer_user_id, sim.userId);
  assert.equal(mine[0]!.buyer_user_id, sim.userId);
  assert.equal(mine[0]!.seller_user_id, "", "the other party's id is hidden");
  assert.equal(mine[0]!.buyer_accepted, true, "the proposer accepts its own side");
  assert.equal(mine[0]!.seller_accepted, false);
  assert.equal(mine[0]!.status, "pending");
  assert.equal(mine[0]!.price_centi_cents, 4_500);
  assert.equal(mine[0]!.centicount, 300);
  const theirs = ((await ok(fb, "GET", `${PATH}?market_ticker=${market.ticker}`)).body as {
    block_trade_proposals: Obj[];
  }).block_trade_proposals;
  assert.equal(theirs[0]!.seller_user_id, b.user.user_id);
  assert.equal(theirs[0]!.buyer_user_id, "");
  const others = ((await ok(fc, "GET", PATH)).body as { block_trade_proposals: Obj[] })
    .block_trade_proposals;
  assert.equal(others.length, 0);
  const none = ((await ok(f, "GET", `${PATH}?status=executed`)).body as {
    block_trade_proposals: Obj[];
  }).block_trade_proposals;
  assert.equal(none.length, 0);

  await fails(f, "POST", `${PATH}/${id}/accept`, {}, 400, "already_accepted");
  await fails(fc, "POST", `${PATH}/${id}/accept`, {}, 404);
  await fails(fb, "POST", `${PATH}/${crypto.randomUUID()}/accept`, {}, 404);
  await fails(fb, "POST", `${PATH}/${id}/accept`, { subaccount: "1" }, 400, "bad_request");
  await fails(fb, "POST", `${PATH}/${id}/accept`, { subtrader_id: "x" }, 403);
  await fails(f, "GET", `${PATH}?limit=0`, undefined, 400);

  const short = ((await ok(f, "POST", PATH, { ...body, expiration_ts: soon(2_000) }, 201))
    .body as Obj).block_trade_proposal_id as string;
  s.advance(2_500);
  const listed = ((await ok(fb, "GET", `${PATH}?status=expired`)).body as {
    block_trade_proposals: Obj[];
  }).block_trade_proposals;
  assert.deepEqual(listed.map((p) => p.id), [short]);
  await fails(fb, "POST", `${PATH}/${short}/accept`, {}, 400, "proposal_not_pending");
});
