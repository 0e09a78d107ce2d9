/**
 * Account-scoped resources: portfolio, subaccounts, account limits, API keys and FCM.
 *
 * @module
 */

import { type Caller, callerOf } from "./_caller.ts";
import type {
  IterateOptions,
  ListItem,
  ListParams,
  QueryParams,
  RequestBody,
  RequestOptions,
  ResponseBody,
} from "./call.ts";
import type { KalshiClient } from "./client.ts";

/** Balance, positions, fills, settlements, deposits, withdrawals and shard transfers. */
export class PortfolioApi {
  readonly #c: Caller;

  /**
   * Binds the resource to a client (the client creates it as `client.portfolio`).
   *
   * @param client The client.
   */
  constructor(client: KalshiClient) {
    this.#c = callerOf(client);
  }

  /**
   * Gets the balance (`GET /portfolio/balance`).
   *
   * @param params Subaccount, shard.
   * @param options Signal and timeout.
   * @returns `{ balance, balance_dollars, portfolio_value, … }`.
   */
  balance(
    params: QueryParams<"GetBalance"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetBalance">> {
    return this.#c.send("GetBalance", { query: params }, options);
  }

  /**
   * Lists positions, one page (`GET /portfolio/positions`).
   *
   * @param params Filters, `count_filter`, `limit`, `cursor`.
   * @param options Signal and timeout.
   * @returns Market and event positions and the next cursor.
   */
  positions(
    params: QueryParams<"GetPositions"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetPositions">> {
    return this.#c.send("GetPositions", { query: params }, options);
  }

  /**
   * Iterates over market positions (`GET /portfolio/positions`, all pages).
   *
   * @param params Filters and page size.
   * @param options Signal, timeout, item and page limits.
   * @returns The market positions.
   */
  iteratePositions(
    params: ListParams<"GetPositions"> = {},
    options: IterateOptions = {},
  ): AsyncGenerator<ListItem<"GetPositions">, void, undefined> {
    return this.#c.iterate("GetPositions", { query: params }, options);
  }

  /**
   * Lists settlements, one page (`GET /portfolio/settlements`).
   *
   * @param params Filters, `limit`, `cursor`.
   * @param options Signal and timeout.
   * @returns A page of settlements and the next cursor.
   */
  settlements(
    params: QueryParams<"GetSettlements"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetSettlements">> {
    return this.#c.send("GetSettlements", { query: params }, options);
  }

  /**
   * Iterates over settlements (`GET /portfolio/settlements`, all pages).
   *
   * @param params Filters and page size.
   * @param options Signal, timeout, item and page limits.
   * @returns The settlements.
   */
  iterateSettlements(
    params: ListParams<"GetSettlements"> = {},
    options: IterateOptions = {},
  ): AsyncGenerator<ListItem<"GetSettlements">, void, undefined> {
    return this.#c.iterate("GetSettlements", { query: params }, options);
  }

  /**
   * Lists fills, one page (`GET /portfolio/fills`).
   *
   * @param params Filters, `limit`, `cursor`.
   * @param options Signal and timeout.
   * @returns A page of fills and the next cursor.
   */
  fills(
    params: QueryParams<"GetFills"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetFills">> {
    return this.#c.send("GetFills", { query: params }, options);
  }

  /**
   * Iterates over fills (`GET /portfolio/fills`, all pages).
   *
   * @param params Filters and page size.
   * @param options Signal, timeout, item and page limits.
   * @returns The fills.
   */
  iterateFills(
    params: ListParams<"GetFills"> = {},
    options: IterateOptions = {},
  ): AsyncGenerator<ListItem<"GetFills">, void, undefined> {
    return this.#c.iterate("GetFills", { query: params }, options);
  }

  /**
   * Gets the total value of resting orders (`GET /portfolio/summary/total_resting_order_value`).
   *
   * @param options Signal and timeout.
   * @returns `{ total_resting_order_value }`.
   */
  restingOrderTotalValue(
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetPortfolioRestingOrderTotalValue">> {
    return this.#c.send("GetPortfolioRestingOrderTotalValue", {}, options);
  }

  /**
   * Lists deposits, one page (`GET /portfolio/deposits`).
   *
   * @param params `limit`, `cursor`.
   * @param options Signal and timeout.
   * @returns A page of deposits and the next cursor.
   */
  deposits(
    params: QueryParams<"GetDeposits"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetDeposits">> {
    return this.#c.send("GetDeposits", { query: params }, options);
  }

  /**
   * Iterates over deposits (`GET /portfolio/deposits`, all pages).
   *
   * @param params Page size.
   * @param options Signal, timeout, item and page limits.
   * @returns The deposits.
   */
  iterateDeposits(
    params: ListParams<"GetDeposits"> = {},
    options: IterateOptions = {},
  ): AsyncGenerator<ListItem<"GetDeposits">, void, undefined> {
    return this.#c.iterate("GetDeposits", { query: params }, options);
  }

  /**
   * Lists withdrawals, one page (`GET /portfolio/withdrawals`).
   *
   * @param params `limit`, `cursor`.
   * @param options Signal and timeout.
   * @returns A page of withdrawals and the next cursor.
   */
  withdrawals(
    params: QueryParams<"GetWithdrawals"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetWithdrawals">> {
    return this.#c.send("GetWithdrawals", { query: params }, options);
  }

  /**
   * Iterates over withdrawals (`GET /portfolio/withdrawals`, all pages).
   *
   * @param params Page size.
   * @param options Signal, timeout, item and page limits.
   * @returns The withdrawals.
   */
  iterateWithdrawals(
    params: ListParams<"GetWithdrawals"> = {},
    options: IterateOptions = {},
  ): AsyncGenerator<ListItem<"GetWithdrawals">, void, undefined> {
    return this.#c.iterate("GetWithdrawals", { query: params }, options);
  }

  /**
   * Moves cash between exchange shards (`POST /portfolio/intra_exchange_instance_transfer`).
   *
   * @param params Source and destination shard, amount, idempotency id.
   * @param options Signal and timeout.
   * @returns The transfer.
   */
  intraExchangeTransfer(
    params: RequestBody<"IntraExchangeInstanceTransfer">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"IntraExchangeInstanceTransfer">> {
    return this.#c.send("IntraExchangeInstanceTransfer", { body: params }, options);
  }

  /**
   * Lists shard transfers, one page (`GET /portfolio/intra_exchange_instance_transfers`).
   *
   * @param params `limit`, `cursor`.
   * @param options Signal and timeout.
   * @returns A page of transfers and the next cursor.
   */
  intraExchangeTransfers(
    params: QueryParams<"GetIntraExchangeInstanceTransfers"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetIntraExchangeInstanceTransfers">> {
    return this.#c.send("GetIntraExchangeInstanceTransfers", { query: params }, options);
  }

  /**
   * Iterates over shard transfers (`GET /portfolio/intra_exchange_instance_transfers`, all pages).
   *
   * @param params Page size.
   * @param options Signal, timeout, item and page limits.
   * @returns The transfers.
   */
  iterateIntraExchangeTransfers(
    params: ListParams<"GetIntraExchangeInstanceTransfers"> = {},
    options: IterateOptions = {},
  ): AsyncGenerator<ListItem<"GetIntraExchangeInstanceTransfers">, void, undefined> {
    return this.#c.iterate("GetIntraExchangeInstanceTransfers", { query: params }, options);
  }

  /**
   * Gets one shard transfer (`GET /portfolio/intra_exchange_instance_transfers/{transfer_id}`).
   *
   * @param transferId Transfer id.
   * @param options Signal and timeout.
   * @returns The transfer.
   */
  getIntraExchangeTransfer(
    transferId: string,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetIntraExchangeInstanceTransfer">> {
    return this.#c.send("GetIntraExchangeInstanceTransfer", {
      path: { transfer_id: transferId },
    }, options);
  }

  /**
   * Gets how cash is meant to be split across shards (`GET /portfolio/target_balance_allocation`).
   *
   * @param options Signal and timeout.
   * @returns The allocation.
   */
  targetBalanceAllocation(
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetTargetBalanceAllocation">> {
    return this.#c.send("GetTargetBalanceAllocation", {}, options);
  }

  /**
   * Sets how cash is meant to be split across shards (`POST /portfolio/target_balance_allocation`).
   *
   * @param params The allocation.
   * @param options Signal and timeout.
   * @returns The stored allocation.
   */
  setTargetBalanceAllocation(
    params: RequestBody<"SetTargetBalanceAllocation">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"SetTargetBalanceAllocation">> {
    return this.#c.send("SetTargetBalanceAllocation", { body: params }, options);
  }
}

/** Subaccounts: creation, transfers between them, balances and netting. */
export class SubaccountsApi {
  readonly #c: Caller;

  /**
   * Binds the resource to a client (the client creates it as `client.subaccounts`).
   *
   * @param client The client.
   */
  constructor(client: KalshiClient) {
    this.#c = callerOf(client);
  }

  /**
   * Creates the next subaccount (`POST /portfolio/subaccounts`).
   *
   * @param options Signal and timeout.
   * @returns `{ subaccount_number }`.
   */
  create(options: RequestOptions = {}): Promise<ResponseBody<"CreateSubaccount">> {
    return this.#c.send("CreateSubaccount", {}, options);
  }

  /**
   * Moves cash between subaccounts (`POST /portfolio/subaccounts/transfer`); `client_transfer_id`
   * makes it idempotent.
   *
   * @param params `client_transfer_id`, `from_subaccount`, `to_subaccount`, `amount_cents`.
   * @param options Signal and timeout.
   * @returns An empty object.
   */
  transfer(
    params: RequestBody<"ApplySubaccountTransfer">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"ApplySubaccountTransfer">> {
    return this.#c.send("ApplySubaccountTransfer", { body: params }, options);
  }

  /**
   * Gets the balance of every subaccount (`GET /portfolio/subaccounts/balances`).
   *
   * @param options Signal and timeout.
   * @returns `{ subaccount_balances }`.
   */
  balances(options: RequestOptions = {}): Promise<ResponseBody<"GetSubaccountBalances">> {
    return this.#c.send("GetSubaccountBalances", {}, options);
  }

  /**
   * Lists transfers between subaccounts, one page (`GET /portfolio/subaccounts/transfers`).
   *
   * @param params `limit`, `cursor`.
   * @param options Signal and timeout.
   * @returns A page of transfers and the next cursor.
   */
  transfers(
    params: QueryParams<"GetSubaccountTransfers"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetSubaccountTransfers">> {
    return this.#c.send("GetSubaccountTransfers", { query: params }, options);
  }

  /**
   * Iterates over transfers between subaccounts (`GET /portfolio/subaccounts/transfers`, all pages).
   *
   * @param params Page size.
   * @param options Signal, timeout, item and page limits.
   * @returns The transfers.
   */
  iterateTransfers(
    params: ListParams<"GetSubaccountTransfers"> = {},
    options: IterateOptions = {},
  ): AsyncGenerator<ListItem<"GetSubaccountTransfers">, void, undefined> {
    return this.#c.iterate("GetSubaccountTransfers", { query: params }, options);
  }

  /**
   * Gets each subaccount's netting setting (`GET /portfolio/subaccounts/netting`).
   *
   * @param options Signal and timeout.
   * @returns The settings.
   */
  netting(options: RequestOptions = {}): Promise<ResponseBody<"GetSubaccountNetting">> {
    return this.#c.send("GetSubaccountNetting", {}, options);
  }

  /**
   * Turns netting on or off for a subaccount (`PUT /portfolio/subaccounts/netting`).
   *
   * @param params `subaccount_number`, `enabled`.
   * @param options Signal and timeout.
   * @returns An empty object.
   */
  updateNetting(
    params: RequestBody<"UpdateSubaccountNetting">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"UpdateSubaccountNetting">> {
    return this.#c.send("UpdateSubaccountNetting", { body: params }, options);
  }
}

/** Rate-limit tier, endpoint costs and API usage level. */
export class AccountApi {
  readonly #c: Caller;

  /**
   * Binds the resource to a client (the client creates it as `client.account`).
   *
   * @param client The client.
   */
  constructor(client: KalshiClient) {
    this.#c = callerOf(client);
  }

  /**
   * Gets the account's tier and bucket sizes (`GET /account/limits`).
   *
   * @param options Signal and timeout.
   * @returns `{ usage_tier, read, write, … }`.
   */
  limits(options: RequestOptions = {}): Promise<ResponseBody<"GetAccountApiLimits">> {
    return this.#c.send("GetAccountApiLimits", {}, options);
  }

  /**
   * Gets the token cost of each endpoint that differs from the default (`GET /account/endpoint_costs`).
   *
   * @param options Signal and timeout.
   * @returns `{ default_cost, endpoint_costs }`.
   */
  endpointCosts(options: RequestOptions = {}): Promise<ResponseBody<"GetAccountEndpointCosts">> {
    return this.#c.send("GetAccountEndpointCosts", {}, options);
  }

  /**
   * Gets progress towards the volume-based tiers (`GET /account/api_usage_level/volume_progress`).
   *
   * @param options Signal and timeout.
   * @returns The volume progress.
   */
  volumeProgress(
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetAccountApiUsageLevelVolumeProgress">> {
    return this.#c.send("GetAccountApiUsageLevelVolumeProgress", {}, options);
  }

  /**
   * Upgrades the account to the self-serve Advanced tier (`POST /account/api_usage_level/upgrade`).
   *
   * @param options Signal and timeout.
   * @returns The new level.
   */
  upgradeUsageLevel(
    options: RequestOptions = {},
  ): Promise<ResponseBody<"UpgradeAccountApiUsageLevel">> {
    return this.#c.send("UpgradeAccountApiUsageLevel", {}, options);
  }
}

/** API keys. */
export class ApiKeysApi {
  readonly #c: Caller;

  /**
   * Binds the resource to a client (the client creates it as `client.apiKeys`).
   *
   * @param client The client.
   */
  constructor(client: KalshiClient) {
    this.#c = callerOf(client);
  }

  /**
   * Lists the account's API keys (`GET /api_keys`).
   *
   * @param params `fcm_subtrader_id`.
   * @param options Signal and timeout.
   * @returns `{ api_keys }`.
   */
  list(
    params: QueryParams<"GetApiKeys"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetApiKeys">> {
    return this.#c.send("GetApiKeys", { query: params }, options);
  }

  /**
   * Registers a key from your own RSA public key (`POST /api_keys`).
   *
   * @param params `name`, `public_key` (PEM), scopes, subaccount.
   * @param options Signal and timeout.
   * @returns `{ api_key_id }`.
   */
  create(
    params: RequestBody<"CreateApiKey">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"CreateApiKey">> {
    return this.#c.send("CreateApiKey", { body: params }, options);
  }

  /**
   * Has Kalshi generate a key pair (`POST /api_keys/generate`); the private key is returned once.
   *
   * @param params `name`, scopes, subaccount.
   * @param options Signal and timeout.
   * @returns `{ api_key_id, private_key }`.
   */
  generate(
    params: RequestBody<"GenerateApiKey">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GenerateApiKey">> {
    return this.#c.send("GenerateApiKey", { body: params }, options);
  }

  /**
   * Deletes an API key (`DELETE /api_keys/{api_key}`).
   *
   * @param apiKeyId The key id.
   * @param options Signal and timeout.
   */
  async delete(apiKeyId: string, options: RequestOptions = {}): Promise<void> {
    await this.#c.send("DeleteApiKey", { path: { api_key: apiKeyId } }, options);
  }
}

/** Endpoints for futures commission merchants and their subtraders. */
export class FcmApi {
  readonly #c: Caller;

  /**
   * Binds the resource to a client (the client creates it as `client.fcm`).
   *
   * @param client The client.
   */
  constructor(client: KalshiClient) {
    this.#c = callerOf(client);
  }

  /**
   * Lists a subtrader's orders, one page (`GET /fcm/orders`).
   *
   * @param params `subtrader_id` and filters, `limit`, `cursor`.
   * @param options Signal and timeout.
   * @returns A page of orders and the next cursor.
   */
  orders(
    params: QueryParams<"GetFCMOrders">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetFCMOrders">> {
    return this.#c.send("GetFCMOrders", { query: params }, options);
  }

  /**
   * Iterates over a subtrader's orders (`GET /fcm/orders`, all pages).
   *
   * @param params `subtrader_id`, filters, page size.
   * @param options Signal, timeout, item and page limits.
   * @returns The orders.
   */
  iterateOrders(
    params: ListParams<"GetFCMOrders">,
    options: IterateOptions = {},
  ): AsyncGenerator<ListItem<"GetFCMOrders">, void, undefined> {
    return this.#c.iterate("GetFCMOrders", { query: params }, options);
  }

  /**
   * Lists a subtrader's positions, one page (`GET /fcm/positions`).
   *
   * @param params `subtrader_id` and filters, `limit`, `cursor`.
   * @param options Signal and timeout.
   * @returns Market and event positions and the next cursor.
   */
  positions(
    params: QueryParams<"GetFCMPositions">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetFCMPositions">> {
    return this.#c.send("GetFCMPositions", { query: params }, options);
  }

  /**
   * Iterates over a subtrader's market positions (`GET /fcm/positions`, all pages).
   *
   * @param params `subtrader_id`, filters, page size.
   * @param options Signal, timeout, item and page limits.
   * @returns The market positions.
   */
  iteratePositions(
    params: ListParams<"GetFCMPositions">,
    options: IterateOptions = {},
  ): AsyncGenerator<ListItem<"GetFCMPositions">, void, undefined> {
    return this.#c.iterate("GetFCMPositions", { query: params }, options);
  }

  /**
   * Lists subtraders (`GET /fcm/subtraders`).
   *
   * @param options Signal and timeout.
   * @returns The subtraders.
   */
  subtraders(options: RequestOptions = {}): Promise<ResponseBody<"ListFCMSubtraders">> {
    return this.#c.send("ListFCMSubtraders", {}, options);
  }

  /**
   * Creates a subtrader (`POST /fcm/subtraders`).
   *
   * @param params The subtrader.
   * @param options Signal and timeout.
   * @returns The created subtrader.
   */
  createSubtrader(
    params: RequestBody<"CreateFCMSubtrader">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"CreateFCMSubtrader">> {
    return this.#c.send("CreateFCMSubtrader", { body: params }, options);
  }

  /**
   * Gets a subtrader's daily event-contract cap (`GET /fcm/subtraders/event_contract_daily_cap`).
   *
   * @param params `subtrader_id`.
   * @param options Signal and timeout.
   * @returns The cap.
   */
  dailyCap(
    params: QueryParams<"GetFCMEventContractDailyCap">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetFCMEventContractDailyCap">> {
    return this.#c.send("GetFCMEventContractDailyCap", { query: params }, options);
  }

  /**
   * Sets a subtrader's daily event-contract cap (`PUT /fcm/subtraders/event_contract_daily_cap`).
   *
   * @param params `subtrader_id` and the cap.
   * @param options Signal and timeout.
   * @returns The stored cap.
   */
  updateDailyCap(
    params: RequestBody<"UpdateFCMEventContractDailyCap">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"UpdateFCMEventContractDailyCap">> {
    return this.#c.send("UpdateFCMEventContractDailyCap", { body: params }, options);
  }

  /**
   * Removes a subtrader's daily event-contract cap (`DELETE /fcm/subtraders/event_contract_daily_cap`).
   *
   * @param params `subtrader_id`.
   * @param options Signal and timeout.
   * @returns The answer.
   */
  deleteDailyCap(
    params: QueryParams<"DeleteFCMEventContractDailyCap">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"DeleteFCMEventContractDailyCap">> {
    return this.#c.send("DeleteFCMEventContractDailyCap", { query: params }, options);
  }
}
