import { type Browser, type BrowserContext, chromium } from "playwright-core";
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
