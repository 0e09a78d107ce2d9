/**
 * Public market data: the exchange, markets, events, series, milestones, structured targets,
 * live data, search, incentive programs, multivariate collections and historical data.
 *
 * @module
 */

import { type Caller, callerOf, splitPath } from "./_caller.ts";
import type {
  IterateOptions,
  ListItem,
  ListParams,
  PathParams,
  QueryParams,
  RequestBody,
  RequestOptions,
  ResponseBody,
} from "./call.ts";
import type { KalshiClient } from "./client.ts";
import type { OperationId } from "./types/operations.ts";

/** Path and query parameters of an operation as one object (for operations with several path parameters). */
export type MergedParams<K extends OperationId> = PathParams<K> & QueryParams<K>;

function merged<K extends OperationId>(
  c: Caller,
  op: K,
  params: object,
  options: RequestOptions,
): Promise<ResponseBody<K>> {
  const { path, rest } = splitPath(op, params);
  return c.send(op, { path, query: rest } as never, options);
}

/** Exchange status and schedule. */
export class ExchangeApi {
  readonly #c: Caller;

  /**
   * Binds the resource to a client (the client creates it as `client.exchange`).
   *
   * @param client The client.
   */
  constructor(client: KalshiClient) {
    this.#c = callerOf(client);
  }

  /**
   * Gets whether the exchange and trading are active (`GET /exchange/status`).
   *
   * @param options Signal and timeout.
   * @returns `{ exchange_active, trading_active, … }`.
   */
  status(options: RequestOptions = {}): Promise<ResponseBody<"GetExchangeStatus">> {
    return this.#c.send("GetExchangeStatus", {}, options);
  }

  /**
   * Gets the trading hours and maintenance windows (`GET /exchange/schedule`).
   *
   * @param options Signal and timeout.
   * @returns `{ schedule }`.
   */
  schedule(options: RequestOptions = {}): Promise<ResponseBody<"GetExchangeSchedule">> {
    return this.#c.send("GetExchangeSchedule", {}, options);
  }

  /**
   * Gets how fresh the REST view of portfolio data is (`GET /exchange/user_data_timestamp`).
   *
   * @param options Signal and timeout.
   * @returns `{ last_updated_ts }`.
   */
  userDataTimestamp(
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetUserDataTimestamp">> {
    return this.#c.send("GetUserDataTimestamp", {}, options);
  }

  /**
   * Gets exchange announcements (`GET /exchange/announcements`).
   *
   * @deprecated Kalshi removed this endpoint (spec 3.22) with no replacement; follow
   * {@linkcode ExchangeApi.status} and {@linkcode ExchangeApi.schedule}.
   *
   * @param options Signal and timeout.
   * @returns `{ announcements }`.
   */
  announcements(
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetExchangeAnnouncements">> {
    return this.#c.send("GetExchangeAnnouncements", {}, options);
  }
}

/** Markets, order books, candlesticks and the public trade tape. */
export class MarketsApi {
  readonly #c: Caller;

  /**
   * Binds the resource to a client (the client creates it as `client.markets`).
   *
   * @param client The client.
   */
  constructor(client: KalshiClient) {
    this.#c = callerOf(client);
  }

  /**
   * Lists markets, one page (`GET /markets`).
   *
   * @param params Filters (status, event, series, times, tickers), `limit`, `cursor`.
   * @param options Signal and timeout.
   * @returns A page of markets and the next cursor.
   */
  list(
    params: QueryParams<"GetMarkets"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetMarkets">> {
    return this.#c.send("GetMarkets", { query: params }, options);
  }

  /**
   * Iterates over every market matching the filters (`GET /markets`, all pages).
   *
   * @param params Filters and page size.
   * @param options Signal, timeout, item and page limits.
   * @returns The markets.
   */
  iterate(
    params: ListParams<"GetMarkets"> = {},
    options: IterateOptions = {},
  ): AsyncGenerator<ListItem<"GetMarkets">, void, undefined> {
    return this.#c.iterate("GetMarkets", { query: params }, options);
  }

  /**
   * Gets one market (`GET /markets/{ticker}`).
   *
   * @param ticker Market ticker.
   * @param options Signal and timeout.
   * @returns `{ market }`.
   */
  get(ticker: string, options: RequestOptions = {}): Promise<ResponseBody<"GetMarket">> {
    return this.#c.send("GetMarket", { path: { ticker } }, options);
  }

  /**
   * Gets a market's order book (`GET /markets/{ticker}/orderbook`): resting YES and NO bids as
   * `[price_dollars, count_fp]` pairs, ascending (the best bid is last).
   *
   * @param ticker Market ticker.
   * @param params `depth` (0 = all levels).
   * @param options Signal and timeout.
   * @returns `{ orderbook_fp: { yes_dollars, no_dollars } }`.
   */
  orderbook(
    ticker: string,
    params: QueryParams<"GetMarketOrderbook"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetMarketOrderbook">> {
    return this.#c.send("GetMarketOrderbook", { path: { ticker }, query: params }, options);
  }

  /**
   * Gets several order books at once (`GET /markets/orderbooks`).
   *
   * @param params `tickers` (up to 100).
   * @param options Signal and timeout.
   * @returns `{ orderbooks }`.
   */
  orderbooks(
    params: QueryParams<"GetMarketOrderbooks">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetMarketOrderbooks">> {
    return this.#c.send("GetMarketOrderbooks", { query: params }, options);
  }

  /**
   * Gets a market's candlesticks (`GET /series/{series_ticker}/markets/{ticker}/candlesticks`).
   *
   * @param params `series_ticker`, `ticker`, `start_ts`, `end_ts` (Unix seconds), `period_interval`.
   * @param options Signal and timeout.
   * @returns `{ ticker, candlesticks }`.
   */
  candlesticks(
    params: MergedParams<"GetMarketCandlesticks">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetMarketCandlesticks">> {
    return merged(this.#c, "GetMarketCandlesticks", params, options);
  }

  /**
   * Gets candlesticks of several markets (`GET /markets/candlesticks`).
   *
   * @param params `market_tickers` (comma list), `start_ts`, `end_ts`, `period_interval`.
   * @param options Signal and timeout.
   * @returns `{ markets: [{ market_ticker, candlesticks }] }`.
   */
  batchCandlesticks(
    params: QueryParams<"BatchGetMarketCandlesticks">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"BatchGetMarketCandlesticks">> {
    return this.#c.send("BatchGetMarketCandlesticks", { query: params }, options);
  }

  /**
   * Lists public trades, one page (`GET /markets/trades`).
   *
   * @param params Ticker, time range, `limit`, `cursor`.
   * @param options Signal and timeout.
   * @returns A page of trades and the next cursor.
   */
  trades(
    params: QueryParams<"GetTrades"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetTrades">> {
    return this.#c.send("GetTrades", { query: params }, options);
  }

  /**
   * Iterates over public trades (`GET /markets/trades`, all pages).
   *
   * @param params Ticker, time range, page size.
   * @param options Signal, timeout, item and page limits.
   * @returns The trades, newest first.
   */
  iterateTrades(
    params: ListParams<"GetTrades"> = {},
    options: IterateOptions = {},
  ): AsyncGenerator<ListItem<"GetTrades">, void, undefined> {
    return this.#c.iterate("GetTrades", { query: params }, options);
  }
}

/** Events, event candlesticks, forecasts and event fee changes. */
export class EventsApi {
  readonly #c: Caller;

  /**
   * Binds the resource to a client (the client creates it as `client.events`).
   *
   * @param client The client.
   */
  constructor(client: KalshiClient) {
    this.#c = callerOf(client);
  }

  /**
   * Lists events, one page (`GET /events`; multivariate events are left out).
   *
   * @param params Filters, `with_nested_markets`, `limit`, `cursor`.
   * @param options Signal and timeout.
   * @returns A page of events and the next cursor.
   */
  list(
    params: QueryParams<"GetEvents"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetEvents">> {
    return this.#c.send("GetEvents", { query: params }, options);
  }

  /**
   * Iterates over every event matching the filters (`GET /events`, all pages).
   *
   * @param params Filters and page size.
   * @param options Signal, timeout, item and page limits.
   * @returns The events.
   */
  iterate(
    params: ListParams<"GetEvents"> = {},
    options: IterateOptions = {},
  ): AsyncGenerator<ListItem<"GetEvents">, void, undefined> {
    return this.#c.iterate("GetEvents", { query: params }, options);
  }

  /**
   * Gets one event (`GET /events/{event_ticker}`).
   *
   * @param eventTicker Event ticker.
   * @param params `with_nested_markets`.
   * @param options Signal and timeout.
   * @returns `{ event, markets }`.
   */
  get(
    eventTicker: string,
    params: QueryParams<"GetEvent"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetEvent">> {
    return this.#c.send(
      "GetEvent",
      { path: { event_ticker: eventTicker }, query: params },
      options,
    );
  }

  /**
   * Gets an event's metadata (image, competition, settlement sources) (`GET /events/{event_ticker}/metadata`).
   *
   * @param eventTicker Event ticker.
   * @param options Signal and timeout.
   * @returns The metadata.
   */
  metadata(
    eventTicker: string,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetEventMetadata">> {
    return this.#c.send("GetEventMetadata", { path: { event_ticker: eventTicker } }, options);
  }

  /**
   * Lists multivariate (combo) events, one page (`GET /events/multivariate`).
   *
   * @param params Series or collection, `limit`, `cursor`.
   * @param options Signal and timeout.
   * @returns A page of events and the next cursor.
   */
  multivariate(
    params: QueryParams<"GetMultivariateEvents"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetMultivariateEvents">> {
    return this.#c.send("GetMultivariateEvents", { query: params }, options);
  }

  /**
   * Iterates over multivariate events (`GET /events/multivariate`, all pages).
   *
   * @param params Series or collection, page size.
   * @param options Signal, timeout, item and page limits.
   * @returns The events.
   */
  iterateMultivariate(
    params: ListParams<"GetMultivariateEvents"> = {},
    options: IterateOptions = {},
  ): AsyncGenerator<ListItem<"GetMultivariateEvents">, void, undefined> {
    return this.#c.iterate("GetMultivariateEvents", { query: params }, options);
  }

  /**
   * Gets the candlesticks of every market of an event
   * (`GET /series/{series_ticker}/events/{ticker}/candlesticks`).
   *
   * @param params `series_ticker`, `ticker`, `start_ts`, `end_ts`, `period_interval`.
   * @param options Signal and timeout.
   * @returns Tickers, candlesticks per market, and `adjusted_end_ts` for the next page.
   */
  candlesticks(
    params: MergedParams<"GetMarketCandlesticksByEvent">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetMarketCandlesticksByEvent">> {
    return merged(this.#c, "GetMarketCandlesticksByEvent", params, options);
  }

  /**
   * Gets the history of an event's forecast percentiles
   * (`GET /series/{series_ticker}/events/{ticker}/forecast_percentile_history`; authenticated).
   *
   * @param params `series_ticker`, `ticker`, `percentiles`, `start_ts`, `end_ts`, `period_interval`.
   * @param options Signal and timeout.
   * @returns `{ forecast_history }`.
   */
  forecastPercentileHistory(
    params: MergedParams<"GetEventForecastPercentilesHistory">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetEventForecastPercentilesHistory">> {
    return merged(this.#c, "GetEventForecastPercentilesHistory", params, options);
  }

  /**
   * Lists scheduled event fee changes, one page (`GET /events/fee_changes`).
   *
   * @param params `event_ticker`, `limit`, `cursor`.
   * @param options Signal and timeout.
   * @returns A page of fee changes and the next cursor.
   */
  feeChanges(
    params: QueryParams<"GetEventFeeChanges"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetEventFeeChanges">> {
    return this.#c.send("GetEventFeeChanges", { query: params }, options);
  }

  /**
   * Iterates over event fee changes (`GET /events/fee_changes`, all pages).
   *
   * @param params `event_ticker`, page size.
   * @param options Signal, timeout, item and page limits.
   * @returns The fee changes.
   */
  iterateFeeChanges(
    params: ListParams<"GetEventFeeChanges"> = {},
    options: IterateOptions = {},
  ): AsyncGenerator<ListItem<"GetEventFeeChanges">, void, undefined> {
    return this.#c.iterate("GetEventFeeChanges", { query: params }, options);
  }
}

/** Series: templates of recurring events. */
export class SeriesApi {
  readonly #c: Caller;

  /**
   * Binds the resource to a client (the client creates it as `client.series`).
   *
   * @param client The client.
   */
  constructor(client: KalshiClient) {
    this.#c = callerOf(client);
  }

  /**
   * Lists series (`GET /series`; not paginated).
   *
   * @param params Category, tags (comma list), flags.
   * @param options Signal and timeout.
   * @returns `{ series }`.
   */
  list(
    params: QueryParams<"GetSeriesList"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetSeriesList">> {
    return this.#c.send("GetSeriesList", { query: params }, options);
  }

  /**
   * Gets one series (`GET /series/{series_ticker}`).
   *
   * @param seriesTicker Series ticker.
   * @param params `include_volume`.
   * @param options Signal and timeout.
   * @returns `{ series }`.
   */
  get(
    seriesTicker: string,
    params: QueryParams<"GetSeries"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetSeries">> {
    return this.#c.send("GetSeries", {
      path: { series_ticker: seriesTicker },
      query: params,
    }, options);
  }

  /**
   * Lists series fee changes (`GET /series/fee_changes`); pass `show_historical: true` for past
   * changes too.
   *
   * @param params `series_ticker`, `show_historical`.
   * @param options Signal and timeout.
   * @returns `{ series_fee_change_arr }`.
   */
  feeChanges(
    params: QueryParams<"GetSeriesFeeChanges"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetSeriesFeeChanges">> {
    return this.#c.send("GetSeriesFeeChanges", { query: params }, options);
  }
}

/** Milestones (games, elections, data releases that events hang on). */
export class MilestonesApi {
  readonly #c: Caller;

  /**
   * Binds the resource to a client (the client creates it as `client.milestones`).
   *
   * @param client The client.
   */
  constructor(client: KalshiClient) {
    this.#c = callerOf(client);
  }

  /**
   * Lists milestones, one page (`GET /milestones`; `limit` is required).
   *
   * @param params Filters, `limit`, `cursor`.
   * @param options Signal and timeout.
   * @returns A page of milestones and the next cursor.
   */
  list(
    params: QueryParams<"GetMilestones">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetMilestones">> {
    return this.#c.send("GetMilestones", { query: params }, options);
  }

  /**
   * Iterates over milestones (`GET /milestones`, all pages).
   *
   * @param params Filters and page size (`limit`).
   * @param options Signal, timeout, item and page limits.
   * @returns The milestones.
   */
  iterate(
    params: ListParams<"GetMilestones">,
    options: IterateOptions = {},
  ): AsyncGenerator<ListItem<"GetMilestones">, void, undefined> {
    return this.#c.iterate("GetMilestones", { query: params }, options);
  }

  /**
   * Gets one milestone (`GET /milestones/{milestone_id}`).
   *
   * @param milestoneId Milestone id.
   * @param options Signal and timeout.
   * @returns `{ milestone }`.
   */
  get(milestoneId: string, options: RequestOptions = {}): Promise<ResponseBody<"GetMilestone">> {
    return this.#c.send("GetMilestone", { path: { milestone_id: milestoneId } }, options);
  }
}

/** Structured targets (teams, players, places that markets refer to). */
export class StructuredTargetsApi {
  readonly #c: Caller;

  /**
   * Binds the resource to a client (the client creates it as `client.structuredTargets`).
   *
   * @param client The client.
   */
  constructor(client: KalshiClient) {
    this.#c = callerOf(client);
  }

  /**
   * Lists structured targets, one page (`GET /structured_targets`).
   *
   * @param params `ids`, type, competition, `page_size`, `cursor`.
   * @param options Signal and timeout.
   * @returns A page of targets and the next cursor.
   */
  list(
    params: QueryParams<"GetStructuredTargets"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetStructuredTargets">> {
    return this.#c.send("GetStructuredTargets", { query: params }, options);
  }

  /**
   * Iterates over structured targets (`GET /structured_targets`, all pages).
   *
   * @param params Filters and `page_size`.
   * @param options Signal, timeout, item and page limits.
   * @returns The targets.
   */
  iterate(
    params: ListParams<"GetStructuredTargets"> = {},
    options: IterateOptions = {},
  ): AsyncGenerator<ListItem<"GetStructuredTargets">, void, undefined> {
    return this.#c.iterate("GetStructuredTargets", { query: params }, options);
  }

  /**
   * Gets one structured target (`GET /structured_targets/{structured_target_id}`).
   *
   * @param structuredTargetId Target id.
   * @param options Signal and timeout.
   * @returns `{ structured_target }`.
   */
  get(
    structuredTargetId: string,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetStructuredTarget">> {
    return this.#c.send("GetStructuredTarget", {
      path: { structured_target_id: structuredTargetId },
    }, options);
  }
}

/** Live data: scores, game stats and weather readings behind milestones. */
export class LiveDataApi {
  readonly #c: Caller;

  /**
   * Binds the resource to a client (the client creates it as `client.liveData`).
   *
   * @param client The client.
   */
  constructor(client: KalshiClient) {
    this.#c = callerOf(client);
  }

  /**
   * Gets the live data of a milestone of a known type (`GET /live_data/{type}/milestone/{milestone_id}`).
   *
   * @param params `type`, `milestone_id`, `include_player_stats`.
   * @param options Signal and timeout.
   * @returns `{ live_data }`.
   */
  get(
    params: MergedParams<"GetLiveData">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetLiveData">> {
    return merged(this.#c, "GetLiveData", params, options);
  }

  /**
   * Gets the live data of a milestone (`GET /live_data/milestone/{milestone_id}`).
   *
   * @param milestoneId Milestone id.
   * @param params `include_player_stats`.
   * @param options Signal and timeout.
   * @returns `{ live_data }`.
   */
  milestone(
    milestoneId: string,
    params: QueryParams<"GetLiveDataByMilestone"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetLiveDataByMilestone">> {
    return this.#c.send("GetLiveDataByMilestone", {
      path: { milestone_id: milestoneId },
      query: params,
    }, options);
  }

  /**
   * Gets the live data of several milestones (`GET /live_data/batch`).
   *
   * @param params `milestone_ids`, `include_player_stats`.
   * @param options Signal and timeout.
   * @returns `{ live_datas }`.
   */
  batch(
    params: QueryParams<"GetLiveDatas">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetLiveDatas">> {
    return this.#c.send("GetLiveDatas", { query: params }, options);
  }

  /**
   * Gets a game's statistics (`GET /live_data/milestone/{milestone_id}/game_stats`).
   *
   * @param milestoneId Milestone id.
   * @param options Signal and timeout.
   * @returns The game stats.
   */
  gameStats(
    milestoneId: string,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetGameStats">> {
    return this.#c.send("GetGameStats", { path: { milestone_id: milestoneId } }, options);
  }

  /**
   * Gets the live data of an event's milestones (`GET /live_data/events/{event_ticker}`).
   *
   * @param eventTicker Event ticker.
   * @param params `range`.
   * @param options Signal and timeout.
   * @returns The event's live data.
   */
  event(
    eventTicker: string,
    params: QueryParams<"GetEventLiveData"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetEventLiveData">> {
    return this.#c.send("GetEventLiveData", {
      path: { event_ticker: eventTicker },
      query: params,
    }, options);
  }

  /**
   * Gets a city's weather index readings (`GET /live_data/weather/{city}`).
   *
   * @param city City code.
   * @param params `from`, `to` (Unix ms), `last_sec`, `detailed`.
   * @param options Signal and timeout.
   * @returns The readings.
   */
  weather(
    city: string,
    params: QueryParams<"GetWeatherIndex"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetWeatherIndex">> {
    return this.#c.send("GetWeatherIndex", { path: { city }, query: params }, options);
  }

  /**
   * Gets a city's weather index calibrations (`GET /live_data/weather/{city}/calibrations`).
   *
   * @param city City code.
   * @param options Signal and timeout.
   * @returns The calibrations.
   */
  weatherCalibrations(
    city: string,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetWeatherIndexCalibrations">> {
    return this.#c.send("GetWeatherIndexCalibrations", { path: { city } }, options);
  }
}

/** Search helpers: tags and sport filters for building market browsers. */
export class SearchApi {
  readonly #c: Caller;

  /**
   * Binds the resource to a client (the client creates it as `client.search`).
   *
   * @param client The client.
   */
  constructor(client: KalshiClient) {
    this.#c = callerOf(client);
  }

  /**
   * Gets the series tags of each category (`GET /search/tags_by_categories`).
   *
   * @param options Signal and timeout.
   * @returns `{ tags_by_categories }`.
   */
  tagsByCategories(
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetTagsForSeriesCategories">> {
    return this.#c.send("GetTagsForSeriesCategories", {}, options);
  }

  /**
   * Gets the filters of each sport (`GET /search/filters_by_sport`).
   *
   * @param options Signal and timeout.
   * @returns `{ filters_by_sports, sport_ordering }`.
   */
  filtersBySport(options: RequestOptions = {}): Promise<ResponseBody<"GetFiltersForSports">> {
    return this.#c.send("GetFiltersForSports", {}, options);
  }
}

/** Incentive programs (liquidity and volume rewards). */
export class IncentiveProgramsApi {
  readonly #c: Caller;

  /**
   * Binds the resource to a client (the client creates it as `client.incentivePrograms`).
   *
   * @param client The client.
   */
  constructor(client: KalshiClient) {
    this.#c = callerOf(client);
  }

  /**
   * Lists incentive programs, one page (`GET /incentive_programs`; the cursor comes back as
   * `next_cursor`).
   *
   * @param params Status, type, `limit`, `cursor`.
   * @param options Signal and timeout.
   * @returns A page of programs and `next_cursor`.
   */
  list(
    params: QueryParams<"GetIncentivePrograms"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetIncentivePrograms">> {
    return this.#c.send("GetIncentivePrograms", { query: params }, options);
  }

  /**
   * Iterates over incentive programs (`GET /incentive_programs`, all pages).
   *
   * @param params Status, type, page size.
   * @param options Signal, timeout, item and page limits.
   * @returns The programs.
   */
  iterate(
    params: ListParams<"GetIncentivePrograms"> = {},
    options: IterateOptions = {},
  ): AsyncGenerator<ListItem<"GetIncentivePrograms">, void, undefined> {
    return this.#c.iterate("GetIncentivePrograms", { query: params }, options);
  }
}

/** Multivariate event collections: building combo markets from legs. */
export class MultivariateApi {
  readonly #c: Caller;

  /**
   * Binds the resource to a client (the client creates it as `client.multivariate`).
   *
   * @param client The client.
   */
  constructor(client: KalshiClient) {
    this.#c = callerOf(client);
  }

  /**
   * Lists collections, one page (`GET /multivariate_event_collections`).
   *
   * @param params Status, event, series, `limit`, `cursor`.
   * @param options Signal and timeout.
   * @returns A page of collections and the next cursor.
   */
  list(
    params: QueryParams<"GetMultivariateEventCollections"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetMultivariateEventCollections">> {
    return this.#c.send("GetMultivariateEventCollections", { query: params }, options);
  }

  /**
   * Iterates over collections (`GET /multivariate_event_collections`, all pages).
   *
   * @param params Filters and page size.
   * @param options Signal, timeout, item and page limits.
   * @returns The collections.
   */
  iterate(
    params: ListParams<"GetMultivariateEventCollections"> = {},
    options: IterateOptions = {},
  ): AsyncGenerator<ListItem<"GetMultivariateEventCollections">, void, undefined> {
    return this.#c.iterate("GetMultivariateEventCollections", { query: params }, options);
  }

  /**
   * Gets one collection (`GET /multivariate_event_collections/{collection_ticker}`).
   *
   * @param collectionTicker Collection ticker.
   * @param options Signal and timeout.
   * @returns `{ multivariate_contract }`.
   */
  get(
    collectionTicker: string,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetMultivariateEventCollection">> {
    return this.#c.send("GetMultivariateEventCollection", {
      path: { collection_ticker: collectionTicker },
    }, options);
  }

  /**
   * Creates (or finds) the combo market for a set of legs
   * (`POST /multivariate_event_collections/{collection_ticker}`; authenticated).
   *
   * @param collectionTicker Collection ticker.
   * @param params `selected_markets` (legs).
   * @param options Signal and timeout.
   * @returns The market's event and market tickers.
   */
  createMarket(
    collectionTicker: string,
    params: RequestBody<"CreateMarketInMultivariateEventCollection">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"CreateMarketInMultivariateEventCollection">> {
    return this.#c.send("CreateMarketInMultivariateEventCollection", {
      path: { collection_ticker: collectionTicker },
      body: params,
    }, options);
  }

  /**
   * Gets recently looked-up leg combinations of a collection
   * (`GET /multivariate_event_collections/{collection_ticker}/lookup`).
   *
   * @deprecated Kalshi removed this endpoint. Use {@linkcode MultivariateApi.createMarket},
   * which resolves a leg combination.
   *
   * @param collectionTicker Collection ticker.
   * @param params `lookback_seconds`.
   * @param options Signal and timeout.
   * @returns `{ lookup_points }`.
   */
  lookupHistory(
    collectionTicker: string,
    params: QueryParams<"GetMultivariateEventCollectionLookupHistory">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetMultivariateEventCollectionLookupHistory">> {
    return this.#c.send("GetMultivariateEventCollectionLookupHistory", {
      path: { collection_ticker: collectionTicker },
      query: params,
    }, options);
  }

  /**
   * Looks up the market of a leg combination without creating it
   * (`PUT /multivariate_event_collections/{collection_ticker}/lookup`).
   *
   * @deprecated Kalshi removed this endpoint. Use {@linkcode MultivariateApi.createMarket},
   * which returns the market's tickers.
   *
   * @param collectionTicker Collection ticker.
   * @param params `selected_markets` (legs).
   * @param options Signal and timeout.
   * @returns The market's event and market tickers.
   */
  lookupTickers(
    collectionTicker: string,
    params: RequestBody<"LookupTickersForMarketInMultivariateEventCollection">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"LookupTickersForMarketInMultivariateEventCollection">> {
    return this.#c.send("LookupTickersForMarketInMultivariateEventCollection", {
      path: { collection_ticker: collectionTicker },
      body: params,
    }, options);
  }
}

/** Historical data: records older than the live cutoff (`cutoff()`). */
export class HistoricalApi {
  readonly #c: Caller;

  /**
   * Binds the resource to a client (the client creates it as `client.historical`).
   *
   * @param client The client.
   */
  constructor(client: KalshiClient) {
    this.#c = callerOf(client);
  }

  /**
   * Gets the cutoffs between live and historical data (`GET /historical/cutoff`).
   *
   * @param options Signal and timeout.
   * @returns The cutoff timestamps.
   */
  cutoff(options: RequestOptions = {}): Promise<ResponseBody<"GetHistoricalCutoff">> {
    return this.#c.send("GetHistoricalCutoff", {}, options);
  }

  /**
   * Lists archived markets, one page (`GET /historical/markets`).
   *
   * @param params Tickers, event, series, `limit`, `cursor`.
   * @param options Signal and timeout.
   * @returns A page of markets and the next cursor.
   */
  markets(
    params: QueryParams<"GetHistoricalMarkets"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetHistoricalMarkets">> {
    return this.#c.send("GetHistoricalMarkets", { query: params }, options);
  }

  /**
   * Iterates over archived markets (`GET /historical/markets`, all pages).
   *
   * @param params Filters and page size.
   * @param options Signal, timeout, item and page limits.
   * @returns The markets.
   */
  iterateMarkets(
    params: ListParams<"GetHistoricalMarkets"> = {},
    options: IterateOptions = {},
  ): AsyncGenerator<ListItem<"GetHistoricalMarkets">, void, undefined> {
    return this.#c.iterate("GetHistoricalMarkets", { query: params }, options);
  }

  /**
   * Gets one archived market (`GET /historical/markets/{ticker}`).
   *
   * @param ticker Market ticker.
   * @param options Signal and timeout.
   * @returns `{ market }`.
   */
  market(
    ticker: string,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetHistoricalMarket">> {
    return this.#c.send("GetHistoricalMarket", { path: { ticker } }, options);
  }

  /**
   * Gets an archived market's candlesticks (`GET /historical/markets/{ticker}/candlesticks`).
   *
   * @param ticker Market ticker.
   * @param params `start_ts`, `end_ts`, `period_interval`.
   * @param options Signal and timeout.
   * @returns `{ ticker, candlesticks }`.
   */
  candlesticks(
    ticker: string,
    params: QueryParams<"GetMarketCandlesticksHistorical">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetMarketCandlesticksHistorical">> {
    return this.#c.send("GetMarketCandlesticksHistorical", {
      path: { ticker },
      query: params,
    }, options);
  }

  /**
   * Lists archived public trades, one page (`GET /historical/trades`).
   *
   * @param params Ticker, time range, `limit`, `cursor`.
   * @param options Signal and timeout.
   * @returns A page of trades and the next cursor.
   */
  trades(
    params: QueryParams<"GetTradesHistorical"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetTradesHistorical">> {
    return this.#c.send("GetTradesHistorical", { query: params }, options);
  }

  /**
   * Iterates over archived public trades (`GET /historical/trades`, all pages).
   *
   * @param params Ticker, time range, page size.
   * @param options Signal, timeout, item and page limits.
   * @returns The trades.
   */
  iterateTrades(
    params: ListParams<"GetTradesHistorical"> = {},
    options: IterateOptions = {},
  ): AsyncGenerator<ListItem<"GetTradesHistorical">, void, undefined> {
    return this.#c.iterate("GetTradesHistorical", { query: params }, options);
  }

  /**
   * Lists your archived fills, one page (`GET /historical/fills`; authenticated).
   *
   * @param params Ticker, time range, `limit`, `cursor`.
   * @param options Signal and timeout.
   * @returns A page of fills and the next cursor.
   */
  fills(
    params: QueryParams<"GetFillsHistorical"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetFillsHistorical">> {
    return this.#c.send("GetFillsHistorical", { query: params }, options);
  }

  /**
   * Iterates over your archived fills (`GET /historical/fills`, all pages).
   *
   * @param params Ticker, time range, page size.
   * @param options Signal, timeout, item and page limits.
   * @returns The fills.
   */
  iterateFills(
    params: ListParams<"GetFillsHistorical"> = {},
    options: IterateOptions = {},
  ): AsyncGenerator<ListItem<"GetFillsHistorical">, void, undefined> {
    return this.#c.iterate("GetFillsHistorical", { query: params }, options);
  }

  /**
   * Lists your archived orders, one page (`GET /historical/orders`; authenticated).
   *
   * @param params Ticker, time range, `limit`, `cursor`.
   * @param options Signal and timeout.
   * @returns A page of orders and the next cursor.
   */
  orders(
    params: QueryParams<"GetHistoricalOrders"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetHistoricalOrders">> {
    return this.#c.send("GetHistoricalOrders", { query: params }, options);
  }

  /**
   * Iterates over your archived orders (`GET /historical/orders`, all pages).
   *
   * @param params Ticker, time range, page size.
   * @param options Signal, timeout, item and page limits.
   * @returns The orders.
   */
  iterateOrders(
    params: ListParams<"GetHistoricalOrders"> = {},
    options: IterateOptions = {},
  ): AsyncGenerator<ListItem<"GetHistoricalOrders">, void, undefined> {
    return this.#c.iterate("GetHistoricalOrders", { query: params }, options);
  }

  /**
   * Lists your archived positions, one page (`GET /historical/positions`; authenticated).
   *
   * @param params Ticker, event, subaccount, `limit`, `cursor`.
   * @param options Signal and timeout.
   * @returns A page of market and event positions and the next cursor.
   */
  positions(
    params: QueryParams<"GetHistoricalPositions"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetHistoricalPositions">> {
    return this.#c.send("GetHistoricalPositions", { query: params }, options);
  }

  /**
   * Iterates over your archived market positions (`GET /historical/positions`, all pages).
   *
   * @param params Ticker, event, subaccount, page size.
   * @param options Signal, timeout, item and page limits.
   * @returns The market positions.
   */
  iteratePositions(
    params: ListParams<"GetHistoricalPositions"> = {},
    options: IterateOptions = {},
  ): AsyncGenerator<ListItem<"GetHistoricalPositions">, void, undefined> {
    return this.#c.iterate("GetHistoricalPositions", { query: params }, options);
  }
}
