import assert from "node:assert/strict";
import fc from "fast-check";
import { BoundedQueue } from "./_queue.ts";

Deno.test("BoundedQueue hands items to a waiting reader in order", async () => {
  const q = new BoundedQueue<number>(2, "error");
  const first = q.next();
  q.push(1);
  q.push(2);
  assert.deepEqual(await first, { value: 1, done: false });
  assert.deepEqual(await q.next(), { value: 2, done: false });
  q.close();
  assert.deepEqual(await q.next(), { value: undefined, done: true });
});

Deno.test('BoundedQueue "error" refuses the item past capacity', () => {
  const q = new BoundedQueue<number>(2, "error");
  assert.equal(q.push(1), "ok");
  assert.equal(q.push(2), "ok");
  assert.equal(q.push(3), "overflow");
  assert.equal(q.size, 2);
});

Deno.test('BoundedQueue "drop-oldest" and "drop-newest" report what they dropped', async () => {
  const droppedOld: number[] = [];
  const old = new BoundedQueue<number>(2, "drop-oldest", { onDrop: (n) => droppedOld.push(n) });
  for (const n of [1, 2, 3, 4]) old.push(n);
  assert.deepEqual(droppedOld, [1, 2]);
  old.close();
  assert.deepEqual(await Array.fromAsync(old), [3, 4]);

  const droppedNew: number[] = [];
  const neu = new BoundedQueue<number>(2, "drop-newest", { onDrop: (n) => droppedNew.push(n) });
  for (const n of [1, 2, 3, 4]) neu.push(n);
  assert.deepEqual(droppedNew, [3, 4]);
  neu.close();
  assert.deepEqual(await Array.fromAsync(neu), [1, 2]);
});

Deno.test("BoundedQueue forced items bypass capacity and are never dropped", async () => {
  const q = new BoundedQueue<string>(1, "drop-oldest");
  q.push("a");
  q.push("marker", true);
  q.push("b");
  q.unshift("head");
  assert.equal(q.counted, 1);
  q.close();
  assert.deepEqual(await Array.fromAsync(q), ["head", "marker", "b"]);
});

Deno.test("BoundedQueue.fail() delivers buffered items first, then rejects", async () => {
  const q = new BoundedQueue<number>(4, "error");
  q.push(1);
  q.fail(new RangeError("boom"));
  assert.deepEqual(await q.next(), { value: 1, done: false });
  await assert.rejects(q.next(), RangeError);
  assert.equal(q.push(2), "closed");
});

Deno.test("BoundedQueue.return() calls onReturn once and ends the stream", async () => {
  let calls = 0;
  const q = new BoundedQueue<number>(4, "error", { onReturn: () => calls++ });
  q.push(1);
  for await (const _ of q) break;
  await q.return();
  assert.equal(calls, 1);
  assert.deepEqual(await q.next(), { value: undefined, done: true });
});

Deno.test("BoundedQueue keeps FIFO order and its bound under any push/pull mix", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 1000 })), { maxLength: 300 }),
      fc.integer({ min: 1, max: 8 }),
      async (ops, cap) => {
        const q = new BoundedQueue<number>(cap, "drop-oldest");
        const model: number[] = [];
        for (const op of ops) {
          if (op < 0) {
            if (model.length === 0) continue;
            const r = await q.next();
            assert.equal(r.value, model.shift());
          } else {
            q.push(op);
            model.push(op);
            if (model.length > cap) model.shift();
          }
          assert.ok(q.size <= cap);
        }
        q.close();
        assert.deepEqual(await Array.fromAsync(q), model);
      },
    ),
    { numRuns: 200 },
  );
});
