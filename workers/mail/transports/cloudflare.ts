import { describeError, type MailTransport, MailTransportError, type OutgoingMail } from "./types";

/** The part of the `send_email` binding this transport uses (the Email Service builder form). */
export interface SendEmailBinding {
  send(message: {
    from: { email: string; name: string };
    to: string[];
    subject: string;
    text: string;
    html: string;
    headers?: Record<string, string>;
  }): Promise<{ messageId: string }>;
}

/**
 * Cloudflare Email Service through the `[[send_email]]` binding `EMAIL`. `wrangler dev` simulates
 * it and lists sent mail at `/cdn-cgi/local/explorer/api/local/email/sending`. Every failure is
 * treated as temporary: the binding does not say which errors would repeat.
 */
export function cloudflareTransport(binding: SendEmailBinding): MailTransport {
  return {
    name: "cloudflare",
    async send(mail: OutgoingMail) {
      try {
        const result = await binding.send({
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          // Lets replies, bounces and support requests be traced back to the outbox row.
          headers: { "X-Simpul-Message": mail.idempotencyKey },
        });
        return { providerMessageId: result.messageId };
      } catch (err) {
        throw new MailTransportError(`Email Service: ${describeError(err)}`);
      }
    },
  };
}
