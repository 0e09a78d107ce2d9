/**
 * The catalogue's own records, beyond the shared series/event/market records of `sim/types.ts`:
 * what generated events model, multivariate collections, milestones, structured targets,
 * incentive programs and fee changes, and the container holding all of it.
 *
 * @module
 */

import type { Price } from "../../money/mod.ts";
import type { EventRecord, MarketRecord, MveLeg, SeriesRecord } from "../types.ts";

/** The distribution of a numeric underlying (a temperature, an index level, a rate). */
export interface NumericModel {
  /** Mean of the value at expiration. */
  mean: number;
  /** Standard deviation. */
  sd: number;
  /** Resolution of the reported value (1 for whole degrees, 0.01 for index levels). */
  grain: number;
  /** Decimals shown in titles. */
  decimals: number;
  /** Unit prefix and suffix in titles (e.g. `$`, `°`, `%`). */
  prefix: string;
  suffix: string;
}

/** A team or competitor in a sports league. */
export interface TeamInfo {
  code: string;
  name: string;
  /** Structured target id. */
  target_id: string;
}

/** A game between two teams. */
export interface GameInfo {
  league: string;
  competition: string;
  sport: string;
  milestone_type: string;
  target_type: string;
  home: TeamInfo;
  away: TeamInfo;
  start_ms: number;
  end_ms: number;
  allows_tie: boolean;
}

/** What the catalogue knows about an event beyond its wire record. */
export interface EventExtra {
  /** The numeric underlying of bracket and threshold events. */
  model?: NumericModel;
  /** Weather city id (`nyc`, …) for weather events. */
  city?: string;
  /** Crypto asset (`BTC`, …) for crypto events. */
  asset?: string;
  game?: GameInfo;
  milestone_id?: string;
  /** When the event's outcome becomes known. */
  expected_expiration_ms: number;
  /** Competition shown in event metadata. */
  competition?: string;
  competition_scope?: string;
}

/** An event of a multivariate collection, with its leg rules. */
export interface AssociatedEventRecord {
  ticker: string;
  is_yes_only: boolean;
  size_min?: number;
  size_max?: number;
  active_quoters: string[];
}

/** A multivariate event collection (combo template). */
export interface CollectionRecord {
  collection_ticker: string;
  series_ticker: string;
  title: string;
  description: string;
  open_ms: number;
  close_ms: number;
  associated_events: AssociatedEventRecord[];
  is_ordered: boolean;
  is_single_market_per_event: boolean;
  is_all_yes: boolean;
  size_min: number;
  size_max: number;
  functional_description: string;
  exchange_index: number;
}

/** A recorded lookup or creation of a combo, for the lookup history. */
export interface LookupRecord {
  collection_ticker: string;
  event_ticker: string;
  market_ticker: string;
  selected_markets: MveLeg[];
  last_queried_ms: number;
}

/** A milestone (a game, a race) that events relate to. */
export interface MilestoneRecord {
  id: string;
  category: string;
  type: string;
  competition: string;
  start_ms: number;
  end_ms?: number;
  related_event_tickers: string[];
  primary_event_tickers: string[];
  title: string;
  notification_message: string;
  source_id: string;
  details: Record<string, unknown>;
  last_updated_ms: number;
}

/** A structured target (a team, a player) that structured strikes point at. */
export interface TargetRecord {
  id: string;
  name: string;
  type: string;
  details: Record<string, unknown>;
  source_id: string;
  last_updated_ms: number;
}

/** A liquidity or volume incentive program on a market. */
export interface ProgramRecord {
  id: string;
  market_ticker: string;
  incentive_type: "liquidity" | "volume";
  start_ms: number;
  end_ms: number;
  /** Reward for the period, centi-cents. */
  period_reward: number;
  paid_out: boolean;
  discount_factor_bps?: number;
  target_size_fp?: string;
  incentive_description: string;
}

/** A scheduled change of a series' fee. */
export interface SeriesFeeChangeRecord {
  id: string;
  series_ticker: string;
  fee_type: string;
  fee_multiplier: number;
  scheduled_ms: number;
  applied: boolean;
}

/** A scheduled change of an event's fee override (null clears it). */
export interface EventFeeChangeRecord {
  id: string;
  event_ticker: string;
  series_ticker: string;
  fee_type_override: string | null;
  fee_multiplier_override: number | null;
  scheduled_ms: number;
  applied: boolean;
}

/** Everything the catalogue holds. Lists are kept sorted by their key. */
export interface CatalogueData {
  /** The clock reading the catalogue was generated for. */
  start_ms: number;
  series: Map<string, SeriesRecord>;
  /** Every series, sorted by ticker. */
  seriesList: SeriesRecord[];
  events: Map<string, EventRecord>;
  /** Every event (multivariate included), sorted by ticker. */
  eventList: EventRecord[];
  extras: Map<string, EventExtra>;
  markets: Map<string, MarketRecord>;
  /** Every market (archived ones included), sorted by ticker. */
  marketList: MarketRecord[];
  /** The value each determined market settled on (its `expiration_value`). */
  expiration: Map<string, string>;
  /** The YES probability each market was generated with (synthetic history anchors on it). */
  initialFair: Map<string, Price>;
  collections: Map<string, CollectionRecord>;
  collectionList: CollectionRecord[];
  /** Combo market ticker by collection and canonical leg key. */
  combos: Map<string, string>;
  /** Combo market tickers by leg market ticker. */
  combosByLeg: Map<string, string[]>;
  lookups: LookupRecord[];
  milestones: Map<string, MilestoneRecord>;
  /** Milestones sorted by start time, then id. */
  milestoneList: MilestoneRecord[];
  targets: Map<string, TargetRecord>;
  targetList: TargetRecord[];
  programs: ProgramRecord[];
  seriesFeeChanges: SeriesFeeChangeRecord[];
  eventFeeChanges: EventFeeChangeRecord[];
}
