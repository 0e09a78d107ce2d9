/**
 * The simulator's WebSocket feed (`/trade-api/ws/v2`): Kalshi's command protocol and channels,
 * fed by the exchange's event bus, with fault injection for client recovery tests and an admin
 * API under `/_sim/ws`.
 *
 * @module
 */

export { wsAdminApp } from "./admin.ts";
export type { CommsWsSource, CommunicationsEvent } from "./comms.ts";
export type { SubscriptionInfo, WsLimits } from "./connection.ts";
export { parseWsFaultSettings, WsFaults } from "./faults.ts";
export type { WsFaultKind, WsFaultSettings } from "./faults.ts";
export { CF_5HZ_INDICES, CF_INDICES, PYTH_UNDERLYINGS } from "./indices.ts";
export type { TradingWsSource } from "./positions.ts";
export {
  errorMsg,
  MARKET_FILTER_CHANNELS,
  PRIVATE_CHANNELS,
  SEQUENCED_CHANNELS,
  WS_CHANNELS,
  WS_ERROR_TEXT,
} from "./protocol.ts";
export type { WsChannel, WsErrorCode, WsErrorMsg, WsFrame } from "./protocol.ts";
export { marketIdOf, wsOrderbookSnapshot } from "./render.ts";
export type { OrderbookSnapshotMsg, PositionView, SnapshotOptions } from "./render.ts";
export { DEFAULT_WS_LIMITS, SimWsServer, simWsServer } from "./server.ts";
export type { WsConnectionInfo } from "./server.ts";
