/**
 * The media type of a `Content-Type` header: the `type/subtype` before any parameter, trimmed and
 * lower-cased, or "" when there is none. Decisions that depend on the kind of body compare this
 * exactly: a substring test lets `text/plain;application/json` pass for JSON.
 *
 * @example
 * mediaType("Application/JSON; charset=utf-8") // "application/json"
 * mediaType("text/plain;application/json") // "text/plain"
 */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";", 1)[0]?.trim().toLowerCase() ?? "";
}
