/** One message ready for a provider: addresses, rendered bodies and the key that names it once. */
export interface OutgoingMail {
  from: { email: string; name: string };
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** The outbox row's dedupe key: providers that support it refuse to send one key twice. */
  idempotencyKey: string;
}

/** Sends one message; resolves with the provider's id for it, or throws `MailTransportError`. */
export interface MailTransport {
  readonly name: string;
  send(mail: OutgoingMail): Promise<{ providerMessageId: string }>;
}

/**
 * A failed send. `permanent` means the provider refused this very message (malformed request)
 * and retrying cannot help; anything else (network, 5xx, rate limit, bad key) is retried.
 * The message never carries e-mail addresses: it is stored and logged.
 */
export class MailTransportError extends Error {
  override name = "MailTransportError";
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
  }
}

const EMAIL_LIKE = /[^\s<>"'(),;:@]+@[^\s<>"'(),;:@]+/g;

/** An error's text, shortened and with anything that looks like an address replaced. */
export function describeError(err: unknown, max = 500): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const scrubbed = text.replace(EMAIL_LIKE, "[alamat]");
  return scrubbed.length > max ? `${scrubbed.slice(0, max - 1)}…` : scrubbed;
}
