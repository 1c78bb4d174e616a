/**
 * The `mail` consumer on a full batch (100 messages, `max_batch_size` in wrangler.toml) against a
 * fake transport: one claim round trip plus one "sent" write per message, sends ten at a time.
 * D1 is the local one behind wrangler's platform proxy, so every query crosses a process boundary
 * as production queries cross the network; compare figures within one run only.
 */
import { getPlatformProxy } from "wrangler";
import { mailOutbox } from "../schema";
import { loadConfig } from "../workers/config";
import { createDb } from "../workers/db";
import { handleMailBatch } from "../workers/mail/consumer";
import type { MailDeadLetter } from "../workers/mail/messages";
import type { MailTransport } from "../workers/mail/transports";
import { migrate } from "./lib/migrate";

const BATCH_SIZE = 100;
const RUNS = 5;

function fakeTransport(latencyMs: number): MailTransport {
  let n = 0;
  return {
    name: "fake",
    async send() {
      if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
      n++;
      return { providerMessageId: `fake-${n}` };
    },
  };
}

/** A batch shaped like the platform's, counting acks and retries. */
function batchOf(ids: string[]) {
  const tally = { acked: 0, retried: 0 };
  const messages = ids.map((outboxId, i) => ({
    id: `m-${i}`,
    timestamp: new Date(),
    attempts: 1,
    body: { outboxId },
    ack: () => void tally.acked++,
    retry: () => void tally.retried++,
  }));
  const batch: MessageBatch<unknown> = {
    queue: "mail",
    messages,
    metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } },
    ackAll: () => undefined,
    retryAll: () => undefined,
  };
  return { batch, tally };
}

export default async function mailBench(): Promise<Record<string, number | string>> {
  const proxy = await getPlatformProxy<Env>({ persist: false, remoteBindings: false });
  try {
    await migrate(proxy.env.DB);
    const db = createDb(proxy.env.DB);
    const config = loadConfig({
      ...proxy.env,
      ENVIRONMENT: "development",
      HASH_KEY: "bench-hash-key-0123456789",
      SIGNING_KEY: "bench-signing-key-0123456789",
    });
    const deadLetters = {
      send: async () => ({ metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } } }),
    } as unknown as Queue<MailDeadLetter>;
    const logger = { log: () => undefined };

    const runBatch = async (latencyMs: number, run: number) => {
      const ids = Array.from({ length: BATCH_SIZE }, () => crypto.randomUUID());
      const now = new Date().toISOString();
      const rows = ids.map((id, i) => ({
        id,
        dedupeKey: `bench:${latencyMs}:${run}:${i}`,
        template: "sign_in_link",
        recipients: [`petugas${i}@bench.test`],
        params: { link: `/masuk/tautan?token=${id}`, expiresAt: now },
        status: "queued" as const,
        createdAt: now,
        queuedAt: now,
      }));
      // 15 columns a row: 6 rows per statement stays under D1's 100 bound parameters.
      for (let i = 0; i < rows.length; i += 6) await db.insert(mailOutbox).values(rows.slice(i, i + 6));
      const { batch, tally } = batchOf(ids);
      const started = performance.now();
      await handleMailBatch(batch, {
        db,
        config,
        transport: fakeTransport(latencyMs),
        deadLetters,
        now: () => new Date(),
        logger,
      });
      const ms = performance.now() - started;
      if (tally.acked !== BATCH_SIZE) throw new Error(`expected ${BATCH_SIZE} acks, got ${tally.acked}`);
      return ms;
    };

    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
    const measure = async (latencyMs: number) => {
      await runBatch(latencyMs, -1); // warm-up
      const times: number[] = [];
      for (let run = 0; run < RUNS; run++) times.push(await runBatch(latencyMs, run));
      return median(times);
    };
    const instant = await measure(0);
    const slow = await measure(20);
    return {
      "batch size (messages)": BATCH_SIZE,
      "batch of 100, instant fake transport (ms, median of 5)": instant.toFixed(1),
      "per message (ms)": (instant / BATCH_SIZE).toFixed(2),
      "batch of 100, fake transport with 20 ms latency (ms)": slow.toFixed(1),
    };
  } finally {
    await proxy.dispose();
  }
}
