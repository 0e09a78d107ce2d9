import assert from "node:assert/strict";
import { fails, ok, secondUser, startCommsSim } from "./testdata/helpers.ts";

type Obj = Record<string, unknown>;

Deno.test("subaccounts, transfers and funds", async (t) => {
  await using s = await startCommsSim();

  await t.step(
    "subaccounts: create, transfer (idempotent), balances, history, netting",
    async () => {
      const { f } = s;
      const balances = async () =>
        Object.fromEntries(
          ((await ok(f, "GET", "/portfolio/subaccounts/balances")).body as {
            subaccount_balances: Obj[];
          }).subaccount_balances.map((b) => [b.subaccount_number, b.balance]),
        );
      assert.deepEqual(await balances(), { 0: "10000.0000" });
      const n1 = (await ok(f, "POST", "/portfolio/subaccounts", undefined, 201)).body as Obj;
      assert.deepEqual(n1, { subaccount_number: 1 });
      const n2 = (await ok(f, "POST", "/portfolio/subaccounts", {}, 201)).body as Obj;
      assert.deepEqual(n2, { subaccount_number: 2 });

      const path = "/portfolio/subaccounts/transfer";
      const t = {
        client_transfer_id: crypto.randomUUID(),
        from_subaccount: 0,
        to_subaccount: 1,
        amount_cents: 12_345,
      };
      assert.deepEqual((await ok(f, "POST", path, t)).body, {});
      await ok(f, "POST", path, t); // a retry does not move the money twice
      assert.deepEqual(await balances(), { 0: "9876.5500", 1: "123.4500", 2: "0.0000" });
      await fails(f, "POST", path, { ...t, amount_cents: 1 }, 400, "duplicate_client_transfer_id");
      const fresh = () => ({ ...t, client_transfer_id: crypto.randomUUID() });
      await fails(
        f,
        "POST",
        path,
        { ...fresh(), from_subaccount: 1, to_subaccount: 0, amount_cents: 20_000 },
        400,
        "insufficient_balance",
      );
      await fails(f, "POST", path, { ...fresh(), to_subaccount: 0 }, 400);
      await fails(f, "POST", path, { ...fresh(), to_subaccount: 9 }, 400, "invalid_subaccount");
      await fails(f, "POST", path, { ...t, client_transfer_id: "abc" }, 400);
      await fails(f, "POST", path, { ...fresh(), amount_cents: "5" }, 400, "bad_request");
      await fails(f, "POST", path, { ...fresh(), amount_cents: 0 }, 400);
      await fails(f, "POST", path, { ...fresh(), amount_cents: undefined }, 400);
      await ok(f, "POST", path, {
        ...fresh(),
        from_subaccount: 1,
        to_subaccount: 2,
        amount_cents: 45,
      });
      assert.deepEqual(await balances(), { 0: "9876.5500", 1: "123.0000", 2: "0.4500" });

      const p1 = (await ok(f, "GET", "/portfolio/subaccounts/transfers?limit=1")).body as {
        transfers: Obj[];
        cursor: string;
      };
      assert.equal(p1.transfers.length, 1);
      assert.equal(p1.transfers[0]!.amount_cents, 45, "newest first");
      const p2 =
        (await ok(f, "GET", `/portfolio/subaccounts/transfers?limit=1&cursor=${p1.cursor}`))
          .body as { transfers: Obj[]; cursor: string };
      assert.equal(p2.transfers[0]!.amount_cents, 12_345);
      assert.equal(p2.cursor, "");
      await fails(f, "GET", "/portfolio/subaccounts/transfers?limit=1001", undefined, 400);

      const netting = async () =>
        ((await ok(f, "GET", "/portfolio/subaccounts/netting")).body as { netting_configs: Obj[] })
          .netting_configs.map((c) => [c.subaccount_number, c.enabled]);
      assert.deepEqual(await netting(), [[0, true], [1, true], [2, true]]);
      await ok(f, "PUT", "/portfolio/subaccounts/netting", {
        subaccount_number: 1,
        enabled: false,
      });
      assert.deepEqual(await netting(), [[0, true], [1, false], [2, true]]);
      await fails(
        f,
        "PUT",
        "/portfolio/subaccounts/netting",
        { subaccount_number: 7, enabled: true },
        400,
      );
      await fails(f, "PUT", "/portfolio/subaccounts/netting", { subaccount_number: 1 }, 400);
      await fails(f, "PUT", "/portfolio/subaccounts/netting", { enabled: true }, 400);
    },
  );

  await t.step("intra-exchange transfers and the target balance allocation", async () => {
    const { f } = s;
    const n = ((await ok(f, "POST", "/portfolio/subaccounts", undefined, 201)).body as Obj)
      .subaccount_number as number;
    const path = "/portfolio/intra_exchange_instance_transfer";
    const body = {
      source: "event_contract",
      destination: "event_contract",
      amount: 100_000, // centi-cents: $10
      destination_subaccount: n,
    };
    const id = ((await ok(f, "POST", path, body)).body as Obj).transfer_id as string;
    const bal = ((await ok(f, "GET", "/portfolio/subaccounts/balances")).body as {
      subaccount_balances: Obj[];
    }).subaccount_balances;
    assert.equal(bal.find((b) => b.subaccount_number === n)!.balance, "10.0000");
    const one = ((await ok(f, "GET", `/portfolio/intra_exchange_instance_transfers/${id}`))
      .body as { transfer: Obj }).transfer;
    assert.equal(one.amount, "10.0000");
    assert.equal(one.status, "complete");
    const list = (await ok(f, "GET", "/portfolio/intra_exchange_instance_transfers")).body as Obj;
    assert.deepEqual((list.transfers as Obj[]).map((x) => x.transfer_id), [id]);
    assert.equal(list.cursor, undefined, "no cursor on the last page");
    const subs = ((await ok(f, "GET", "/portfolio/subaccounts/transfers?limit=1")).body as {
      transfers: Obj[];
    }).transfers;
    assert.deepEqual(subs.map((x) => [x.transfer_id, x.amount_cents]), [[id, 1_000]]);
    await fails(f, "POST", path, { ...body, destination: "margined" }, 403);
    await fails(f, "POST", path, { ...body, destination_exchange_shard: 7 }, 400);
    await fails(f, "POST", path, {
      ...body,
      destination_subaccount: 0,
      source_subaccount: 0,
      amount: 1,
    }, 400);
    await fails(f, "POST", path, { ...body, source: "perps" }, 400);
    await fails(f, "POST", path, { ...body, amount: 10_000_000_000 }, 400, "insufficient_balance");
    await fails(
      f,
      "GET",
      `/portfolio/intra_exchange_instance_transfers/${crypto.randomUUID()}`,
      undefined,
      404,
    );

    const tba = "/portfolio/target_balance_allocation";
    assert.deepEqual((await ok(f, "GET", tba)).body, {
      allocations: [],
      resting_margin_reservation: "sum",
    });
    await ok(f, "POST", tba, {
      allocations: [{ exchange_index: 0, percent: 100 }],
      resting_margin_reservation: "max",
    });
    assert.deepEqual((await ok(f, "GET", tba)).body, {
      allocations: [{ exchange_index: 0, percent: 100 }],
      resting_margin_reservation: "max",
    });
    await fails(f, "POST", tba, { allocations: [{ exchange_index: 0, percent: 90 }] }, 400);
    await fails(f, "POST", tba, { allocations: [{ exchange_index: 9, percent: 100 }] }, 400);
    await fails(f, "POST", tba, { allocations: [{ exchange_index: 0, percent: "100" }] }, 400);
    await fails(f, "POST", tba, {
      allocations: [{ exchange_index: 0, percent: 50 }, { exchange_index: 0, percent: 50 }],
    }, 400);
    await fails(f, "POST", tba, {}, 400);
    await fails(f, "POST", tba, { allocations: [], resting_margin_reservation: "avg" }, 400);
    await ok(f, "POST", tba, { allocations: [] });
  });

  await t.step("deposit and withdrawal history explains the balance", async () => {
    const { sim, f } = s;
    const net = async (fetcher: typeof f) => {
      const deposits = ((await ok(fetcher, "GET", "/portfolio/deposits")).body as {
        deposits: Obj[];
      }).deposits;
      const withdrawals = ((await ok(fetcher, "GET", "/portfolio/withdrawals")).body as {
        withdrawals: Obj[];
      }).withdrawals;
      const sum = (xs: Obj[]) =>
        xs.filter((x) => x.status === "applied").reduce(
          (a, x) => a + (x.amount_cents as number),
          0,
        );
      return { deposits, withdrawals, net: sum(deposits) - sum(withdrawals) };
    };
    const before = await net(f);
    assert.equal(before.net, 1_000_000, "$10 000 of opening balance");
    assert.ok(before.deposits.some((d) => d.status === "failed"));
    assert.ok(before.deposits.every((d) => (d.created_ts as number) <= Date.now() / 1000));

    const res = await fetch(`${sim.adminUrl}/users/${sim.userId}/deposit`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ amount_dollars: "250.00" }),
    });
    assert.equal(res.status, 200);
    await res.body?.cancel();
    const after = await net(f);
    assert.equal(after.net, 1_025_000);
    assert.deepEqual(
      { ...after.deposits[0], id: undefined, created_ts: undefined, finalized_ts: undefined },
      {
        id: undefined,
        status: "applied",
        type: "ach",
        amount_cents: 25_000,
        fee_cents: 0,
        created_ts: undefined,
        finalized_ts: undefined,
      },
    );
    const page1 = (await ok(f, "GET", "/portfolio/deposits?limit=1")).body as {
      deposits: Obj[];
      cursor: string;
    };
    assert.equal(page1.deposits[0]!.id, after.deposits[0]!.id);
    const page2 = (await ok(f, "GET", `/portfolio/deposits?limit=1&cursor=${page1.cursor}`))
      .body as { deposits: Obj[] };
    assert.equal(page2.deposits[0]!.id, after.deposits[1]!.id);
    await fails(f, "GET", "/portfolio/deposits?limit=501", undefined, 400);
    await fails(f, "GET", "/portfolio/withdrawals?limit=abc", undefined, 400);

    const b = await secondUser(sim);
    using fb = b.f;
    assert.equal((await net(fb)).net, 500_000);
  });
});
