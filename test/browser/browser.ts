import axe from "axe-core";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { expect, inject } from "vitest";

/** Chromium flags for this sandbox: no background traffic to hosts the machine cannot reach. */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const baseUrl = () => inject("baseUrl");
export const browserAvailable = () => inject("chromiumPath") !== null;

/**
 * A phone-sized browser with JavaScript switched off: every page must work like this.
 *
 * @example
 * await using session = await openPhoneBrowser();
 * const page = await session.context.newPage();
 */
export async function openPhoneBrowser(): Promise<{ context: BrowserContext } & AsyncDisposable> {
  const executablePath = inject("chromiumPath");
  if (!executablePath) throw new Error("no Chromium");
  const browser: Browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  const context = await browser.newContext({
    javaScriptEnabled: false,
    viewport: { width: 360, height: 740 },
    locale: "id-ID",
    baseURL: baseUrl(),
    // A client address of its own (wrangler dev takes CF-Connecting-IP as sent): each phone spends its own
    // per-IP rate-limit budgets, so files do not run each other out of sign-ins within a minute.
    extraHTTPHeaders: { "cf-connecting-ip": `10.${[...crypto.getRandomValues(new Uint8Array(3))].join(".")}` },
  });
  return { context, [Symbol.asyncDispose]: () => browser.close() };
}

interface LocalMail {
  messageId: string;
  to: string[];
  subject: string;
  sentAt: string;
}

/**
 * The newest e-mail to `address` whose subject contains `subject`, as `wrangler dev` keeps it
 * for the `send_email` binding; waits for the mail queue to deliver it.
 */
export async function waitForMail(address: string, subject: string, after: Date): Promise<{ text: string }> {
  const api = `${baseUrl()}/cdn-cgi/local/explorer/api/local/email/sending`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const list = (await (await fetch(api)).json()) as { result: LocalMail[] };
    const mail = list.result
      .filter((m) => m.to.includes(address) && m.subject.includes(subject) && new Date(m.sentAt) >= after)
      .sort((a, b) => b.sentAt.localeCompare(a.sentAt))[0];
    if (mail) {
      const detail = await fetch(`${api}?worker=simpul&email_id=${encodeURIComponent(mail.messageId)}`);
      return ((await detail.json()) as { result: { text: string } }).result;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no mail "${subject}" to ${address} within 30 s`);
}

/**
 * The first link in a mail's text whose path starts with `pathPrefix`, e.g. the "/aksi/" link of a button
 * labelled `label` ("Sahkan pendaftaran: https://…/aksi/…").
 *
 * @example
 * const endorse = linkIn(mail.text, "/aksi/", "Sahkan pendaftaran");
 */
export function linkIn(text: string, pathPrefix: string, label?: string): string {
  const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`${label ? `${literal(label)}: ` : ""}(https?://[^\\s/]+${literal(pathPrefix)}\\S*)`);
  const url = pattern.exec(text)?.[1];
  if (!url) throw new Error(`no ${pathPrefix} link${label ? ` labelled "${label}"` : ""} in the mail`);
  return url;
}

/**
 * Invites one official through the admin page's form, as the administrator does, and checks the
 * list then names them. `scopeId` is the village or agency of a scoped role.
 */
export async function inviteOfficial(
  page: Page,
  who: { name: string; email: string },
  role: string,
  scopeId = "",
): Promise<void> {
  await page.goto("/admin/pejabat");
  await page.fill("input[name=name]", who.name);
  await page.fill("input[name=email]", who.email);
  await page.selectOption("select[name=role]", role);
  await page.selectOption("select[name=scopeId]", scopeId);
  await page.click("form[action='/admin/pejabat'] button[type=submit]");
  expect(new URL(page.url()).search).toBe("?pesan=diundang");
  expect(await page.locator("table").textContent()).toContain(who.name);
}

/**
 * Signs an official in as a person does: asks for the link at /masuk, opens it from the mail, presses "Masuk".
 * `onPage` runs on each page shown on the way (e.g. a `watchPage` check).
 */
export async function signIn(
  page: Page,
  email: string,
  onPage: (page: Page) => Promise<unknown> = async () => {},
): Promise<void> {
  const requested = new Date(Date.now() - 1000);
  await page.goto("/masuk");
  await onPage(page);
  await page.fill("input[name=email]", email);
  await page.click("button[type=submit]");
  await onPage(page);
  const mail = await waitForMail(email, "Tautan masuk", requested);
  await page.goto(linkIn(mail.text, "/masuk/tautan/"));
  await onPage(page);
  await page.click("button[type=submit]");
  await onPage(page);
}

/**
 * Opens `path` again every half second until `ready` holds for the page, for what a Workflow or the mail queue
 * does in the background; fails after 30 s with the page's last text.
 */
export async function reloadUntil(page: Page, path: string, ready: (page: Page) => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    await page.goto(path);
    if (await ready(page)) return;
    if (Date.now() > deadline)
      throw new Error(`${path} not ready within 30 s:\n${await page.locator("main").textContent()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** What every page a person meets must hold to on a phone (issue 10): the screen's width and HTML + CSS transferred. */
export const PAGE_LIMITS = { width: 360, htmlAndCssBytes: 60 * 1024 } as const;

/** The serious and critical axe-core violations, each as "rule: first nodes". */
const AXE_SERIOUS = `axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations
  .filter((v) => v.impact === "serious" || v.impact === "critical")
  .map((v) => v.id + ": " + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")))`;

/**
 * Watches one page as a person uses it. `check()` measures the page shown now against
 * `PAGE_LIMITS` and axe-core, and answers what fails, prefixed with the page's path: serious or
 * critical axe violations, a document wider than the screen, HTML + CSS transferred over the
 * budget (the page's HTML plus each stylesheet it links, as transferred the first time, so a cached
 * stylesheet still counts as on a first visit). `unchecked()` lists the pages shown but never
 * checked, so a journey can prove it measured every page it visited.
 *
 * axe needs timers, and Chromium with JavaScript off crashes the renderer when a timer is set
 * from an evaluated script; axe therefore audits a twin of the shown DOM in a JavaScript-enabled
 * page of the same size on the same origin (same stylesheet), never the app with scripts on.
 *
 * @example
 * const watched = watchPage(page);
 * await page.goto("/aspirasi");
 * expect(await watched.check()).toEqual([]);
 */
export function watchPage(page: Page) {
  const transferred = new Map<string, number>();
  const pending: Promise<unknown>[] = [];
  const shown: { url: string; checked: boolean }[] = [];
  let twin: Promise<Page> | undefined;

  page.on("requestfinished", (request) => {
    const type = request.resourceType();
    if (type !== "document" && type !== "stylesheet") return;
    pending.push(
      Promise.all([request.sizes(), request.response()]).then(([s, response]) => {
        // A redirect is not a page shown; the page it leads to is counted on its own.
        if (!response || (response.status() >= 300 && response.status() < 400)) return;
        const bytes = s.responseHeadersSize + s.responseBodySize;
        // A stylesheet served again from the cache reports no body: keep its first transfer.
        const before = type === "stylesheet" ? (transferred.get(request.url()) ?? 0) : 0;
        transferred.set(request.url(), Math.max(before, bytes));
      }),
    );
  });
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame() && frame.url() !== "about:blank") shown.push({ url: frame.url(), checked: false });
  });

  const auditPage = async () => {
    const browser = page.context().browser();
    if (!browser) throw new Error("no browser");
    const context = await browser.newContext({
      javaScriptEnabled: true,
      bypassCSP: true,
      viewport: page.viewportSize(),
    });
    const audit = await context.newPage();
    await audit.goto(`${baseUrl()}/healthz`);
    return audit;
  };

  async function bytesOf(url: string): Promise<number | undefined> {
    for (let i = 0; i < 20 && !transferred.has(url); i++) {
      await Promise.all(pending);
      if (!transferred.has(url)) await new Promise((r) => setTimeout(r, 100));
    }
    await Promise.all(pending);
    return transferred.get(url);
  }

  return {
    async check(): Promise<string[]> {
      await page.waitForLoadState("load");
      const url = page.url();
      const where = new URL(url).pathname;
      const problems: string[] = [];

      const width = await page.evaluate<number>("document.documentElement.scrollWidth");
      if (width > PAGE_LIMITS.width) problems.push(`${where}: ${width} px wide`);

      const sheets = await page
        .locator("link[rel=stylesheet]")
        .evaluateAll((links) => links.map((l) => (l as unknown as { href: string }).href));
      const parts = await Promise.all([url, ...sheets].map(bytesOf));
      if (parts.some((b) => b === undefined)) problems.push(`${where}: transfer of HTML or CSS not seen`);
      const bytes = parts.reduce<number>((sum, b) => sum + (b ?? 0), 0);
      if (bytes > PAGE_LIMITS.htmlAndCssBytes) problems.push(`${where}: ${bytes} bytes of HTML + CSS`);

      twin ??= auditPage();
      const audit = await twin;
      await audit.setContent(await page.content());
      await audit.evaluate(axe.source);
      problems.push(...(await audit.evaluate<string[]>(AXE_SERIOUS)).map((v) => `${where}: axe ${v}`));

      for (const s of shown) if (s.url === url) s.checked = true;
      return problems;
    },
    unchecked: () => shown.filter((s) => !s.checked).map((s) => s.url),
  };
}
