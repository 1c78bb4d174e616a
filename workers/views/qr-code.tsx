import { raw } from "hono/html";
import { renderSVG } from "uqr";

/**
 * A QR code of `text` as inline SVG, drawn on the server (no script, no image request, so it
 * prints and works under the `default-src 'self'` CSP). The SVG holds only paths: `text` is
 * encoded into modules, never inserted as markup.
 *
 * @example
 * <QrCode text="https://simpul.example/kim/KIM-6403042001-001/verifikasi" label="Kode QR verifikasi" />
 */
export function QrCode({ text, label }: { text: string; label: string }) {
  return (
    <div class="qr" role="img" aria-label={label}>
      {raw(renderSVG(text, { ecc: "M", border: 2, pixelSize: 4 }))}
    </div>
  );
}
