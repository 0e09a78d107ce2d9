/**
 * Test harness for the WebSocket feed: an exchange with a small fixed catalogue and a book the
 * test controls (independent of the real catalogue and matching engine), a signing WebSocket
 * client that validates every frame against the AsyncAPI contract, and helpers.
 *
 * @module
 */

import { Ajv, type ValidateFunction } from "ajv";
import { parse as parseYaml } from "yaml";
import { type GeneratedKeyPair, generateKeyPair, KalshiAuth } from "../../../auth/mod.ts";
import {
  type Count,
  LINEAR_CENT,
  parsePriceRanges,
  type Price,
  type PriceRangeWire,
} from "../../../money/mod.ts";
import type { SimUserCredentials } from "../../admin.ts";
import { Exchange, type ExchangeOptions, type SimPart } from "../../exchange.ts";
import type { SimRouter } from "../../router.ts";
import { createSimApp, WS_PATH } from "../../server.ts";
import type {
  BookLevels,
  BookTop,
  CatalogueApi,
  EventRecord,
  MarketRecord,
  SeriesRecord,
  SimEvent,
  Trader,
  TradingApi,
} from "../../types.ts";
import { type SimWsServer, simWsServer } from "../server.ts";

// ---- AsyncAPI validation -------------------------------------------------------------------

type Json = Record<string, unknown>;
const doc = parseYaml(
  await Deno.readTextFile(new URL("./asyncapi.yaml", import.meta.url)),
) as { components: { schemas: Record<string, Json> } };
const schemas = doc.components.schemas;
// The spec's own examples ("HIGHNY-22DEC23-B53.5") break its ticker pattern.
delete schemas.marketTicker!.pattern;
// Deliberate: the feed answers unknown tickers with code 16 "Market not found" (see the report).
const codeEnum = (((schemas.errorResponsePayload!.properties as Json).msg as Json)
  .properties as Json).code as { enum: number[] };
codeEnum.enum.push(16);

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ $id: "asyncapi", components: doc.components }, "asyncapi");
const validators = new Map<string, ValidateFunction>();
function validator(name: string): ValidateFunction {
  let v = validators.get(name);
  if (!v) {
    v = ajv.compile({ $ref: `asyncapi#/components/schemas/${name}` });
    validators.set(name, v);
  }
  return v;
}

const PAYLOAD_OF: Record<string, string> = {
  subscribed: "subscribedResponsePayload",
  unsubscribed: "unsubscribedResponsePayload",
  error: "errorResponsePayload",
  orderbook_snapshot: "orderbookSnapshotPayload",
  orderbook_delta: "orderbookDeltaPayload",
  ticker: "tickerPayload",
  trade: "tradePayload",
  fill: "fillPayload",
  market_position: "marketPositionPayload",
  multivariate_market_lifecycle: "multivariateMarketLifecyclePayload",
  event_lifecycle: "eventLifecyclePayload",
  event_fee_update: "eventFeeUpdatePayload",
  order_group_updates: "orderGroupUpdatesPayload",
  user_order: "userOrderPayload",
  rfq_created: "rfqCreatedPayload",
  rfq_deleted: "rfqDeletedPayload",
  quote_created: "quoteCreatedPayload",
  quote_accepted: "quoteAcceptedPayload",
  quote_executed: "quoteExecutedPayload",
  cfbenchmarks_value: "cfbenchmarksValuePayload",
  cfbenchmarks_value_indexlist: "cfbenchmarksIndexListPayload",
  cfbenchmarks_value_5hz: "cfbenchmarksValue5HzPayload",
  cfbenchmarks_value_5hz_indexlist: "cfbenchmarks5HzIndexListPayload",
  pyth_value: "pythValuePayload",
  pyth_value_underlying_list: "pythUnderlyingListPayload",
};

/** A received frame. */
export interface Frame {
  type: string;
  id?: number;
  sid?: number;
  seq?: number;
  // deno-lint-ignore no-explicit-any
  msg?: any;
}

/**
 * Validates a server frame against the AsyncAPI payload schema of its type.
 *
 * @param frame The frame.
 * @returns Error texts (empty when valid).
 */
export function validateFrame(frame: Frame): string[] {
  let name = PAYLOAD_OF[frame.type];
  if (frame.type === "ok") {
    const msg = frame.msg as Json | unknown[] | undefined;
    name = Array.isArray(msg)
      ? "listSubscriptionsResponsePayload"
      : msg && "index_ids" in msg
      ? "subscribedIndicesResponsePayload"
      : msg && "underlying_tickers" in msg
      ? "subscribedUnderlyingsResponsePayload"
      : "okResponsePayload";
  }
  if (frame.type === "market_lifecycle_v2") {
    name = frame.msg?.event_type === "metadata_updated"
      ? "marketMetadataUpdatedPayload"
      : "marketLifecycleV2Payload";
  }
  if (!name) return [`${frame.type}: no schema for this message type`];
  const v = validator(name);
  const type = frame.type;
  if (v(frame)) return [];
  return (v.errors ?? []).map((e) =>
    `${type} ${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`
  );
}

// ---- a small exchange ------------------------------------------------------------------------

/** Markets of the fake catalogue. */
export const T1 = "KXSIMWS-26JAN01-A";
/** Second market. */
export const T2 = "KXSIMWS-26JAN01-B";
/** Third market. */
export const T3 = "KXSIMWS-26JAN01-C";
/** A multivariate (combo) market. */
export const MVE = "KXMVESIMWS-26JAN01-M1";
const EVENT = "KXSIMWS-26JAN01";
const MVE_EVENT = "KXMVESIMWS-26JAN01";
/** Every market of the fake catalogue. */
export const TICKERS: readonly string[] = [T1, T2, T3, "KXSIMWS-26JAN01-D", "KXSIMWS-26JAN01-E"];

function market(ticker: string, event: string, now: number): MarketRecord {
  const ranges: PriceRangeWire[] = [...LINEAR_CENT];
  const m: MarketRecord = {
    ticker,
    event_ticker: event,
    series_ticker: event.split("-")[0]!,
    market_type: "binary",
    title: `Will ${ticker} happen?`,
    subtitle: "",
    yes_sub_title: "Yes",
    no_sub_title: "No",
    created_ms: now - 86_400_000,
    updated_ms: now,
    open_ms: now - 3_600_000,
    close_ms: now + 86_400_000,
    expected_expiration_ms: now + 90_000_000,
    latest_expiration_ms: now + 7 * 86_400_000,
    settlement_timer_seconds: 60,
    status: "active",
    result: "",
    can_close_early: true,
    rules_primary: "Resolves YES if it happens.",
    rules_secondary: "",
    price_level_structure: "linear_cent",
    price_ranges: ranges,
    bands: parsePriceRanges(ranges),
    strike_type: "greater",
    floor_strike: 4487,
    exchange_index: 0,
    fair: 5000,
    last_price: 4800,
    previous_price: 4700,
    previous_yes_bid: 4500,
    previous_yes_ask: 5300,
    volume: 3_389_600,
    volume_24h: 10_000,
    open_interest: 2_042_200,
  };
  if (event === MVE_EVENT) {
    m.mve_collection_ticker = "KXMVESIMWS";
    m.mve_selected_legs = [{ event_ticker: EVENT, market_ticker: T1, side: "yes" }];
  }
  return m;
}

function eventRecord(ticker: string, markets: string[], mve: boolean, now: number): EventRecord {
  return {
    event_ticker: ticker,
    series_ticker: ticker.split("-")[0]!,
    title: `Event ${ticker}`,
    sub_title: "On Jan 1",
    category: "Economics",
    collateral_return_type: mve ? "" : "MECNET",
    mutually_exclusive: !mve,
    strike_date_ms: now + 86_400_000,
    markets,
    is_multivariate: mve,
    exchange_index: 0,
    last_updated_ms: now,
  };
}

/** A fixed catalogue of five markets in one event plus one combo market. */
export class FakeCatalogue implements CatalogueApi, SimPart {
  readonly #markets = new Map<string, MarketRecord>();
  readonly #events = new Map<string, EventRecord>();

  /** @param now Creation time. */
  constructor(now: number) {
    for (const t of TICKERS) this.#markets.set(t, market(t, EVENT, now));
    this.#markets.set(MVE, market(MVE, MVE_EVENT, now));
    this.#events.set(EVENT, eventRecord(EVENT, [...TICKERS], false, now));
    this.#events.set(MVE_EVENT, eventRecord(MVE_EVENT, [MVE], true, now));
  }
  /** No routes. */
  register(_router: SimRouter): void {}
  /** A market. */
  market(t: string): MarketRecord | undefined {
    return this.#markets.get(t);
  }
  /** An event. */
  event(t: string): EventRecord | undefined {
    return this.#events.get(t);
  }
  /** No series. */
  series(_t: string): SeriesRecord | undefined {
    return undefined;
  }
  /** Every market, sorted. */
  allMarkets(): readonly MarketRecord[] {
    return [...this.#markets.values()].sort((a, b) => a.ticker < b.ticker ? -1 : 1);
  }
  /** Default fees. */
  feeFor(_t: string): { fee_type: string; fee_multiplier: number } {
    return { fee_type: "quadratic", fee_multiplier: 1 };
  }
  /** Sets the result. */
  determine(t: string, result: "yes" | "no" | "scalar"): void {
    const m = this.#markets.get(t);
    if (m) Object.assign(m, { status: "determined", result, determined_ms: Date.now() });
  }
  /** Unused. */
  setTradingActive(): void {}
  /** Unused. */
  close(): void {}
}

/** A book the test sets directly, and positions it sets directly. */
export class FakeTrading implements TradingApi, SimPart {
  /** Resting bids per market. */
  readonly books: Map<string, BookLevels> = new Map();
  /** Positions by `user|subaccount|ticker`. */
  readonly positions: Map<string, Count> = new Map();
  /** No routes. */
  register(_router: SimRouter): void {}
  /** Best bid / ask. */
  top(t: string): BookTop {
    const b = this.levels(t);
    const yes = b.yes.at(-1), no = b.no.at(-1);
    const top: BookTop = { yes_bid_size: yes?.[1] ?? 0, yes_ask_size: no?.[1] ?? 0 };
    if (yes) top.yes_bid = yes[0];
    if (no) top.yes_ask = 10_000 - no[0];
    return top;
  }
  /** The levels, ascending. */
  levels(t: string): BookLevels {
    const b = this.books.get(t) ?? { yes: [], no: [] };
    const sort = (xs: [Price, Count][]) => [...xs].sort((a, c) => a[0] - c[0]);
    return { yes: sort(b.yes), no: sort(b.no) };
  }
  /** Unused. */
  onMarketStatus(): void {}
  /** Unused. */
  settle(): void {}
  /** Unused. */
  executeCross(): { trade_id: string; yes_order_id: string; no_order_id: string } {
    throw new Error("not simulated");
  }
  /** A position set by the test. */
  position(trader: Trader, ticker: string): Count {
    return this.positions.get(`${trader.user_id}|${trader.subaccount}|${ticker}`) ?? 0;
  }
}

// Key generation dominates start-up; every test exchange reuses the same two key pairs.
let pairs: Promise<GeneratedKeyPair[]> | undefined;

async function user(ex: Exchange, n: number): Promise<SimUserCredentials> {
  pairs ??= Promise.all([generateKeyPair(), generateKeyPair()]);
  const pair = (await pairs)[n]!;
  const u = ex.accounts.createUser({ cash: ex.options.startingCash });
  const key = ex.accounts.addKey(u.user_id, { name: "test", publicKeyPem: pair.publicKeyPem });
  return { user_id: u.user_id, key_id: key.api_key_id, private_key: pair.privateKeyPem };
}

/**
 * Registers another key for a harness user (same key pair), restricted to one subaccount.
 *
 * @param ex The exchange.
 * @param u A user made by {@linkcode startFakeSim}.
 * @param subaccount The subaccount the key may act on.
 * @returns Credentials of the new key.
 */
export async function restrictedKey(
  ex: Exchange,
  u: SimUserCredentials,
  subaccount: number,
): Promise<WsCredentials> {
  const pair = (await pairs!).find((p) => p.privateKeyPem === u.private_key)!;
  const key = ex.accounts.addKey(u.user_id, {
    name: "restricted",
    publicKeyPem: pair.publicKeyPem,
    subaccount,
  });
  return { keyId: key.api_key_id, privateKeyPem: u.private_key };
}

/** A running test exchange. */
export interface FakeSim extends AsyncDisposable {
  ex: Exchange;
  ws: SimWsServer;
  trading: FakeTrading;
  wsUrl: string;
  adminUrl: string;
  alice: SimUserCredentials;
  bob: SimUserCredentials;
  /** Publishes an event on the bus. */
  emit(ev: SimEvent): void;
  close(): Promise<void>;
}

/**
 * Starts an exchange with the fake parts on a loopback port.
 *
 * @param options Exchange options.
 * @returns The running exchange with two funded users.
 */
export async function startFakeSim(options: ExchangeOptions = {}): Promise<FakeSim> {
  const ex = new Exchange({ seed: 7, markets: 50, ...options });
  const trading = new FakeTrading();
  ex.attach({
    catalogue: new FakeCatalogue(ex.clock.now()),
    trading,
    comms: { register() {} },
  });
  const alice = await user(ex, 0);
  const bob = await user(ex, 1);
  const { app } = createSimApp(ex);
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, app.fetch);
  const base = `127.0.0.1:${server.addr.port}`;
  let closing: Promise<void> | undefined;
  const close = () =>
    closing ??= (async () => {
      ex.close();
      simWsServer(ex).close();
      await server.shutdown();
    })();
  return {
    ex,
    ws: simWsServer(ex),
    trading,
    wsUrl: `ws://${base}${WS_PATH}`,
    adminUrl: `http://${base}/_sim`,
    alice,
    bob,
    emit: (ev) => ex.bus.emit(ev),
    close,
    [Symbol.asyncDispose]: close,
  };
}

// ---- client ----------------------------------------------------------------------------------

/** Credentials to sign a handshake with. */
export interface WsCredentials {
  keyId: string;
  privateKeyPem: string;
}

/**
 * The three auth headers for a handshake.
 *
 * @param creds Key.
 * @param signedUrl The URL or path to sign (the WebSocket path unless testing a wrong one).
 * @param timestampMs Timestamp override.
 */
export async function signWs(
  creds: WsCredentials,
  signedUrl: string,
  timestampMs?: number,
): Promise<Record<string, string>> {
  using auth = await KalshiAuth.create({ keyId: creds.keyId, privateKey: creds.privateKeyPem });
  const h = await auth.headers(
    "GET",
    signedUrl,
    timestampMs === undefined ? {} : { timestampMs },
  );
  return { ...h };
}

/** Converts admin credentials to {@linkcode WsCredentials}. */
export function credsOf(u: SimUserCredentials): WsCredentials {
  return { keyId: u.key_id, privateKeyPem: u.private_key };
}

/** A WebSocket client that keeps every frame and can await specific ones. */
export class TestWs {
  /** Every frame received, in order. */
  readonly frames: Frame[] = [];
  /** Raw texts received, in order. */
  readonly texts: string[] = [];
  /** AsyncAPI violations seen. */
  readonly schemaErrors: string[] = [];
  /** Resolves when the socket closes. */
  readonly closed: Promise<CloseEvent>;
  readonly #socket: WebSocket;
  #pending: Frame[] = [];
  #waiters: { pred: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  #nextId = 1_000_000;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    this.closed = new Promise((resolve) => socket.addEventListener("close", resolve));
    socket.addEventListener("message", (e) => {
      const text = String(e.data);
      this.texts.push(text);
      const frame = JSON.parse(text) as Frame;
      this.frames.push(frame);
      this.schemaErrors.push(...validateFrame(frame));
      const w = this.#waiters.findIndex((x) => x.pred(frame));
      if (w >= 0) this.#waiters.splice(w, 1)[0]!.resolve(frame);
      else this.#pending.push(frame);
    });
  }

  /**
   * Connects with signed headers.
   *
   * @param url WebSocket URL.
   * @param creds Key to sign with.
   * @returns The open client.
   */
  static async connect(url: string, creds: WsCredentials): Promise<TestWs> {
    const headers = await signWs(creds, url);
    const socket = new WebSocket(url, { headers });
    const ws = new TestWs(socket);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener("open", () => resolve(), { once: true });
      socket.addEventListener("error", (e) => reject(new Error((e as ErrorEvent).message)), {
        once: true,
      });
    });
    return ws;
  }

  /**
   * Tries to connect with the given headers and reports how it ended.
   *
   * @param url WebSocket URL.
   * @param headers Handshake headers.
   * @returns The error message when refused, or undefined when the socket opened (then closed).
   */
  static async attempt(url: string, headers: Record<string, string>): Promise<string | undefined> {
    const socket = new WebSocket(url, { headers });
    let error: string | undefined;
    socket.addEventListener("error", (e) => error = (e as ErrorEvent).message);
    socket.addEventListener("open", () => socket.close());
    await new Promise((resolve) => socket.addEventListener("close", resolve));
    return error;
  }

  /** The socket's state. */
  get readyState(): number {
    return this.#socket.readyState;
  }

  /**
   * Sends a command (serialised), raw text or binary data.
   *
   * @param cmd Command object, text or bytes.
   */
  send(cmd: unknown): void {
    if (typeof cmd === "string" || cmd instanceof Uint8Array) this.#socket.send(cmd);
    else this.#socket.send(JSON.stringify(cmd));
  }

  /**
   * The next frame matching `pred` (earlier matches first); fails after `timeoutMs`.
   *
   * @param pred Filter.
   * @param timeoutMs Time limit.
   */
  next(pred: (f: Frame) => boolean = () => true, timeoutMs = 5000): Promise<Frame> {
    const i = this.#pending.findIndex(pred);
    if (i >= 0) return Promise.resolve(this.#pending.splice(i, 1)[0]!);
    return new Promise((resolve, reject) => {
      const waiter = {
        pred,
        resolve: (f: Frame) => {
          clearTimeout(timer);
          resolve(f);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        reject(
          new Error(
            `No matching frame within ${timeoutMs} ms; pending: ${
              JSON.stringify(this.#pending).slice(0, 2000)
            }`,
          ),
        );
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  /**
   * Sends a command and awaits the first frame carrying its id.
   *
   * @param cmd Command with an `id`.
   */
  request(cmd: { id: number } & Record<string, unknown>): Promise<Frame> {
    this.send(cmd);
    return this.next((f) => f.id === cmd.id);
  }

  /**
   * Round-trips a `list_subscriptions`, then returns (and consumes) every frame that arrived
   * before its reply: what the server had sent up to now.
   */
  async drain(): Promise<Frame[]> {
    const id = this.#nextId++;
    this.send({ id, cmd: "list_subscriptions" });
    await this.next((f) => f.id === id && f.type === "ok");
    const out = this.#pending;
    this.#pending = [];
    return out;
  }

  /** Closes and waits for the close event; throws if any frame broke the AsyncAPI contract. */
  async close(): Promise<void> {
    if (this.#socket.readyState <= WebSocket.OPEN) this.#socket.close();
    await this.closed;
    if (this.schemaErrors.length) {
      throw new Error(`AsyncAPI violations:\n${this.schemaErrors.slice(0, 20).join("\n")}`);
    }
  }

  /** Closes. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/**
 * A `book_delta` event.
 *
 * @param ticker Market.
 * @param side Book side.
 * @param price Price (units of $0.0001).
 * @param delta Signed change (units of 0.01 contract).
 * @param extra Owner fields.
 */
export function bookDelta(
  ticker: string,
  side: "yes" | "no",
  price: Price,
  delta: Count,
  extra: { user_id?: string; client_order_id?: string; subaccount?: number } = {},
): SimEvent {
  return { type: "book_delta", ticker, side, price, delta, ts_ms: 1_767_225_600_000, ...extra };
}
