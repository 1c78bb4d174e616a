/**
 * CPU time the Worker's isolate spends while `work` runs, from a V8 CPU profile taken through
 * workerd's inspector (the same profiler `wrangler dev`'s DevTools and `wrangler check startup`
 * use). Samples in "(idle)" are time the isolate waited (for D1, for the network), which Workers
 * do not bill; every other sample is CPU time.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url?: string; lineNumber?: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export async function isolateCpuDuring(
  inspectorPort: number,
  workerName: string,
  work: () => Promise<void>,
): Promise<{ cpuMs: number; wallMs: number; hottest: string[] }> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as {
    id: string;
    webSocketDebuggerUrl: string;
  }[];
  const target = targets.find((t) => t.id === `core:user:${workerName}`);
  if (!target) throw new Error(`no inspector target for worker ${workerName}`);
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve);
    socket.addEventListener("error", reject);
  });
  let nextId = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result);
  });
  const send = <T>(method: string, params: object = {}) =>
    new Promise<T>((resolve) => {
      const id = ++nextId;
      waiting.set(id, resolve as (result: unknown) => void);
      socket.send(JSON.stringify({ id, method, params }));
    });
  try {
    await send("Profiler.enable");
    await send("Profiler.setSamplingInterval", { interval: 100 });
    await send("Profiler.start");
    const started = performance.now();
    await work();
    const wallMs = performance.now() - started;
    const { profile } = await send<{ profile: Profile }>("Profiler.stop");
    return { cpuMs: busyMicros(profile) / 1000, wallMs, hottest: hottestFunctions(profile, 8) };
  } finally {
    socket.close();
  }
}

/** Microseconds of samples outside "(idle)". */
export function busyMicros(profile: Profile): number {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === "(idle)").map((n) => n.id));
  let busy = 0;
  profile.samples.forEach((node, i) => {
    if (!idle.has(node)) busy += profile.timeDeltas[i] ?? 0;
  });
  return busy;
}

/** The functions with the most self time, "name:line (ms)": where to look first. */
export function hottestFunctions(profile: Profile, count: number): string[] {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byNode.get(id)?.callFrame;
    if (!frame || frame.functionName === "(idle)") return;
    const script = frame.url ? frame.url.split("/").at(-1) : "";
    const key = `${frame.functionName || "(anonymous)"} ${script}:${frame.lineNumber ?? 0}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, micros]) => `${key} (${(micros / 1000).toFixed(0)} ms)`);
}
