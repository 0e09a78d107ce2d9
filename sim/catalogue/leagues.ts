/**
 * Reference data behind generated series: sports leagues with their teams, and weather cities.
 *
 * @module
 */

/** A sports league. */
export interface League {
  code: string;
  sport: string;
  competition: string;
  milestone_type: string;
  target_type: string;
  player_type: string;
  teams: { code: string; name: string; group: string }[];
}

/** The leagues behind game series. */
export const LEAGUES: readonly League[] = [
  {
    code: "NBA",
    sport: "Basketball",
    competition: "Pro Basketball (M)",
    milestone_type: "basketball_game",
    target_type: "basketball_team",
    player_type: "basketball_player",
    teams: [
      { code: "LAL", name: "Los Angeles L", group: "Western" },
      { code: "BOS", name: "Boston", group: "Eastern" },
      { code: "GSW", name: "Golden State", group: "Western" },
      { code: "NYK", name: "New York K", group: "Eastern" },
      { code: "DEN", name: "Denver", group: "Western" },
      { code: "MIL", name: "Milwaukee", group: "Eastern" },
      { code: "PHX", name: "Phoenix", group: "Western" },
      { code: "MIA", name: "Miami", group: "Eastern" },
      { code: "DAL", name: "Dallas", group: "Western" },
      { code: "PHI", name: "Philadelphia", group: "Eastern" },
    ],
  },
  {
    code: "NFL",
    sport: "Football",
    competition: "Pro Football",
    milestone_type: "football_game",
    target_type: "football_team",
    player_type: "football_player",
    teams: [
      { code: "KC", name: "Kansas City", group: "AFC" },
      { code: "BUF", name: "Buffalo", group: "AFC" },
      { code: "PHI", name: "Philadelphia", group: "NFC" },
      { code: "SF", name: "San Francisco", group: "NFC" },
      { code: "DAL", name: "Dallas", group: "NFC" },
      { code: "BAL", name: "Baltimore", group: "AFC" },
      { code: "DET", name: "Detroit", group: "NFC" },
      { code: "CIN", name: "Cincinnati", group: "AFC" },
    ],
  },
  {
    code: "NHL",
    sport: "Hockey",
    competition: "Pro Hockey",
    milestone_type: "hockey_match",
    target_type: "hockey_team",
    player_type: "hockey_player",
    teams: [
      { code: "EDM", name: "Edmonton", group: "Western" },
      { code: "FLA", name: "Florida", group: "Eastern" },
      { code: "NYR", name: "New York R", group: "Eastern" },
      { code: "DAL", name: "Dallas", group: "Central" },
      { code: "COL", name: "Colorado", group: "Central" },
      { code: "TOR", name: "Toronto", group: "Eastern" },
    ],
  },
  {
    code: "MLB",
    sport: "Baseball",
    competition: "Pro Baseball",
    milestone_type: "baseball_game",
    target_type: "baseball_team",
    player_type: "baseball_player",
    teams: [
      { code: "LAD", name: "Los Angeles D", group: "NL" },
      { code: "NYY", name: "New York Y", group: "AL" },
      { code: "ATL", name: "Atlanta", group: "NL" },
      { code: "HOU", name: "Houston", group: "AL" },
      { code: "PHI", name: "Philadelphia", group: "NL" },
      { code: "BAL", name: "Baltimore", group: "AL" },
    ],
  },
  {
    code: "EPL",
    sport: "Soccer",
    competition: "EPL",
    milestone_type: "soccer_match",
    target_type: "soccer_team",
    player_type: "soccer_player",
    teams: [
      { code: "ARS", name: "Arsenal", group: "Premier League" },
      { code: "MCI", name: "Manchester City", group: "Premier League" },
      { code: "LIV", name: "Liverpool", group: "Premier League" },
      { code: "CHE", name: "Chelsea", group: "Premier League" },
      { code: "TOT", name: "Tottenham", group: "Premier League" },
      { code: "NEW", name: "Newcastle", group: "Premier League" },
    ],
  },
];

/** Weather cities with live index data. */
export const CITIES: readonly { id: string; name: string; station: string; base: number }[] = [
  { id: "nyc", name: "NYC", station: "KNYC", base: 47 },
  { id: "chicago", name: "Chicago", station: "KMDW", base: 40 },
  { id: "miami", name: "Miami", station: "KMIA", base: 78 },
  { id: "austin", name: "Austin", station: "KAUS", base: 64 },
  { id: "los_angeles", name: "Los Angeles", station: "KLAX", base: 68 },
  { id: "denver", name: "Denver", station: "KDEN", base: 48 },
  { id: "philadelphia", name: "Philadelphia", station: "KPHL", base: 46 },
];
