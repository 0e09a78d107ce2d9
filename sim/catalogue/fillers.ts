/**
 * Single-market series that fill the catalogue up to the exact size asked for.
 *
 * @module
 */

import { DAY, HOUR, MINUTE } from "./_util.ts";
import { NWS, type SeriesTemplate, SPX } from "./templates.ts";

/** Single-market series that fill the catalogue up to the exact size asked for. */
export const FILLERS: readonly SeriesTemplate[] = [
  {
    ticker: "KXGOVSHUT",
    title: "Government shutdown",
    category: "Politics",
    tags: ["Congress"],
    frequency: "daily",
    kind: "binary",
    step: "1d",
    closeTime: 4 * HOUR + 59 * MINUTE,
    openLead: 36_500 * DAY,
    expirationDelay: 2 * HOUR,
    settlementTimer: 3600,
    question: "Will the federal government be shut down {when}?",
    eventTitle: "Government shutdown {when}?",
    source: { name: "OPM", url: "https://www.opm.gov/" },
    maxFuture: Infinity,
  },
  {
    ticker: "KXRAINNYC",
    title: "Rain in NYC",
    category: "Climate and Weather",
    tags: ["Weather", "Rain"],
    frequency: "daily",
    kind: "binary",
    step: "1d",
    closeTime: 4 * HOUR + 59 * MINUTE,
    openLead: 36_500 * DAY,
    expirationDelay: 10 * HOUR,
    settlementTimer: 3600,
    question: "Will it rain in NYC {when}?",
    eventTitle: "Rain in NYC {when}?",
    source: NWS,
    maxFuture: Infinity,
  },
  {
    ticker: "KXNEWHIGH",
    title: "S&P 500 record high",
    category: "Financials",
    tags: ["S&P 500"],
    frequency: "daily",
    kind: "binary",
    step: "1d",
    closeTime: 21 * HOUR,
    openLead: 36_500 * DAY,
    expirationDelay: 15 * MINUTE,
    settlementTimer: 600,
    question: "Will the S&P 500 close at a record high {when}?",
    eventTitle: "S&P 500 record close {when}?",
    source: SPX,
    maxFuture: Infinity,
  },
];
