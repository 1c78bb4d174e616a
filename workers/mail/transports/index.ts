import type { MailConfig } from "../../config";
import { cloudflareTransport, type SendEmailBinding } from "./cloudflare";
import { httpTransport } from "./http";
import type { MailTransport } from "./types";

export { type MailTransport, MailTransportError, type OutgoingMail } from "./types";

/** The transport the configuration names (`MAIL_TRANSPORT`), built over its binding or secret. */
export function createTransport(config: MailConfig, bindings: { EMAIL: SendEmailBinding }): MailTransport {
  return config.transport === "http"
    ? httpTransport({ apiUrl: config.apiUrl, apiKey: config.apiKey })
    : cloudflareTransport(bindings.EMAIL);
}
