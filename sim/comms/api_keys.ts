/**
 * API key management: list, upload a public key (Premier and above, as on Kalshi), generate a
 * key pair (the private key is shown once, as PKCS#1 PEM), delete. Keys authenticate from the
 * moment they are created and stop the moment they are deleted.
 *
 * @module
 */

import { generateKeyPair } from "../../auth/mod.ts";
import { apiError, type BodyReader, invalidParameters, notFound } from "../_http.ts";
import { type ApiKeyRecord, MAX_SUBACCOUNT, TIERS } from "../accounts.ts";
import type { Exchange } from "../exchange.ts";
import { reply, type SimRequest, type SimRouter } from "../router.ts";
import { pkcs8ToPkcs1Pem } from "./_pkcs1.ts";
import { forbidden, isUuid, requireUnrestrictedKey } from "./_wire.ts";

/** Scopes a key may carry. */
export const API_KEY_SCOPES: readonly string[] = [
  "read",
  "write",
  "write::trade",
  "write::transfer",
  "read::block_trade_accept",
  "write::block_trade_accept",
  "read::portfolio_balance",
];

/** Lowest tier allowed to upload its own public key. */
const UPLOAD_TIER = TIERS.indexOf("premier");

/** Longest key name accepted. */
const MAX_NAME = 100;

/**
 * Declares the API key routes.
 *
 * @param router The route table.
 * @param ex The exchange.
 */
export function registerApiKeyRoutes(router: SimRouter, ex: Exchange): void {
  router.on("GET", "/api_keys", { op: "GetApiKeys" }, (req) => {
    const subtrader = req.query.str("fcm_subtrader_id");
    const keys = subtrader === undefined ? ex.accounts.keysOf(req.me.user_id) : [];
    return { api_keys: keys.map(render) };
  });

  router.on("POST", "/api_keys", { op: "CreateApiKey" }, async (req) => {
    requireUnrestrictedKey(req);
    const body = await req.body("CreateApiKeyRequest");
    const name = body.str("name", { required: true, maxLength: MAX_NAME })!;
    const publicKey = body.str("public_key", { required: true })!;
    const options = keyOptions(req, body);
    if (TIERS.indexOf(req.me.tier) < UPLOAD_TIER) {
      throw forbidden(
        "insufficient_api_usage_level",
        "uploading a public key requires the Premier API usage level or above",
      );
    }
    const key = ex.accounts.addKey(req.me.user_id, { name, publicKeyPem: publicKey, ...options });
    return reply(201, { api_key_id: key.api_key_id });
  });

  router.on("POST", "/api_keys/generate", { op: "GenerateApiKey" }, async (req) => {
    requireUnrestrictedKey(req);
    const body = await req.body("GenerateApiKeyRequest");
    const name = body.str("name", { required: true, maxLength: MAX_NAME })!;
    const options = keyOptions(req, body);
    const pair = await generateKeyPair();
    const key = ex.accounts.addKey(req.me.user_id, {
      name,
      publicKeyPem: pair.publicKeyPem,
      ...options,
    });
    return reply(201, {
      api_key_id: key.api_key_id,
      private_key: pkcs8ToPkcs1Pem(pair.privateKeyPem),
    });
  });

  router.on("DELETE", "/api_keys/{api_key}", { op: "DeleteApiKey" }, (req) => {
    requireUnrestrictedKey(req);
    const id = req.param("api_key");
    if (!isUuid(id)) {
      throw invalidParameters(`api_key must be a valid key id: got ${JSON.stringify(id)}`);
    }
    if (!ex.accounts.deleteKey(req.me.user_id, id)) throw notFound("api_key", id);
    return reply(204);
  });
}

function render(k: ApiKeyRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { api_key_id: k.api_key_id, name: k.name, scopes: k.scopes };
  if (k.subaccount !== undefined) out.subaccount = k.subaccount;
  return out;
}

function keyOptions(
  req: SimRequest,
  body: BodyReader,
): { scopes?: string[]; subaccount?: number } {
  const out: { scopes?: string[]; subaccount?: number } = {};
  const scopes = body.array("scopes");
  if (scopes !== undefined) {
    if (scopes.length === 0) throw invalidParameters("scopes must not be empty");
    for (const s of scopes) {
      if (typeof s !== "string" || !API_KEY_SCOPES.includes(s)) {
        throw invalidParameters(
          `scopes must be among ${API_KEY_SCOPES.join(", ")}: got ${JSON.stringify(s)}`,
        );
      }
    }
    const list = [...new Set(scopes as string[])];
    if (list.some((s) => s.startsWith("write")) && !list.includes("read")) {
      throw invalidParameters("a key with a write scope must also have the read scope");
    }
    out.scopes = list;
  }
  const sub = body.int("subaccount", { min: 0, max: MAX_SUBACCOUNT });
  if (sub !== undefined) {
    req.ex.accounts.requireSubaccount(req.me.user_id, sub);
    out.subaccount = sub;
  }
  if (body.str("fcm_subtrader_id") !== undefined) {
    throw apiError(403, "fcm_only", "fcm_subtrader_id is only available to FCM members");
  }
  return out;
}
