import type { AppConfig } from "../config";
import { AppError } from "../errors";

const SITEVERIFY_URL = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

/** The refusal for a missing or failed bot check: the person may simply try again. */
const notVerified = () =>
  new AppError(
    400,
    "bad_request",
    "Pemeriksaan keamanan belum berhasil. Muat ulang halaman, tunggu tanda centang, lalu kirim lagi.",
  );

/**
 * Checks a Cloudflare Turnstile token on the server when the office configured Turnstile; does
 * nothing otherwise (locally and in tests). A token is single-use and short-lived, so a replayed
 * form fails here too.
 *
 * @example
 * await verifyTurnstile(config, body["cf-turnstile-response"], clientIp)
 */
export async function verifyTurnstile(
  config: Pick<AppConfig, "turnstile">,
  token: unknown,
  remoteIp: string,
  fetcher: typeof fetch = fetch,
): Promise<void> {
  if (!config.turnstile) return;
  if (typeof token !== "string" || token === "" || token.length > 2048) throw notVerified();
  const form = new FormData();
  form.set("secret", config.turnstile.secret);
  form.set("response", token);
  form.set("remoteip", remoteIp);
  let outcome: { success?: boolean };
  try {
    const response = await fetcher(SITEVERIFY_URL, { method: "POST", body: form });
    outcome = (await response.json()) as { success?: boolean };
  } catch {
    throw new AppError(
      503,
      "service_unavailable",
      "Pemeriksaan keamanan sedang tidak dapat dihubungi. Coba lagi sebentar lagi.",
    );
  }
  if (outcome.success !== true) throw notVerified();
}
