/**
 * What a file is, read from its first bytes: never from its name or the type the browser claims,
 * so a renamed program or a PNG called `sk.pdf` is recognised for what it is. Shared by the
 * decree scans of registrations and the photos of aspirations.
 */
export const SNIFFED_TYPES = ["application/pdf", "image/jpeg", "image/png", "image/webp"] as const;
export type SniffedType = (typeof SNIFFED_TYPES)[number];

/** File name extension stored with each type (R2 keys and downloads). */
export const FILE_EXTENSIONS: Record<SniffedType, string> = {
  "application/pdf": "pdf",
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
};

/** Byte patterns at given offsets; all must match. */
const SIGNATURES: ReadonlyArray<{ type: SniffedType; parts: ReadonlyArray<{ at: number; bytes: readonly number[] }> }> =
  [
    // "%PDF-"
    { type: "application/pdf", parts: [{ at: 0, bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }] },
    // SOI marker followed by the first segment's marker byte
    { type: "image/jpeg", parts: [{ at: 0, bytes: [0xff, 0xd8, 0xff] }] },
    // "\x89PNG\r\n\x1a\n"
    { type: "image/png", parts: [{ at: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] }] },
    // "RIFF", four bytes of length, "WEBP"
    {
      type: "image/webp",
      parts: [
        { at: 0, bytes: [0x52, 0x49, 0x46, 0x46] },
        { at: 8, bytes: [0x57, 0x45, 0x42, 0x50] },
      ],
    },
  ];

/** How many leading bytes `sniffFileType` reads. */
export const SNIFF_BYTES = 12;

/**
 * The file's type from its leading bytes, when it is one of `accepted`.
 *
 * @example
 * sniffFileType(new TextEncoder().encode("%PDF-1.7\n…"), ["application/pdf"]) // "application/pdf"
 * sniffFileType(new Uint8Array([0x4d, 0x5a]), SNIFFED_TYPES) // undefined (a Windows program)
 */
export function sniffFileType<T extends SniffedType>(head: Uint8Array, accepted: readonly T[]): T | undefined {
  const found = SIGNATURES.find(({ parts }) =>
    parts.every(({ at, bytes }) => bytes.every((b, i) => head[at + i] === b)),
  );
  return found && (accepted as readonly SniffedType[]).includes(found.type) ? (found.type as T) : undefined;
}

/** "1,4" for 1.4 MB, as the refusals say it. */
export const megabytes = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1).replace(".", ",");
