/**
 * Kalshi WebSocket client: one signed connection, typed subscriptions, sequence checking with
 * snapshot recovery, reconnects, and live order books.
 *
 * {@linkcode KalshiWs.connect} signs the handshake (`GET /trade-api/ws/v2`) with your API key and
 * returns an `AsyncDisposable` client. {@linkcode KalshiWs.subscribe} yields a
 * {@linkcode Subscription}: an async iterable of the channels' messages, typed per channel with
 * Kalshi's exact wire field names, with a bounded buffer and an explicit overflow policy.
 *
 * Nothing is lost silently. Sequence numbers are checked per subscription; after a gap (or a
 * repeated or backward number) the affected order books are announced with a `stale` status in
 * the stream, their deltas are withheld, fresh snapshots are requested, and a `recovered` status
 * follows. A dropped connection is reopened with jittered exponential backoff and every
 * subscription restored; a liveness probe (`list_subscriptions`) catches silent sockets, since
 * Deno hides Kalshi's pings. Malformed frames are reported on {@linkcode KalshiWs.errors} and the
 * connection survives them.
 *
 * {@linkcode KalshiWs.books} keeps `book/` order books current ({@linkcode OrderbookFeed}), each
 * flagged {@linkcode LiveOrderBook.stale} while it is recovered.
 *
 * ```ts ignore
 * import { KalshiWs } from "@kalshikit/kalshi/ws";
 *
 * await using ws = await KalshiWs.connect({
 *   env: "demo",
 *   keyId: "your-key-id",
 *   privateKey: await Deno.readTextFile("kalshi-key.pem"),
 * });
 * await using feed = await ws.books(["KXFED-26DEC-T4.00"]);
 * const book = await feed.ready("KXFED-26DEC-T4.00");
 * console.log(book.bestBid("yes"), book.bestAsk("yes"));
 *
 * await using fills = await ws.subscribe({ channels: ["fill"] });
 * for await (const m of fills) {
 *   if (m.type === "fill") console.log(m.msg.market_ticker, m.msg.count_fp, m.msg.yes_price_dollars);
 * }
 * ```
 *
 * @module
 */

export { KalshiWs } from "./client.ts";
export type {
  CommandOptions,
  KalshiWsOptions,
  LivenessOptions,
  ReconnectOptions,
  WsState,
  WsStats,
} from "./options.ts";
export { Subscription } from "./subscription.ts";
export type {
  SubscriptionCommandOptions,
  SubscriptionOptions,
  UpdateMarketsOptions,
} from "./subscription.ts";
export { LiveOrderBook, OrderbookFeed } from "./books.ts";
export type {
  BookDeltaUpdate,
  BookRecoveredUpdate,
  BookSnapshotUpdate,
  BookStaleUpdate,
  BookUpdate,
  OrderbookFeedOptions,
  ReadyOptions,
} from "./books.ts";
export type { OverflowPolicy } from "./_queue.ts";
export type { WebSocketConstructor, WebSocketLike } from "./_socket.ts";
export { WS_PATH, WS_URLS } from "./_socket.ts";
export { WS_CHANNELS } from "./_parse.ts";
export type {
  BookSide,
  CfBenchmarks5HzIndexListMessage,
  CfBenchmarksAvgData,
  CfBenchmarksIndexListMessage,
  CfBenchmarksValue5HzMessage,
  CfBenchmarksValue5HzMsg,
  CfBenchmarksValueMessage,
  CfBenchmarksValueMsg,
  ChannelMessages,
  EventFeeUpdateMessage,
  EventFeeUpdateMsg,
  EventLifecycleMessage,
  EventLifecycleMsg,
  FillMessage,
  FillMsg,
  IndexListMsg,
  LastUpdateReason,
  LifecycleAdditionalMetadata,
  MarketLifecycleEventType,
  MarketLifecycleMessage,
  MarketLifecycleMsg,
  MarketPositionMessage,
  MarketPositionMsg,
  MarketSide,
  MessageOf,
  MultivariateLeg,
  MultivariateLookupMessage,
  MultivariateLookupMsg,
  MultivariateMarketLifecycleMessage,
  OrderbookDeltaMessage,
  OrderbookDeltaMsg,
  OrderbookSnapshotMessage,
  OrderbookSnapshotMsg,
  OrderGroupUpdateMessage,
  OrderGroupUpdateMsg,
  PythUnderlyingListMessage,
  PythValueMessage,
  PythValueMsg,
  QuoteAcceptedMessage,
  QuoteAcceptedMsg,
  QuoteCreatedMessage,
  QuoteCreatedMsg,
  QuoteExecutedMessage,
  QuoteExecutedMsg,
  RfqCreatedMessage,
  RfqCreatedMsg,
  RfqDeletedMessage,
  RfqDeletedMsg,
  StaleReason,
  SubscribeParams,
  TickerMessage,
  TickerMsg,
  TradeMessage,
  TradeMsg,
  UnderlyingListMsg,
  UserOrderMessage,
  UserOrderMsg,
  WireLevel,
  WirePriceRange,
  WsChannel,
  WsDataMessage,
  WsEnvelope,
  WsRecoveredMessage,
  WsStaleMessage,
  WsStatusMessage,
  WsSubscriptionInfo,
} from "./types.ts";
