// Arbitrary bodies and ids on every route of the part answer Kalshi-shaped 2xx/4xx, never 5xx.
import assert from "node:assert/strict";
import fc from "fast-check";
import type { SimFetch } from "../../_testing/sim_fetch.ts";
import { activeMarket, startCommsSim } from "./testdata/helpers.ts";

const FIELDS = [
  "market_ticker",
  "contracts",
  "contracts_fp",
  "target_cost_dollars",
  "target_cost_centi_cents",
  "rest_remainder",
  "replace_existing",
  "subaccount",
  "rfq_id",
  "yes_bid",
  "no_bid",
  "accepted_side",
  "buyer_user_id",
  "seller_user_id",
  "price_centi_cents",
  "centicount",
  "maker_side",
  "expiration_ts",
  "public_key",
  "scopes",
  "client_transfer_id",
  "from_subaccount",
  "to_subaccount",
  "amount_cents",
  "subaccount_number",
  "enabled",
  "source",
  "destination",
  "amount",
  "allocations",
  "percent",
  "exchange_index",
];

const value = fc.oneof(
  fc.constantFrom("0", "1", "0.5000", "-1", "1e3", "", "yes", "no", "event_contract", "abc"),
  fc.integer({ min: -2, max: 200 }),
  fc.constantFrom(0.5, 1e20, -0, Number.MAX_SAFE_INTEGER + 2),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.object()), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
  fc.uuid(),
);

const body = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.constantFrom(...FIELDS), value) },
  { weight: 1, arbitrary: fc.jsonValue() },
  { weight: 1, arbitrary: fc.constantFrom("{", "[]", "null", "nope", "") },
);

async function noServerError(f: SimFetch, method: string, path: string, b: unknown) {
  const r = await f(method, path, b);
  assert.ok(r.status < 500, `${method} ${path} ${JSON.stringify(b)} → ${r.status}`);
  if (r.status >= 400) {
    assert.equal(typeof r.body, "object", `${method} ${path}: ${JSON.stringify(r.body)}`);
  }
}

Deno.test("arbitrary requests never get a 5xx", async () => {
  await using s = await startCommsSim();
  const { sim, f, comms } = s;
  comms.bots.enabled = false;
  const market = activeMarket(sim);
  const ids = [crypto.randomUUID(), "x", "%20", "1".repeat(200)];
  const writes: [string, string][] = [
    ["POST", "/communications/rfqs"],
    ["POST", "/communications/quotes"],
    ["PUT", "/communications/quotes/{id}/accept"],
    ["PUT", "/communications/rfqs/{id}/quotes/{id}/accept"],
    ["PUT", "/communications/quotes/{id}/confirm"],
    ["POST", "/communications/block-trade-proposals"],
    ["POST", "/communications/block-trade-proposals/{id}/accept"],
    ["POST", "/api_keys"],
    ["POST", "/portfolio/subaccounts/transfer"],
    ["PUT", "/portfolio/subaccounts/netting"],
    ["POST", "/portfolio/intra_exchange_instance_transfer"],
    ["POST", "/portfolio/target_balance_allocation"],
  ];
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...writes),
      fc.constantFrom(...ids),
      body,
      async ([method, tpl], id, b) => {
        const withMarket = b && typeof b === "object" && !Array.isArray(b) && "market_ticker" in b
          ? { ...b, market_ticker: market.ticker }
          : b;
        await noServerError(f, method, tpl.replaceAll("{id}", encodeURIComponent(id)), withMarket);
      },
    ),
    { numRuns: 60, seed: 42 },
  );
  const reads = [
    "/communications/rfqs",
    "/communications/quotes",
    "/communications/block-trade-proposals",
    "/portfolio/deposits",
    "/portfolio/withdrawals",
    "/portfolio/subaccounts/transfers",
    "/portfolio/intra_exchange_instance_transfers",
  ];
  const params = ["limit", "cursor", "status", "subaccount", "min_ts", "user_filter", "rfq_id"];
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...reads),
      fc.dictionary(fc.constantFrom(...params), fc.oneof(fc.string(), fc.integer().map(String))),
      async (path, q) => {
        await noServerError(f, "GET", `${path}?${new URLSearchParams(q)}`, undefined);
      },
    ),
    { numRuns: 30, seed: 42 },
  );
  for (const id of ids) {
    const e = encodeURIComponent(id);
    for (
      const [method, path] of [
        ["GET", `/communications/rfqs/${e}`],
        ["DELETE", `/communications/rfqs/${e}`],
        ["GET", `/communications/quotes/${e}`],
        ["DELETE", `/communications/quotes/${e}`],
        ["GET", `/communications/rfqs/${e}/quotes/${e}`],
        ["DELETE", `/communications/rfqs/${e}/quotes/${e}`],
        ["PUT", `/communications/rfqs/${e}/quotes/${e}/confirm`],
        ["DELETE", `/api_keys/${e}`],
        ["GET", `/portfolio/intra_exchange_instance_transfers/${e}`],
      ] as const
    ) await noServerError(f, method, path, undefined);
  }
});
