import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { STYLESHEET_PATH } from "./stylesheet";

export interface LayoutProps {
  title: string;
  children: Child;
  /** Shown in the header beside the product name. */
  regencyName?: string;
  /** Use a desk screen's width (officials' and admin pages, with their tables); forms for the public stay narrow. */
  wide?: boolean;
}

/**
 * The page shell every page shares: light, no JavaScript, one cached stylesheet. The doctype keeps
 * browsers in standards mode: without it (quirks mode) a form gets a bottom margin, which lifted the
 * "Keluar" button 8 px above the links beside it.
 */
export function Layout(props: LayoutProps) {
  return (
    <>
      {raw("<!doctype html>")}
      <Page {...props} />
    </>
  );
}

function Page({ title, children, regencyName, wide }: LayoutProps) {
  return (
    <html lang="id">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Simpul`}</title>
        <link rel="stylesheet" href={STYLESHEET_PATH} />
      </head>
      <body>
        <header class="site-header">
          <a href="/" class="brand">
            Simpul
          </a>
          {regencyName ? <span class="regency">{regencyName}</span> : null}
        </header>
        <main class={wide ? "wide" : undefined}>{children}</main>
        <footer class="site-footer">
          <p>Simpul · Kelompok Informasi Masyarakat dan aspirasi warga</p>
          <nav aria-label="Tautan publik">
            <a href="/aspirasi">Sampaikan aspirasi</a> · <a href="/lacak">Lacak laporan</a> ·{" "}
            <a href="/aspirasi/publik">Aspirasi yang sudah dijawab</a>
          </nav>
        </footer>
      </body>
    </html>
  );
}
