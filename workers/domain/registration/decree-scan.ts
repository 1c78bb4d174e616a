import type { Violation } from "../../errors";
import { FILE_EXTENSIONS, megabytes, SNIFF_BYTES, type SniffedType, sniffFileType } from "../file-type";

/**
 * The formation decree scan: PDF, JPEG or PNG of at most 2 MB. The type is read from the file's
 * first bytes, never from its name or the type the browser claims, so a renamed program or a
 * PNG called `sk.pdf` is recognised for what it is.
 */
export const DECREE_SCAN_MAX_BYTES = 2 * 1024 * 1024;

export type DecreeScanType = Extract<SniffedType, "application/pdf" | "image/jpeg" | "image/png">;
const DECREE_SCAN_TYPES: readonly DecreeScanType[] = ["application/pdf", "image/jpeg", "image/png"];

/**
 * The R2 key of a registration's scan. A replacement (from a revision) carries a `version`, so it
 * never overwrites the object it replaces before the database points at it.
 *
 * @example
 * decreeScanKey("REG-7K3M9QXT2B", "application/pdf") // "registrations/REG-7K3M9QXT2B/sk-pembentukan.pdf"
 * decreeScanKey("REG-7K3M9QXT2B", "image/png", "lq2x9a") // "registrations/REG-7K3M9QXT2B/sk-pembentukan-lq2x9a.png"
 */
export function decreeScanKey(registrationId: string, type: DecreeScanType, version?: string): string {
  return `registrations/${registrationId}/sk-pembentukan${version ? `-${version}` : ""}.${FILE_EXTENSIONS[type]}`;
}

/** The scan's type from its leading bytes, or undefined when it is none of the accepted ones. */
export const sniffDecreeScanType = (head: Uint8Array) => sniffFileType(head, DECREE_SCAN_TYPES);

export type DecreeScanCheck = { ok: true; type: DecreeScanType } | { ok: false; violation: Violation };

/**
 * Checks a scan's size and content. Every refusal names the field `decreeScan`.
 *
 * @example
 * checkDecreeScan(bytes) // { ok: true, type: "image/png" }
 */
export function checkDecreeScan(bytes: Uint8Array): DecreeScanCheck {
  if (bytes.byteLength > DECREE_SCAN_MAX_BYTES) {
    const mb = megabytes(bytes.byteLength);
    return {
      ok: false,
      violation: {
        path: "decreeScan",
        code: "file_too_large",
        message: `Berkas pindaian SK paling besar 2 MB; berkas yang dipilih ${mb} MB.`,
      },
    };
  }
  const type = sniffDecreeScanType(bytes.subarray(0, SNIFF_BYTES));
  if (!type) {
    return {
      ok: false,
      violation: {
        path: "decreeScan",
        code: "file_type",
        message: "Berkas pindaian SK harus berupa PDF, JPEG atau PNG.",
      },
    };
  }
  return { ok: true, type };
}
