/**
 * End to end: every operation of the spec called through its client method against the
 * simulator over loopback, with every response body validated against the spec. One entry per
 * operation id; the suite fails when `rest/spec/operations.tsv` lists a current operation that
 * has no entry, so it grows with the spec.
 */

import assert from "node:assert/strict";
import { templateOf, validateResponse } from "../_testing/spec_validator.ts";
import { generateKeyPair } from "../auth/mod.ts";
import { createSimUser } from "../sim/admin.ts";
import { type SimServer, startSim } from "../sim/server.ts";
import { KalshiClient } from "./client.ts";
import type { ListItem, ResponseBody } from "./call.ts";
import type { OperationId } from "./types/operations.ts";

const TSV = new URL("./spec/operations.tsv", import.meta.url);

interface TsvRow {
  method: string;
  path: string;
  operationId: OperationId;
  status: string;
}

function readOperations(): TsvRow[] {
  const [head, ...rows] = Deno.readTextFileSync(TSV).trim().split("\n");
  const cols = head!.split("\t");
  return rows.map((line) => {
    const cells = line.split("\t");
    const get = (name: string) => cells[cols.indexOf(name)]!;
    return {
      method: get("method"),
      path: get("path"),
      operationId: get("operationId") as OperationId,
      status: get("status"),
    };
  });
}

interface Recorded {
  method: string;
  path: string;
  status: number;
  text: string;
}

/** A fetch that keeps a copy of every answer. */
function recordingFetch(log: Recorded[]): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    const text = await res.clone().text().catch(() => "<unreadable>");
    log.push({
      method: (init?.method ?? "GET").toUpperCase(),
      path: url.pathname.replace(/^\/trade-api\/v2/, ""),
      status: res.status,
      text,
    });
    return res;
  };
}

type Market = ListItem<"GetMarkets">;
const NOW_S = () => Math.floor(Date.now() / 1000);

/** Lazily built fixtures shared by the cases. */
class Ctx {
  readonly log: Recorded[] = [];
  readonly warnings: string[] = [];
  #memo = new Map<string, Promise<unknown>>();
  #rfqs = 0;

  constructor(
    readonly sim: SimServer,
    readonly client: KalshiClient,
    readonly other: KalshiClient,
    readonly otherUserId: string,
  ) {}

  memo<T>(key: string, make: () => Promise<T>): Promise<T> {
    let p = this.#memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = make();
      this.#memo.set(key, p);
    }
    return p;
  }

  /** An open, non-combo market. */
  market(): Promise<Market> {
    return this.memo("market", async () => {
      const { markets } = await this.client.markets.list({
        status: "open",
        mve_filter: "exclude",
        limit: 100,
      });
      const m = markets.find((m) => m.status === "active") ?? markets[0];
      assert.ok(m, "the sim lists no open market");
      return m;
    });
  }

  /** The market's event and series tickers. */
  event(): Promise<{ event_ticker: string; series_ticker: string }> {
    return this.memo("event", async () => {
      const m = await this.market();
      const { event } = await this.client.events.get(m.event_ticker);
      return { event_ticker: event.event_ticker, series_ticker: event.series_ticker };
    });
  }

  /** A fresh resting order (buy 1 YES at $0.01). */
  async order(): Promise<{ order_id: string; client_order_id: string; ticker: string }> {
    const m = await this.market();
    const r = await this.client.orders.create({
      ticker: m.ticker,
      side: "bid",
      price: "0.0100",
      count: "2",
      time_in_force: "good_till_canceled",
      self_trade_prevention_type: "taker_at_cross",
    });
    return { order_id: r.order_id, client_order_id: r.client_order_id!, ticker: m.ticker };
  }

  subaccount(): Promise<number> {
    return this.memo("subaccount", async () => {
      return (await this.client.subaccounts.create()).subaccount_number;
    });
  }

  rfq(): Promise<string> {
    return this.memo("rfq", () => this.newRfq());
  }

  /** An RFQ on a market that has none yet (one open RFQ per market). */
  async newRfq(): Promise<string> {
    const { markets } = await this.memo(
      "rfqMarkets",
      () => this.client.markets.list({ status: "open", mve_filter: "exclude", limit: 100 }),
    );
    const m = markets[this.#rfqs++ % markets.length]!;
    const r = await this.client.communications.rfqs.create({
      market_ticker: m.ticker,
      contracts_fp: "10.00",
      rest_remainder: false,
    });
    return r.id;
  }

  /** A quote from the other user on an RFQ of ours. */
  async quote(rfqId?: string): Promise<{ rfq_id: string; quote_id: string }> {
    const rfq_id = rfqId ?? await this.newRfq();
    const q = await this.other.communications.quotes.create({
      rfq_id,
      yes_bid: "0.4000",
      no_bid: "0.4000",
      rest_remainder: false,
    });
    return { rfq_id, quote_id: q.id };
  }

  orderGroup(): Promise<string> {
    return this.memo("orderGroup", async () => {
      return (await this.client.orderGroups.create({ contracts_limit_fp: "100.00" }))
        .order_group_id;
    });
  }

  subtrader(): Promise<string> {
    return this.memo("subtrader", async () => {
      const r = await this.client.fcm.createSubtrader({ subtrader_suffix: "e2e" });
      return r.subtrader_id;
    });
  }

  milestone(): Promise<ListItem<"GetMilestones">> {
    return this.memo("milestone", async () => {
      const { milestones } = await this.client.milestones.list({ limit: 10 });
      assert.ok(milestones[0], "the sim lists no milestone");
      return milestones[0];
    });
  }

  collection(): Promise<ListItem<"GetMultivariateEventCollections">> {
    return this.memo("collection", async () => {
      const { multivariate_contracts } = await this.client.multivariate.list({
        status: "open",
        limit: 10,
      });
      assert.ok(multivariate_contracts[0], "the sim lists no multivariate collection");
      return multivariate_contracts[0];
    });
  }

  /** Legs for a combo in the first collection: the first market of two associated events. */
  legs(): Promise<{ market_ticker: string; event_ticker: string; side: "yes" | "no" }[]> {
    return this.memo("legs", async () => {
      const c = await this.collection();
      const legs = [];
      for (const a of c.associated_events.slice(0, 2)) {
        const { markets } = await this.client.markets.list({
          event_ticker: a.ticker,
          limit: 1,
        });
        assert.ok(markets[0], `collection event ${a.ticker} has no market`);
        legs.push({
          market_ticker: markets[0].ticker,
          event_ticker: a.ticker,
          side: "yes" as const,
        });
      }
      return legs;
    });
  }

  historicalMarket(): Promise<string> {
    return this.memo("historicalMarket", async () => {
      const { markets } = await this.client.historical.markets({ limit: 1 });
      assert.ok(markets[0], "the sim lists no historical market");
      return markets[0].ticker;
    });
  }
}

type Case = (c: Ctx) => Promise<unknown>;
const day = () => ({ start_ts: NOW_S() - 86_400, end_ts: NOW_S() });

const CASES: { readonly [K in OperationId]: Case } = {
  // exchange
  GetExchangeStatus: (c) => c.client.exchange.status(),
  GetExchangeSchedule: (c) => c.client.exchange.schedule(),
  GetUserDataTimestamp: (c) => c.client.exchange.userDataTimestamp(),
  GetExchangeAnnouncements: (c) => c.client.exchange.announcements(),
  GetSeriesFeeChanges: (c) => c.client.series.feeChanges({ show_historical: true }),
  // markets
  GetMarkets: async (c) => {
    const r = await c.client.markets.list({ limit: 5 });
    assert.equal(r.markets.length, 5);
    return r;
  },
  GetMarket: async (c) => {
    const m = await c.market();
    const r = await c.client.markets.get(m.ticker);
    assert.equal(r.market.ticker, m.ticker);
    return r;
  },
  GetMarketOrderbook: async (c) => c.client.markets.orderbook((await c.market()).ticker),
  GetMarketOrderbooks: async (c) =>
    c.client.markets.orderbooks({ tickers: [(await c.market()).ticker] }),
  GetMarketCandlesticks: async (c) => {
    const { series_ticker } = await c.event();
    return c.client.markets.candlesticks({
      series_ticker,
      ticker: (await c.market()).ticker,
      ...day(),
      period_interval: 60,
    });
  },
  BatchGetMarketCandlesticks: async (c) =>
    c.client.markets.batchCandlesticks({
      market_tickers: (await c.market()).ticker,
      ...day(),
      period_interval: 60,
    }),
  GetTrades: (c) => c.client.markets.trades({ limit: 5 }),
  GetSeries: async (c) => c.client.series.get((await c.event()).series_ticker),
  GetSeriesList: (c) => c.client.series.list(),
  // events
  GetEvents: (c) => c.client.events.list({ limit: 5 }),
  GetEvent: async (c) => c.client.events.get((await c.market()).event_ticker),
  GetEventMetadata: async (c) => c.client.events.metadata((await c.market()).event_ticker),
  GetMultivariateEvents: (c) => c.client.events.multivariate({ limit: 5 }),
  GetMarketCandlesticksByEvent: async (c) => {
    const e = await c.event();
    return c.client.events.candlesticks({
      series_ticker: e.series_ticker,
      ticker: e.event_ticker,
      ...day(),
      period_interval: 60,
    });
  },
  GetEventForecastPercentilesHistory: async (c) => {
    const e = await c.event();
    return c.client.events.forecastPercentileHistory({
      series_ticker: e.series_ticker,
      ticker: e.event_ticker,
      percentiles: [2500, 5000, 7500],
      ...day(),
      period_interval: 60,
    });
  },
  GetEventFeeChanges: (c) => c.client.events.feeChanges({ limit: 5 }),
  // milestones, targets, live data, search, incentives
  GetMilestones: (c) => c.client.milestones.list({ limit: 5 }),
  GetMilestone: async (c) => c.client.milestones.get((await c.milestone()).id),
  GetStructuredTargets: (c) => c.client.structuredTargets.list({ page_size: 5 }),
  GetStructuredTarget: async (c) => {
    const { structured_targets } = await c.client.structuredTargets.list({ page_size: 1 });
    const id = structured_targets?.[0]?.id;
    assert.ok(id, "the sim lists no structured target");
    return c.client.structuredTargets.get(id);
  },
  GetLiveData: async (c) => {
    const m = await c.milestone();
    return c.client.liveData.get({ type: m.type, milestone_id: m.id });
  },
  GetLiveDataByMilestone: async (c) => c.client.liveData.milestone((await c.milestone()).id),
  GetLiveDatas: async (c) => c.client.liveData.batch({ milestone_ids: [(await c.milestone()).id] }),
  GetGameStats: async (c) => c.client.liveData.gameStats((await c.milestone()).id),
  GetEventLiveData: async (c) => {
    const m = await c.milestone();
    const ev = m.related_event_tickers?.[0] ?? m.primary_event_tickers?.[0];
    assert.ok(ev, "the milestone has no event");
    return c.client.liveData.event(ev);
  },
  GetWeatherIndex: (c) => c.client.liveData.weather("miami", { last_sec: 3600 }),
  GetWeatherIndexCalibrations: (c) => c.client.liveData.weatherCalibrations("miami"),
  GetTagsForSeriesCategories: (c) => c.client.search.tagsByCategories(),
  GetFiltersForSports: (c) => c.client.search.filtersBySport(),
  GetIncentivePrograms: (c) => c.client.incentivePrograms.list({ limit: 5 }),
  // multivariate
  GetMultivariateEventCollections: (c) => c.client.multivariate.list({ limit: 5 }),
  GetMultivariateEventCollection: async (c) =>
    c.client.multivariate.get((await c.collection()).collection_ticker),
  CreateMarketInMultivariateEventCollection: async (c) =>
    c.client.multivariate.createMarket((await c.collection()).collection_ticker, {
      selected_markets: await c.legs(),
    }),
  LookupTickersForMarketInMultivariateEventCollection: async (c) => {
    const ticker = (await c.collection()).collection_ticker;
    await c.client.multivariate.createMarket(ticker, { selected_markets: await c.legs() });
    return c.client.multivariate.lookupTickers(ticker, { selected_markets: await c.legs() });
  },
  GetMultivariateEventCollectionLookupHistory: async (c) =>
    c.client.multivariate.lookupHistory((await c.collection()).collection_ticker, {
      lookback_seconds: 3600,
    }),
  // historical
  GetHistoricalCutoff: (c) => c.client.historical.cutoff(),
  GetHistoricalMarkets: (c) => c.client.historical.markets({ limit: 5 }),
  GetHistoricalMarket: async (c) => c.client.historical.market(await c.historicalMarket()),
  GetMarketCandlesticksHistorical: async (c) =>
    c.client.historical.candlesticks(await c.historicalMarket(), {
      start_ts: NOW_S() - 400 * 86_400,
      end_ts: NOW_S(),
      period_interval: 1440,
    }),
  GetTradesHistorical: (c) => c.client.historical.trades({ limit: 5 }),
  GetFillsHistorical: (c) => c.client.historical.fills({ limit: 5 }),
  GetHistoricalOrders: (c) => c.client.historical.orders({ limit: 5 }),
  GetHistoricalPositions: (c) => c.client.historical.positions({ limit: 5 }),
  // orders (V2)
  CreateOrderV2: async (c) => {
    const o = await c.order();
    const { order } = await c.client.orders.get(o.order_id);
    assert.equal(order.client_order_id, o.client_order_id);
    return o;
  },
  BatchCreateOrdersV2: async (c) => {
    const m = await c.market();
    const one = {
      ticker: m.ticker,
      side: "bid" as const,
      price: 100,
      count: 100,
      time_in_force: "good_till_canceled" as const,
      self_trade_prevention_type: "taker_at_cross" as const,
    };
    const r = await c.client.orders.batchCreate({ orders: [one, one] });
    assert.equal(r.orders.length, 2);
    assert.ok(r.orders.every((o) => !o.error), JSON.stringify(r.orders));
    return r;
  },
  CancelOrderV2: async (c) => c.client.orders.cancel((await c.order()).order_id),
  BatchCancelOrdersV2: async (c) => {
    const a = await c.order();
    const b = await c.order();
    return c.client.orders.batchCancel({
      orders: [{ order_id: a.order_id }, { order_id: b.order_id }],
    });
  },
  AmendOrderV2: async (c) => {
    const o = await c.order();
    return c.client.orders.amend(o.order_id, {
      ticker: o.ticker,
      side: "bid",
      price: "0.0200",
      count: 300,
    });
  },
  DecreaseOrderV2: async (c) =>
    c.client.orders.decrease((await c.order()).order_id, { reduce_by: "1" }),
  CancelAllOrders: async (c) => {
    await c.order();
    await c.client.orders.cancelAll();
    const { orders } = await c.client.orders.list({ status: "resting" });
    assert.equal(orders.length, 0);
  },
  GetOrders: async (c) => {
    await c.order();
    const r = await c.client.orders.list({ limit: 5 });
    assert.ok(r.orders.length > 0);
    return r;
  },
  GetOrder: async (c) => c.client.orders.get((await c.order()).order_id),
  GetOrderQueuePosition: async (c) => c.client.orders.queuePosition((await c.order()).order_id),
  GetOrderQueuePositions: async (c) => {
    const o = await c.order();
    return c.client.orders.queuePositions({ market_tickers: o.ticker });
  },
  // legacy order writes
  CreateOrder: async (c) =>
    c.client.orders.createV1({
      ticker: (await c.market()).ticker,
      side: "yes",
      action: "buy",
      count_fp: "1.00",
      yes_price_dollars: "0.0100",
      time_in_force: "good_till_canceled",
    }),
  BatchCreateOrders: async (c) => {
    const ticker = (await c.market()).ticker;
    const one = {
      ticker,
      side: "yes" as const,
      action: "buy" as const,
      count_fp: "1.00",
      yes_price_dollars: "0.0100",
    };
    return c.client.orders.batchCreateV1({ orders: [one, one] });
  },
  CancelOrder: async (c) => c.client.orders.cancelV1((await c.order()).order_id),
  BatchCancelOrders: async (c) => {
    const a = await c.order();
    return c.client.orders.batchCancelV1({ ids: [a.order_id] });
  },
  AmendOrder: async (c) => {
    const o = await c.order();
    return c.client.orders.amendV1(o.order_id, {
      ticker: o.ticker,
      side: "yes",
      action: "buy",
      yes_price_dollars: "0.0200",
      count_fp: "2.00",
    });
  },
  DecreaseOrder: async (c) =>
    c.client.orders.decreaseV1((await c.order()).order_id, { reduce_by_fp: "1.00" }),
  // order groups
  CreateOrderGroup: (c) => c.client.orderGroups.create({ contracts_limit_fp: "20.00" }),
  GetOrderGroups: async (c) => {
    await c.orderGroup();
    return c.client.orderGroups.list();
  },
  GetOrderGroup: async (c) => c.client.orderGroups.get(await c.orderGroup()),
  ResetOrderGroup: async (c) => c.client.orderGroups.reset(await c.orderGroup()),
  TriggerOrderGroup: async (c) => c.client.orderGroups.trigger(await c.orderGroup()),
  UpdateOrderGroupLimit: async (c) =>
    c.client.orderGroups.updateLimit(await c.orderGroup(), { contracts_limit_fp: "50.00" }),
  DeleteOrderGroup: async (c) => {
    const id = (await c.client.orderGroups.create({ contracts_limit_fp: "10.00" }))
      .order_group_id;
    return c.client.orderGroups.delete(id);
  },
  // portfolio
  GetBalance: (c) => c.client.portfolio.balance(),
  GetPositions: (c) => c.client.portfolio.positions({ limit: 5 }),
  GetSettlements: (c) => c.client.portfolio.settlements({ limit: 5 }),
  GetFills: (c) => c.client.portfolio.fills({ limit: 5 }),
  GetPortfolioRestingOrderTotalValue: (c) => c.client.portfolio.restingOrderTotalValue(),
  GetDeposits: (c) => c.client.portfolio.deposits({ limit: 5 }),
  GetWithdrawals: (c) => c.client.portfolio.withdrawals({ limit: 5 }),
  IntraExchangeInstanceTransfer: async (c) =>
    c.client.portfolio.intraExchangeTransfer({
      source: "event_contract",
      destination: "event_contract",
      amount: 10_000,
      source_subaccount: 0,
      destination_subaccount: await c.subaccount(),
    }),
  GetIntraExchangeInstanceTransfers: (c) => c.client.portfolio.intraExchangeTransfers(),
  GetIntraExchangeInstanceTransfer: async (c) => {
    const { transfer_id } = await c.client.portfolio.intraExchangeTransfer({
      source: "event_contract",
      destination: "event_contract",
      amount: 10_000,
      source_subaccount: 0,
      destination_subaccount: await c.subaccount(),
    });
    return c.client.portfolio.getIntraExchangeTransfer(transfer_id);
  },
  GetTargetBalanceAllocation: (c) => c.client.portfolio.targetBalanceAllocation(),
  SetTargetBalanceAllocation: async (c) => {
    const current = await c.client.portfolio.targetBalanceAllocation();
    return c.client.portfolio.setTargetBalanceAllocation({ allocations: current.allocations });
  },
  // subaccounts
  CreateSubaccount: (c) => c.client.subaccounts.create(),
  ApplySubaccountTransfer: async (c) =>
    c.client.subaccounts.transfer({
      client_transfer_id: crypto.randomUUID(),
      from_subaccount: 0,
      to_subaccount: await c.subaccount(),
      amount_cents: 100,
    }),
  GetSubaccountBalances: (c) => c.client.subaccounts.balances(),
  GetSubaccountTransfers: (c) => c.client.subaccounts.transfers({ limit: 5 }),
  GetSubaccountNetting: (c) => c.client.subaccounts.netting(),
  UpdateSubaccountNetting: async (c) =>
    c.client.subaccounts.updateNetting({
      subaccount_number: await c.subaccount(),
      enabled: true,
    }),
  // account
  GetAccountApiLimits: (c) => c.client.account.limits(),
  GetAccountEndpointCosts: (c) => c.client.account.endpointCosts(),
  GetAccountApiUsageLevelVolumeProgress: (c) => c.client.account.volumeProgress(),
  UpgradeAccountApiUsageLevel: async (c) => {
    await c.order(); // eligibility: an API-created order among the latest ones
    return c.client.account.upgradeUsageLevel();
  },
  // API keys
  GetApiKeys: (c) => c.client.apiKeys.list(),
  CreateApiKey: async (c) => {
    // Uploading a public key needs the Premier usage level.
    const res = await fetch(`${c.sim.adminUrl}/users/${c.sim.userId}/tier`, {
      method: "PUT",
      body: JSON.stringify({ tier: "premier" }),
    });
    assert.equal(res.status, 200, await res.text());
    return c.client.apiKeys.create({
      name: "e2e",
      public_key: (await generateKeyPair()).publicKeyPem,
    });
  },
  GenerateApiKey: (c) => c.client.apiKeys.generate({ name: "e2e-generated" }),
  DeleteApiKey: async (c) => {
    const { api_key_id } = await c.client.apiKeys.generate({ name: "e2e-delete" });
    return c.client.apiKeys.delete(api_key_id);
  },
  // communications
  GetCommunicationsID: (c) => c.client.communications.id(),
  CreateRFQ: (c) => c.newRfq(),
  GetRFQs: async (c) => {
    await c.rfq();
    return c.client.communications.rfqs.list({ limit: 5 });
  },
  GetRFQ: async (c) => c.client.communications.rfqs.get(await c.rfq()),
  DeleteRFQ: async (c) => c.client.communications.rfqs.delete(await c.newRfq()),
  CreateQuote: (c) => c.quote(),
  GetQuotes: async (c) => {
    await c.quote(await c.rfq());
    return c.client.communications.quotes.list({ rfq_user_filter: "self", limit: 5 });
  },
  GetQuote: async (c) => c.client.communications.quotes.get((await c.quote()).quote_id),
  GetRFQQuote: async (c) => c.client.communications.rfqs.getQuote(await c.quote()),
  DeleteQuote: async (c) => c.other.communications.quotes.delete((await c.quote()).quote_id),
  DeleteRFQQuote: async (c) => c.other.communications.rfqs.deleteQuote(await c.quote()),
  AcceptQuote: async (c) =>
    c.client.communications.quotes.accept((await c.quote()).quote_id, { accepted_side: "yes" }),
  AcceptRFQQuote: async (c) =>
    c.client.communications.rfqs.acceptQuote({ ...await c.quote(), accepted_side: "yes" }),
  ConfirmQuote: async (c) => {
    const q = await c.quote();
    await c.client.communications.quotes.accept(q.quote_id, { accepted_side: "yes" });
    return c.other.communications.quotes.confirm(q.quote_id);
  },
  ConfirmRFQQuote: async (c) => {
    const q = await c.quote();
    await c.client.communications.rfqs.acceptQuote({ ...q, accepted_side: "no" });
    return c.other.communications.rfqs.confirmQuote(q);
  },
  GetBlockTradeProposals: (c) => c.client.communications.blockTrades.list({ limit: 5 }),
  ProposeBlockTrade: (c) => proposeBlockTrade(c),
  AcceptBlockTradeProposal: async (c) => {
    const { block_trade_proposal_id } = await proposeBlockTrade(c);
    return c.other.communications.blockTrades.accept(block_trade_proposal_id);
  },
  // FCM
  CreateFCMSubtrader: (c) => c.client.fcm.createSubtrader({ subtrader_suffix: "e2e2" }),
  ListFCMSubtraders: async (c) => {
    await c.subtrader();
    return c.client.fcm.subtraders();
  },
  UpdateFCMEventContractDailyCap: async (c) =>
    c.client.fcm.updateDailyCap({ subtrader_id: await c.subtrader(), limit: "100.00" }),
  GetFCMEventContractDailyCap: async (c) => {
    const id = await c.subtrader();
    await c.client.fcm.updateDailyCap({ subtrader_id: id, limit: "100.00" });
    return c.client.fcm.dailyCap({ subtrader_id: id });
  },
  DeleteFCMEventContractDailyCap: async (c) => {
    const id = await c.subtrader();
    await c.client.fcm.updateDailyCap({ subtrader_id: id, limit: "100.00" });
    return c.client.fcm.deleteDailyCap({ subtrader_id: id });
  },
  GetFCMOrders: async (c) => c.client.fcm.orders({ subtrader_id: await c.subtrader() }),
  GetFCMPositions: async (c) => c.client.fcm.positions({ subtrader_id: await c.subtrader() }),
};

async function proposeBlockTrade(c: Ctx): Promise<ResponseBody<"ProposeBlockTrade">> {
  const m = await c.market();
  return c.client.communications.blockTrades.propose({
    buyer_user_id: c.sim.userId,
    seller_user_id: c.otherUserId,
    market_ticker: m.ticker,
    price_centi_cents: 5_000,
    centicount: 1_000,
    maker_side: "yes",
    expiration_ts: new Date(Date.now() + 3_600_000).toISOString(),
  });
}

Deno.test("e2e: every operation in operations.tsv has an entry", () => {
  const missing = readOperations()
    .filter((o) => !(o.operationId in CASES))
    .map((o) => `${o.operationId} (${o.status})`);
  assert.deepEqual(missing, [], `operations without an e2e entry: ${missing.join(", ")}`);
});

Deno.test("e2e: every operation succeeds against the simulator with spec-valid bodies", async (t) => {
  await using sim = await startSim({ markets: 200, rateLimits: false });
  const log: Recorded[] = [];
  const warnings: string[] = [];
  const options = {
    env: { restUrl: sim.restUrl },
    fetch: recordingFetch(log),
    rateLimit: false,
    maxRetries: 0,
    onWarning: (m: string) => warnings.push(m),
  } as const;
  await using client = await KalshiClient.create({
    ...options,
    keyId: sim.keyId,
    privateKey: sim.privateKeyPem,
  });
  const other = await createSimUser(sim.exchange, { cash: 1_000_000 * 1_000_000 });
  await using otherClient = await KalshiClient.create({
    ...options,
    keyId: other.key_id,
    privateKey: other.private_key,
  });
  const ctx = new Ctx(sim, client, otherClient, other.user_id);
  const failures: string[] = [];
  for (const op of readOperations()) {
    const run = CASES[op.operationId];
    if (!run) continue;
    const ok = await t.step(`${op.operationId} ${op.method} ${op.path}`, async () => {
      log.length = 0;
      await run(ctx);
      const own = log.filter((r) =>
        r.method === op.method && templateOf(r.method, r.path) === op.path
      );
      assert.ok(own.length > 0, `no ${op.method} ${op.path} request was sent`);
      const errors = log.flatMap((r) => {
        if (r.status === 204 || r.text === "") return [];
        let body: unknown;
        try {
          body = JSON.parse(r.text);
        } catch {
          return [`${r.method} ${r.path} ${r.status}: not JSON: ${r.text.slice(0, 80)}`];
        }
        return validateResponse(r.method, r.path, r.status, body).map((e) =>
          `${r.method} ${r.path} ${r.status}: ${e}`
        );
      });
      assert.deepEqual(errors, [], "responses do not match the spec");
    });
    if (!ok) failures.push(op.operationId);
  }
  const removed = readOperations().filter((o) => o.status === "removed").map((o) => o.operationId);
  for (const op of removed) {
    if (failures.includes(op)) continue;
    assert.ok(
      warnings.some((w) => w.startsWith(`${op} (`)),
      `no deprecation warning for ${op}`,
    );
  }
});
