import assert from "node:assert/strict";
import { createExchange, createSimApp, REST_PREFIX } from "./server.ts";

Deno.test("sim redirects a trailing slash (301) and answers unknown routes in plain text", async () => {
  const ex = createExchange({ markets: 50, seed: 3 });
  const { app } = createSimApp(ex);
  try {
    const slash = await app.request(`${REST_PREFIX}/markets/?limit=1`, { redirect: "manual" });
    assert.equal(slash.status, 301);
    assert.equal(slash.headers.get("location"), `${REST_PREFIX}/markets?limit=1`);
    await slash.body?.cancel();
    const unknown = await app.request(`${REST_PREFIX}/nope`);
    assert.equal(unknown.status, 404);
    assert.equal(await unknown.text(), "404 page not found\n");
    const ok = await app.request(`${REST_PREFIX}/markets?limit=1`);
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
  } finally {
    ex.close();
  }
});
