import * as z from "zod";
import { describeError, type MailTransport, MailTransportError, type OutgoingMail } from "./types";

export interface HttpTransportOptions {
  /** Base URL without trailing slash, e.g. `https://api.resend.com`. */
  apiUrl: string;
  apiKey: string;
  /** Abort a request that takes longer than this; the queue retries it. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const responseSchema = z.object({ id: z.string().min(1) });

/** Statuses for a request the provider will refuse again however often it is sent. */
const PERMANENT_STATUSES = new Set([400, 413, 422]);

/** "Name <address>", the sender form Resend-compatible APIs take; quotes keep commas in names safe. */
function formatFrom(from: OutgoingMail["from"]): string {
  const name = from.name.replace(/["\\\r\n]/g, "");
  return `"${name}" <${from.email}>`;
}

/**
 * A Resend-compatible HTTP API: `POST {apiUrl}/emails` with a JSON body, `Authorization: Bearer`
 * and `Idempotency-Key` set to the outbox dedupe key, so a retried request never sends twice.
 * For offices whose domain cannot use Cloudflare Email Service.
 */
export function httpTransport(options: HttpTransportOptions): MailTransport {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  return {
    name: "http",
    async send(mail: OutgoingMail) {
      let res: Response;
      try {
        res = await doFetch(`${options.apiUrl}/emails`, {
          method: "POST",
          headers: {
            Authorization: `Bearer ${options.apiKey}`,
            "Content-Type": "application/json",
            "Idempotency-Key": mail.idempotencyKey,
          },
          body: JSON.stringify({
            from: formatFrom(mail.from),
            to: mail.to,
            subject: mail.subject,
            html: mail.html,
            text: mail.text,
          }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
        });
      } catch (err) {
        throw new MailTransportError(`HTTP mail API unreachable: ${describeError(err)}`);
      }
      if (!res.ok) {
        // The provider's own words help an administrator; they are scrubbed of addresses.
        const detail = describeError((await res.text().catch(() => "")).slice(0, 300), 300);
        throw new MailTransportError(`HTTP mail API ${res.status}: ${detail}`, PERMANENT_STATUSES.has(res.status));
      }
      const body = responseSchema.safeParse(await res.json().catch(() => null));
      if (!body.success) throw new MailTransportError("HTTP mail API answered without a message id");
      return { providerMessageId: body.data.id };
    },
  };
}
