import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { inject } from "vitest";

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

/** Signs an official in as a person does: asks for the link at /masuk, opens it from the mail, presses "Masuk". */
export async function signIn(page: Page, email: string): Promise<void> {
  const requested = new Date(Date.now() - 1000);
  await page.goto("/masuk");
  await page.fill("input[name=email]", email);
  await page.click("button[type=submit]");
  const mail = await waitForMail(email, "Tautan masuk", requested);
  await page.goto(linkIn(mail.text, "/masuk/tautan/"));
  await page.click("button[type=submit]");
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
