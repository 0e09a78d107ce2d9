import assert from "node:assert/strict";
import { simFetcher } from "../../_testing/sim_fetch.ts";
import { fails, ok, publicKeyOf, startCommsSim } from "./testdata/helpers.ts";

type Obj = Record<string, unknown>;

Deno.test("API keys", async (t) => {
  await using s = await startCommsSim();
  const { sim, f } = s;
  const publicKey = publicKeyOf(sim.privateKeyPem);
  const signer = (keyId: string, privateKeyPem = sim.privateKeyPem) =>
    simFetcher({ restUrl: sim.restUrl, keyId, privateKeyPem });

  await t.step("uploading a public key needs Premier; the key signs at once", async () => {
    const list0 = (await ok(f, "GET", "/api_keys")).body as { api_keys: Obj[] };
    assert.deepEqual(list0.api_keys.map((k) => k.api_key_id), [sim.keyId]);
    assert.deepEqual(list0.api_keys[0]!.scopes, ["read", "write"]);

    const body = { name: "mine", public_key: publicKey };
    await fails(f, "POST", "/api_keys", body, 403, "insufficient_api_usage_level");
    const res = await fetch(`${sim.adminUrl}/users/${sim.userId}/tier`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ tier: "premier" }),
    });
    assert.equal(res.status, 200);
    await res.body?.cancel();
    await fails(f, "POST", "/api_keys", { name: "bad", public_key: "not a key" }, 400);
    await fails(f, "POST", "/api_keys", { ...body, public_key: sim.privateKeyPem }, 400);
    await fails(f, "POST", "/api_keys", { name: "mine" }, 400, "invalid_parameters");
    const created = (await ok(f, "POST", "/api_keys", body, 201)).body as Obj;
    using g = await signer(created.api_key_id as string);
    const keys = (await ok(g, "GET", "/api_keys")).body as { api_keys: Obj[] };
    assert.ok(keys.api_keys.some((k) => k.api_key_id === created.api_key_id && k.name === "mine"));
  });

  await t.step("a generated key signs until it is deleted", async () => {
    const gen = (await ok(f, "POST", "/api_keys/generate", { name: "bot" }, 201)).body as Obj;
    const keyId = gen.api_key_id as string;
    assert.match(gen.private_key as string, /^-----BEGIN RSA PRIVATE KEY-----\n/);
    using g = await signer(keyId, gen.private_key as string);
    const me = (await ok(g, "GET", "/communications/id")).body as Obj;
    assert.equal(me.communications_id, sim.exchange.accounts.user(sim.userId)!.communications_id);
    await ok(g, "DELETE", `/api_keys/${keyId}`, undefined, 204);
    const gone = await g("GET", "/communications/id");
    assert.equal(gone.status, 401);
    await fails(f, "DELETE", `/api_keys/${keyId}`, undefined, 404, "not_found");
    await fails(f, "DELETE", "/api_keys/not-a-key", undefined, 400);
  });

  await t.step("scopes and subaccount restrictions", async () => {
    const ro = (await ok(f, "POST", "/api_keys", {
      name: "ro",
      public_key: publicKey,
      scopes: ["read"],
    }, 201)).body as Obj;
    {
      using g = await signer(ro.api_key_id as string);
      await ok(g, "GET", "/api_keys");
      await fails(g, "POST", "/portfolio/subaccounts", undefined, 403);
    }
    const listed = (await ok(f, "GET", "/api_keys")).body as { api_keys: Obj[] };
    assert.deepEqual(listed.api_keys.find((k) => k.api_key_id === ro.api_key_id)?.scopes, [
      "read",
    ]);

    const subKey = { name: "sub", public_key: publicKey, subaccount: 1 };
    await fails(f, "POST", "/api_keys", subKey, 400, "invalid_subaccount");
    await ok(f, "POST", "/portfolio/subaccounts", undefined, 201);
    const sub = (await ok(f, "POST", "/api_keys", subKey, 201)).body as Obj;
    {
      using g = await signer(sub.api_key_id as string);
      const bal = (await ok(g, "GET", "/portfolio/subaccounts/balances")).body as {
        subaccount_balances: Obj[];
      };
      assert.deepEqual(bal.subaccount_balances.map((b) => b.subaccount_number), [1]);
      await fails(g, "POST", "/api_keys/generate", { name: "x" }, 403, "subaccount_restricted");
      await fails(g, "DELETE", `/api_keys/${ro.api_key_id}`, undefined, 403);
    }
    const withSub = (await ok(f, "GET", "/api_keys")).body as { api_keys: Obj[] };
    assert.equal(withSub.api_keys.find((k) => k.api_key_id === sub.api_key_id)?.subaccount, 1);

    const gen = "/api_keys/generate";
    await fails(f, "POST", gen, {}, 400, "invalid_parameters");
    await fails(f, "POST", gen, { name: 7 }, 400, "bad_request");
    await fails(f, "POST", gen, { name: "x", scopes: ["write"] }, 400);
    await fails(f, "POST", gen, { name: "x", scopes: ["admin"] }, 400);
    await fails(f, "POST", gen, { name: "x", scopes: [] }, 400);
    await fails(f, "POST", gen, { name: "x", scopes: "read" }, 400, "bad_request");
    await fails(f, "POST", gen, { name: "x", fcm_subtrader_id: "a_1" }, 403);
    const empty = (await ok(f, "GET", "/api_keys?fcm_subtrader_id=x_1")).body as {
      api_keys: unknown[];
    };
    assert.equal(empty.api_keys.length, 0);
  });
});
