import * as z from "zod";

/**
 * The `Idempotency-Key` header every creating endpoint of the API requires: a new random value
 * per record (`what`: "pendaftaran", "laporan"), repeated to retry safely.
 *
 * @example
 * validate("header", idempotencyHeader("laporan"))
 */
export const idempotencyHeader = (what: string) =>
  z.object({
    "idempotency-key": z
      .string({ error: `Header Idempotency-Key wajib diisi, misalnya dengan sebuah UUID baru untuk setiap ${what}.` })
      .trim()
      .min(8, "Header Idempotency-Key paling sedikit 8 karakter, misalnya sebuah UUID.")
      .max(200, "Header Idempotency-Key paling banyak 200 karakter.")
      .regex(
        /^[\x21-\x7e]+$/,
        "Header Idempotency-Key hanya boleh berisi huruf, angka dan tanda baca ASCII tanpa spasi.",
      )
      .meta({ description: `A new random value (e.g. a UUID) per ${what}; repeat it to retry safely.` }),
  });
