import type { Violation } from "../../errors";

/**
 * The formation decree scan: PDF, JPEG or PNG of at most 2 MB. The type is read from the file's
 * first bytes, never from its name or the type the browser claims, so a renamed program or a
 * PNG called `sk.pdf` is recognised for what it is.
 */
export const DECREE_SCAN_MAX_BYTES = 2 * 1024 * 1024;

export type DecreeScanType = "application/pdf" | "image/jpeg" | "image/png";

/** File name extension stored with each type (R2 keys and downloads). */
export const DECREE_SCAN_EXTENSIONS: Record<DecreeScanType, string> = {
  "application/pdf": "pdf",
  "image/jpeg": "jpg",
  "image/png": "png",
};

/**
 * The R2 key of a registration's scan. A replacement (from a revision) carries a `version`, so it
 * never overwrites the object it replaces before the database points at it.
 *
 * @example
 * decreeScanKey("REG-7K3M9QXT2B", "application/pdf") // "registrations/REG-7K3M9QXT2B/sk-pembentukan.pdf"
 * decreeScanKey("REG-7K3M9QXT2B", "image/png", "lq2x9a") // "registrations/REG-7K3M9QXT2B/sk-pembentukan-lq2x9a.png"
 */
export function decreeScanKey(registrationId: string, type: DecreeScanType, version?: string): string {
  return `registrations/${registrationId}/sk-pembentukan${version ? `-${version}` : ""}.${DECREE_SCAN_EXTENSIONS[type]}`;
}

const SIGNATURES: ReadonlyArray<{ type: DecreeScanType; bytes: readonly number[] }> = [
  // "%PDF-"
  { type: "application/pdf", bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  // SOI marker followed by the first segment's marker byte
  { type: "image/jpeg", bytes: [0xff, 0xd8, 0xff] },
  // "\x89PNG\r\n\x1a\n"
  { type: "image/png", bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

/**
 * The scan's type from its leading bytes, or undefined when it is none of the accepted ones.
 *
 * @example
 * sniffDecreeScanType(new TextEncoder().encode("%PDF-1.7\n…")) // "application/pdf"
 * sniffDecreeScanType(new Uint8Array([0x4d, 0x5a])) // undefined (a Windows program)
 */
export function sniffDecreeScanType(head: Uint8Array): DecreeScanType | undefined {
  return SIGNATURES.find(({ bytes }) => bytes.every((b, i) => head[i] === b))?.type;
}

export type DecreeScanCheck = { ok: true; type: DecreeScanType } | { ok: false; violation: Violation };

/**
 * Checks a scan's size and content. Every refusal names the field `decreeScan`.
 *
 * @example
 * checkDecreeScan(bytes) // { ok: true, type: "image/png" }
 */
export function checkDecreeScan(bytes: Uint8Array): DecreeScanCheck {
  if (bytes.byteLength > DECREE_SCAN_MAX_BYTES) {
    const mb = (bytes.byteLength / (1024 * 1024)).toFixed(1).replace(".", ",");
    return {
      ok: false,
      violation: {
        path: "decreeScan",
        code: "file_too_large",
        message: `Berkas pindaian SK paling besar 2 MB; berkas yang dipilih ${mb} MB.`,
      },
    };
  }
  const type = sniffDecreeScanType(bytes.subarray(0, 8));
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
