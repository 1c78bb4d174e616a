import type { Context } from "hono";
import { assertJsonDepth } from "../domain/json-depth";
import { AppError, validationFailed } from "../errors";
import type { AppEnv } from "./context";
import { mediaType } from "./media-type";

/**
 * The body of a creating API endpoint: JSON, or multipart with the same JSON in one part and
 * files in another. A body that does not parse is a 400 from `readableBodies` before this runs;
 * the JSON part is depth-checked like any JSON body.
 *
 * @example
 * await readSubmissionBody(c, { jsonPart: "aspiration", filePart: "photos", record: "laporan", files: "foto" })
 * // { raw: { kind: "pengaduan", … }, files: [Uint8Array, …] }
 */
export async function readSubmissionBody(
  c: Context<AppEnv>,
  parts: { jsonPart: string; filePart: string; record: string; files: string },
): Promise<{ raw: unknown; files: Uint8Array[] }> {
  const type = mediaType(c.req.header("content-type"));
  if (type === "application/json") return { raw: await c.req.json(), files: [] };
  if (type === "multipart/form-data") {
    const body = await c.req.parseBody({ all: true });
    const json = [body[parts.jsonPart]].flat()[0];
    let raw: unknown;
    try {
      raw = JSON.parse(typeof json === "string" ? json : "");
    } catch {
      throw validationFailed([
        {
          path: parts.jsonPart,
          code: "invalid_json",
          message: `Bagian ${parts.jsonPart} harus berisi data ${parts.record} JSON.`,
        },
      ]);
    }
    assertJsonDepth(raw);
    const files = [body[parts.filePart]].flat().filter((f): f is File => f instanceof File && f.size > 0);
    return { raw, files: await Promise.all(files.map(async (f) => new Uint8Array(await f.arrayBuffer()))) };
  }
  throw new AppError(
    415,
    "unsupported_media_type",
    `Kirim data sebagai application/json, atau multipart/form-data bila menyertakan ${parts.files}.`,
  );
}
