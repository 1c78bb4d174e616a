import type { Violation } from "../../errors";
import { FILE_EXTENSIONS, megabytes, SNIFF_BYTES, type SniffedType, sniffFileType } from "../file-type";

/** Up to three photos of JPEG, PNG or WebP, at most 2 MB each, checked by their content. */
export const MAX_PHOTOS = 3;
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
export type PhotoType = Extract<SniffedType, "image/jpeg" | "image/png" | "image/webp">;
const PHOTO_TYPES: readonly PhotoType[] = ["image/jpeg", "image/png", "image/webp"];

/** The R2 key of a case's n-th photo (from 1). */
export const photoKey = (code: string, n: number, type: PhotoType) =>
  `aspirations/${code}/foto-${n}.${FILE_EXTENSIONS[type]}`;

/**
 * Checks the photos sent with a report: how many, each one's size and content. Every refusal
 * names its field, `photos[i]`, or `photos` for the count.
 *
 * @example
 * checkPhotos([jpegBytes]) // { ok: true, types: ["image/jpeg"] }
 */
export function checkPhotos(
  photos: readonly Uint8Array[],
): { ok: true; types: PhotoType[] } | { ok: false; violations: Violation[] } {
  if (photos.length > MAX_PHOTOS) {
    return {
      ok: false,
      violations: [{ path: "photos", code: "too_many_files", message: `Paling banyak ${MAX_PHOTOS} foto.` }],
    };
  }
  const violations: Violation[] = [];
  const types: PhotoType[] = [];
  photos.forEach((bytes, i) => {
    const path = `photos[${i}]`;
    if (bytes.byteLength > PHOTO_MAX_BYTES) {
      violations.push({
        path,
        code: "file_too_large",
        message: `Foto ke-${i + 1} paling besar 2 MB; berkas yang dipilih ${megabytes(bytes.byteLength)} MB.`,
      });
      return;
    }
    const type = sniffFileType(bytes.subarray(0, SNIFF_BYTES), PHOTO_TYPES);
    if (!type) {
      violations.push({
        path,
        code: "file_type",
        message: `Foto ke-${i + 1} harus berupa gambar JPEG, PNG atau WebP.`,
      });
      return;
    }
    types.push(type);
  });
  return violations.length ? { ok: false, violations } : { ok: true, types };
}
