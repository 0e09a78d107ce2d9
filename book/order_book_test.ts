import assert from "node:assert/strict";
import { KalshiMoneyError, KalshiProtocolError } from "../errors.ts";
import { OrderBook, OrderBooks } from "./mod.ts";
import type { FixMdEntry } from "./mod.ts";

const wsExamples = JSON.parse(
  await Deno.readTextFile(new URL("./testdata/orderbook_delta.json", import.meta.url)),
) as Record<string, { type: string; msg: Record<string, unknown> }>;
const restFp = JSON.parse(
  await Deno.readTextFile(new URL("./testdata/orderbook_fp.json", import.meta.url)),
);
const restCents = JSON.parse(
  await Deno.readTextFile(new URL("./testdata/orderbook_legacy_cents.json", import.meta.url)),
);

const T = "FED-23DEC-T3.00";

function snapshot(yes: [string, string][] | undefined, no: [string, string][] | undefined) {
  return {
    market_ticker: T,
    ...(yes ? { yes_dollars_fp: yes } : {}),
    ...(no ? { no_dollars_fp: no } : {}),
  };
}

function delta(side: "yes" | "no", price: string, d: string) {
  return { market_ticker: T, price_dollars: price, delta_fp: d, side };
}

function assertProtocolError(fn: () => unknown, code: string, message?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof KalshiProtocolError, String(e));
    assert.equal(e.code, code);
    if (message) assert.match(e.message, message);
    return true;
  });
}

Deno.test("applySnapshot() reads every era of the WebSocket example identically", () => {
  const books = ["current", "2026-03-06", "2026-01"].map((era) => {
    const book = new OrderBook(T);
    book.applySnapshot(wsExamples[`${era}/orderbookSnapshot/orderbookWithBothSides`]!.msg);
    return book;
  });
  assert.deepEqual(books[0]!.levels("yes"), [
    { price: 800, count: 30000 },
    { price: 2200, count: 33300 },
  ]);
  assert.deepEqual(books[0]!.levels("no"), [
    { price: 5400, count: 2000 },
    { price: 5600, count: 14600 },
  ]);
  assert.ok(books[0]!.equals(books[1]!));
  assert.ok(books[0]!.equals(books[2]!));
  // Legacy-only shapes: integer cents, and `_dollars` with integer counts.
  const cents = new OrderBook(T);
  cents.applySnapshot({ market_ticker: T, yes: [[8, 300], [22, 333]], no: [[54, 20], [56, 146]] });
  assert.ok(cents.equals(books[0]!));
  const dollars = new OrderBook(T);
  dollars.applySnapshot({
    market_ticker: T,
    yes_dollars: [["0.080", 300], ["0.220", 333]],
    no_dollars: [["0.540", 20], ["0.560", 146]],
  });
  assert.ok(dollars.equals(books[0]!));
});

Deno.test("applySnapshot() accepts the whole frame, omitted sides and any level order", () => {
  const book = new OrderBook(T);
  book.applySnapshot(wsExamples["current/orderbookSnapshot/orderbookWithBothSides"]);
  assert.equal(book.levelCount("yes"), 2);
  book.applySnapshot(snapshot([["0.3000", "1.00"], ["0.1000", "2.00"], ["0.2000", "0.00"]], [
    ["0.6000", "1.00"],
    ["0.5000", "3.00"],
  ]));
  // Sorted ascending, zero-count levels dropped.
  assert.deepEqual(book.levels("yes"), [{ price: 1000, count: 200 }, { price: 3000, count: 100 }]);
  assert.deepEqual(book.levels("no"), [{ price: 5000, count: 300 }, { price: 6000, count: 100 }]);
  book.applySnapshot(snapshot(undefined, undefined));
  assert.ok(book.isEmpty);
  book.applySnapshot({ market_ticker: T, yes_dollars_fp: null });
  assert.ok(book.isEmpty);
});

Deno.test("applySnapshot() rejects bad levels and leaves the book unchanged", () => {
  const book = new OrderBook(T);
  book.applySnapshot(snapshot([["0.4000", "5.00"]], [["0.5000", "5.00"]]));
  const before = book.clone();
  const bad: unknown[] = [
    snapshot([["0.1000", "1.00"]], [["0.5000", "1.00"], ["0.5000", "2.00"]]), // duplicate
    snapshot([["0.1000", "1.00"], ["0.0000", "2.00"]], undefined), // price 0
    snapshot([["1.0000", "1.00"]], undefined), // price 1
    snapshot([["0.1000", "-1.00"]], undefined),
    snapshot([["0.10005", "1.00"]], undefined),
    snapshot([["0.1000", "1.001"]], undefined),
    { market_ticker: T, yes_dollars_fp: [["0.1000"]] },
    { market_ticker: T, yes_dollars_fp: "x" },
    { yes_dollars_fp: [] },
    null,
  ];
  for (const msg of bad) {
    assertProtocolError(() => book.applySnapshot(msg), "book_invalid_message");
    assert.ok(book.equals(before));
  }
  assertProtocolError(
    () => book.applySnapshot({ ...snapshot([], []), market_ticker: "OTHER" }),
    "book_wrong_market",
    /market "OTHER" is not this book's market/,
  );
  assert.ok(book.equals(before));
});

Deno.test("applyDelta() applies signed changes exactly and removes empty levels", () => {
  const book = new OrderBook(T);
  book.applySnapshot(wsExamples["current/orderbookSnapshot/orderbookWithBothSides"]!.msg);
  assert.equal(book.applyDelta(delta("yes", "0.2200", "-33.00")), 30000);
  assert.equal(book.applyDelta(delta("yes", "0.2300", "0.45")), 45);
  assert.equal(book.applyDelta(delta("yes", "0.2300", "-0.45")), 0);
  assert.equal(book.volumeAt(2300), 0);
  assert.equal(book.levelCount("yes"), 2);
  assert.equal(book.applyDelta(delta("no", "0.5400", "-20.00")), 0);
  assert.deepEqual(book.levels("no"), [{ price: 5600, count: 14600 }]);
  // Legacy integer fields, and the whole frame.
  assert.equal(book.applyDelta({ market_ticker: T, price: 8, delta: -100, side: "yes" }), 20000);
  const frame = structuredClone(wsExamples["current/orderbookDelta/priceLevelUpdate"]!);
  frame.msg.delta_fp = "54.00";
  assert.equal(book.applyDelta(frame), 5400);
  assert.equal(book.volumeAt(9600), 5400);
});

Deno.test("applyDelta() throws on a negative level and changes nothing", () => {
  const book = new OrderBook(T);
  book.applySnapshot(wsExamples["current/orderbookSnapshot/orderbookWithBothSides"]!.msg);
  const before = book.clone();
  // The spec example removes 54 at 0.96 where nothing rests.
  assertProtocolError(
    () => book.applyDelta(wsExamples["current/orderbookDelta/priceLevelUpdate"]),
    "book_negative_level",
    /level "0\.9600" on yes would become "-54\.00"/,
  );
  assertProtocolError(
    () => book.applyDelta(delta("no", "0.5400", "-20.01")),
    "book_negative_level",
  );
  for (
    const msg of [
      delta("yes", "0.0000", "1.00"),
      delta("yes", "1.0000", "1.00"),
      delta("yes", "0.5", "x"),
      { ...delta("yes", "0.5000", "1.00"), side: "maybe" },
      { market_ticker: T, side: "yes", delta_fp: "1.00" },
      { market_ticker: T, side: "yes", price_dollars: "0.5000" },
      { ...delta("yes", "0.5000", "1.00"), market_ticker: 5 },
    ]
  ) {
    assertProtocolError(() => book.applyDelta(msg), "book_invalid_message");
  }
  assertProtocolError(
    () => book.applyDelta({ ...delta("yes", "0.5000", "1.00"), market_ticker: "X" }),
    "book_wrong_market",
  );
  assert.ok(book.equals(before));
});

Deno.test("useYesPrice: NO levels on the YES scale are stored on the NO scale", () => {
  const plain = new OrderBook(T);
  plain.applySnapshot(snapshot([["0.4000", "1.00"]], [["0.5400", "2.00"], ["0.5600", "3.00"]]));
  const yesScale = new OrderBook(T, { useYesPrice: true });
  yesScale.applySnapshot(snapshot([["0.4000", "1.00"]], [["0.4600", "2.00"], ["0.4400", "3.00"]]));
  assert.ok(plain.equals(yesScale));
  yesScale.applyDelta(delta("no", "0.4400", "-1.00"));
  assert.equal(yesScale.volumeAt(5600, "no"), 200);
  assert.equal(
    yesScale.applyFrameText(
      `{"type":"orderbook_delta","sid":1,"seq":2,"msg":{"market_ticker":"${T}",` +
        `"price_dollars":"0.4500","delta_fp":"1.00","side":"no"}}`,
    )?.type,
    "orderbook_delta",
  );
  assert.equal(yesScale.volumeAt(5500, "no"), 100);
  // REST bodies are always on the NO scale.
  yesScale.replaceFromRest(restFp);
  const check = new OrderBook();
  check.replaceFromRest(restFp);
  assert.ok(check.equals(yesScale));
});

Deno.test("replaceFromRest() reads orderbook_fp and legacy cents alike; toJSON() round-trips", () => {
  const fp = new OrderBook();
  fp.replaceFromRest(restFp);
  const cents = new OrderBook();
  cents.replaceFromRest(restCents);
  assert.ok(fp.equals(cents));
  assert.deepEqual(fp.toJSON(), restFp);
  assert.deepEqual(JSON.parse(JSON.stringify(cents)), restFp);
  const back = new OrderBook();
  back.replaceFromRest(fp.toJSON());
  assert.ok(back.equals(fp));
  // Empty sides: null, missing, [].
  const empty = new OrderBook();
  empty.replaceFromRest({ orderbook: { yes: null, no: [] } });
  assert.ok(empty.isEmpty);
  assert.deepEqual(empty.toJSON(), { orderbook_fp: { yes_dollars: [], no_dollars: [] } });
  assertProtocolError(() => empty.replaceFromRest({}), "book_invalid_message");
  assertProtocolError(() => empty.replaceFromRest(null), "book_invalid_message");
  assertProtocolError(
    () => empty.replaceFromRest({ orderbook: { yes: [[0.5, 1]] } }),
    "book_invalid_message",
  );
});

Deno.test("queries: best bid/ask, spread, mid, depth on the REST example", () => {
  const book = new OrderBook();
  book.replaceFromRest(restFp);
  assert.deepEqual(book.bestBid("yes"), { price: 4200, count: 1300 });
  assert.deepEqual(book.bestBid("no"), { price: 5600, count: 1700 });
  assert.deepEqual(book.bestAsk("yes"), { price: 4400, count: 1700 });
  assert.deepEqual(book.bestAsk("no"), { price: 5800, count: 1300 });
  assert.equal(book.spread("yes"), 200);
  assert.equal(book.spread("no"), 200);
  assert.equal(book.mid("yes"), 4300);
  assert.equal(book.mid("no"), 5700);
  assert.deepEqual(book.depth(2), {
    bids: [{ price: 4200, count: 1300 }, { price: 4100, count: 1000 }],
    asks: [{ price: 4400, count: 1700 }, { price: 5500, count: 2000 }],
  });
  assert.deepEqual(book.depth(1, "no"), {
    bids: [{ price: 5600, count: 1700 }],
    asks: [{ price: 5800, count: 1300 }],
  });
  assert.equal(book.depth(100).bids.length, 12);
  assert.deepEqual(book.depth(0), { bids: [], asks: [] });
  assert.equal(book.volumeAt(3800, "no"), 30000);
  assert.equal(book.volumeAt(3900, "no"), 0);
  assert.equal(book.isCrossed(), false);
  const odd = new OrderBook();
  odd.replaceFromRest({
    orderbook_fp: { yes_dollars: [["0.4200", "1.00"]], no_dollars: [["0.5701", "1.00"]] },
  });
  assert.equal(odd.mid(), 4249.5);
  const empty = new OrderBook();
  assert.equal(empty.bestBid(), undefined);
  assert.equal(empty.bestAsk("no"), undefined);
  assert.equal(empty.spread(), undefined);
  assert.equal(empty.mid(), undefined);
});

Deno.test("isCrossed() flags locked and crossed books", () => {
  const book = new OrderBook();
  book.replaceFromRest({
    orderbook_fp: { yes_dollars: [["0.4200", "1.00"]], no_dollars: [["0.5800", "1.00"]] },
  });
  assert.equal(book.isCrossed(), true);
  assert.equal(book.spread(), 0);
  book.applyDelta({ market_ticker: "X", price_dollars: "0.6000", delta_fp: "1.00", side: "no" });
  assert.equal(book.spread(), -200);
  assert.equal(book.isCrossed(), true);
});

Deno.test("estimateFill() walks the book exactly and rounds against the taker", () => {
  const book = new OrderBook();
  book.replaceFromRest(restFp);
  // Buy YES: asks from NO bids 0.56 (17), 0.45 (20), 0.44 (29) → YES 0.44, 0.55, 0.56.
  const buy = book.estimateFill("yes", 3000);
  assert.deepEqual(buy, {
    action: "buy",
    side: "yes",
    requested: 3000,
    filled: 3000,
    cost: 4400 * 1700 + 5500 * 1300,
    vwap: 4877, // 4876.666… rounded up
    bestPrice: 4400,
    worstPrice: 5500,
    impact: 477,
    levels: 2,
    complete: true,
  });
  assert.equal(book.vwap("yes", 3000), 4877);
  assert.equal(book.priceImpact(3000), 477);
  // Sell YES: hit YES bids 0.42 (13), 0.41 (10).
  const sell = book.estimateFill("yes", 2000, { action: "sell" });
  assert.equal(sell.vwap, 4165); // (0.42·13 + 0.41·7) / 20 = 0.4165
  assert.equal(sell.impact, 35);
  const sell2 = book.estimateFill("yes", 1400, { action: "sell" });
  assert.equal(sell2.vwap, 4192); // 4192.857… rounded down
  assert.equal(book.priceImpact(1400, { action: "sell" }), 8);
  // More than the book holds.
  const all = book.estimateFill("no", 10_000_000);
  assert.equal(all.complete, false);
  assert.equal(all.filled, 45500);
  assert.equal(all.levels, 12);
  const none = new OrderBook().estimateFill("yes", 100);
  assert.equal(none.vwap, undefined);
  assert.equal(none.impact, undefined);
  assert.equal(none.filled, 0);
  assert.equal(book.estimateFill("yes", 0).vwap, undefined);
  assert.throws(() => book.estimateFill("yes", -1), KalshiMoneyError);
  assert.throws(() => book.estimateFill("yes", 1.5), KalshiMoneyError);
});

Deno.test("clone() and equals() are deep", () => {
  const book = new OrderBook(T);
  book.applySnapshot(wsExamples["current/orderbookSnapshot/orderbookWithBothSides"]!.msg);
  const copy = book.clone();
  assert.ok(copy.equals(book));
  assert.equal(copy.ticker, T);
  copy.applyDelta(delta("yes", "0.0800", "1.00"));
  assert.ok(!copy.equals(book));
  assert.equal(book.volumeAt(800), 30000);
  copy.clear();
  assert.ok(copy.isEmpty);
  assert.ok(!book.isEmpty);
});

Deno.test("applyFixMarketData(): full refresh, incremental new/change/delete, trades skipped", () => {
  const S = "KXNBAGAME-26MAY25NYKCLE-NYK";
  const book = new OrderBook(S);
  book.applyFixMarketData([
    { type: "0", price: "0.3500", size: "10.00" },
    { type: "1", price: "0.6500", size: "5.00" },
  ], { snapshot: true });
  assert.deepEqual(book.bestBid(), { price: 3500, count: 1000 });
  assert.deepEqual(book.bestAsk(), { price: 6500, count: 500 });
  assert.deepEqual(book.bestBid("no"), { price: 3500, count: 500 });
  book.applyFixMarketData([
    { type: "0", price: "0.3500", size: "15.00", action: "1", symbol: S },
    { type: "2", price: "0.6500", size: "3.00", action: "0", symbol: S },
    { type: "bid", price: 0.36, size: 2, action: "new" },
    { type: "0", price: "0.5000", size: "1.00", action: "0", symbol: "OTHER" },
  ]);
  assert.deepEqual(book.levels("yes"), [{ price: 3500, count: 1500 }, { price: 3600, count: 200 }]);
  assert.deepEqual(book.levels("no"), [{ price: 3500, count: 500 }]);
  book.applyFixMarketData([{ type: "1", price: "0.6500", action: "2" }]);
  assert.equal(book.levelCount("no"), 0);
  book.applyFixMarketData([{ type: "1", price: "0.7000", action: "2" }]); // absent: no-op
  book.applyFixMarketData([{ type: "0", price: "0.3600", size: "0.00", action: "1" }]);
  assert.deepEqual(book.levels("yes"), [{ price: 3500, count: 1500 }]);
  const before = book.clone();
  const bad: FixMdEntry[][] = [
    [{ type: "0", price: "0.3000", size: "1.00", action: "0" }, { type: "0", price: "x" }],
    [{ type: "0", price: "0.3000", size: "1.00", action: "0" }, {
      type: "0",
      price: "0.3000",
      size: "1.00",
      action: "9" as "0",
    }],
    [{ type: "0", price: "0.3000", action: "1" }],
    [{ type: "1", price: "1.0000", size: "1.00", action: "0" }],
    [{ type: "0", price: "0.3000", size: "-1.00", action: "0" }],
  ];
  for (const entries of bad) {
    assertProtocolError(() => book.applyFixMarketData(entries), "book_invalid_message");
    assert.ok(book.equals(before));
  }
  assertProtocolError(
    () =>
      book.applyFixMarketData([
        { type: "0", price: "0.3000", size: "1.00" },
        { type: "0", price: "0.3000", size: "1.00" },
      ], { snapshot: true }),
    "book_invalid_message",
    /duplicate level/,
  );
  assert.ok(book.equals(before));
  book.applyFixMarketData([], { snapshot: true });
  assert.ok(book.isEmpty);
});

Deno.test("OrderBooks routes frames by market and ignores deltas before a snapshot", () => {
  const books = new OrderBooks();
  const delta =
    `{"type":"orderbook_delta","sid":1,"seq":3,"msg":{"market_ticker":"A","price_dollars":"0.5000","delta_fp":"1.00","side":"yes"}}`;
  assert.equal(books.applyFrameText(delta)?.type, "orderbook_delta");
  assert.equal(books.size, 0);
  assert.equal(books.applyFrameText(`{"type":"ticker","sid":2,"msg":{}}`), undefined);
  books.applyFrameText(
    `{"type":"orderbook_snapshot","sid":1,"seq":4,"msg":{"market_ticker":"A","yes_dollars_fp":[["0.4000","2.00"]]}}`,
  );
  books.applyFrameText(
    `{"type":"orderbook_snapshot","sid":1,"seq":5,"msg":{"market_ticker":"B"}}`,
  );
  books.applyFrameText(delta);
  assert.deepEqual(books.tickers().sort(), ["A", "B"]);
  assert.equal(books.get("A")!.volumeAt(5000), 100);
  assert.ok(books.get("B")!.isEmpty);
  assert.ok(books.has("B"));
  assert.equal([...books].length, 2);
  assert.equal(books.delete("B"), true);
  assert.equal(books.size, 1);
  books.clear();
  assert.equal(books.size, 0);
  const yesScale = new OrderBooks({ useYesPrice: true });
  yesScale.applyFrameText(
    `{"type":"orderbook_snapshot","sid":1,"seq":4,"msg":{"market_ticker":"A","no_dollars_fp":[["0.4000","2.00"]]}}`,
  );
  assert.equal(yesScale.get("A")!.volumeAt(6000, "no"), 200);
});

Deno.test("applyFixMarketData() follows the published KalshiMD W/X examples", async () => {
  const lines = (await Deno.readTextFile(new URL("./testdata/market-data.txt", import.meta.url)))
    .split("\n").filter((l) => /\|35=[WX]\|/.test(l));
  // A tiny tag reader: each 269 opens an entry; 279 and 55 before it belong to it.
  const entriesOf = (line: string): FixMdEntry[] => {
    const out: FixMdEntry[] = [];
    let pending: Partial<FixMdEntry> = {};
    for (const field of line.split("|")) {
      const [tag, value = ""] = field.split("=");
      if (tag === "279") pending.action = value as "0";
      else if (tag === "55" && out.length + Object.keys(pending).length > 0) pending.symbol = value;
      else if (tag === "269") {
        out.push({ ...pending, type: value, price: "" });
        pending = {};
      } else if (tag === "270") out.at(-1)!.price = value;
      else if (tag === "271") out.at(-1)!.size = value;
    }
    return out;
  };
  const book = new OrderBook("KXNBAGAME-26MAY25NYKCLE-NYK");
  book.applyFixMarketData(entriesOf(lines[0]!), { snapshot: true });
  assert.deepEqual(book.depth(5), {
    bids: [{ price: 3500, count: 1000 }],
    asks: [{ price: 6500, count: 500 }],
  });
  book.applyFixMarketData(entriesOf(lines[1]!));
  assert.deepEqual(book.bestBid(), { price: 3500, count: 1500 });
  const before = book.clone();
  book.applyFixMarketData(entriesOf(lines[2]!)); // a trade: the book does not move
  assert.ok(book.equals(before));
});
