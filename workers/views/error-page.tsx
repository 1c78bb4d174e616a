import type { AppError } from "../errors";
import { Layout } from "./layout";

/** The HTML counterpart of the error envelope, for people browsing pages. */
export function renderErrorPage(error: AppError, requestId: string) {
  return (
    <Layout title={error.status === 404 ? "Tidak ditemukan" : "Terjadi kesalahan"}>
      <h1>{error.status === 404 ? "Halaman tidak ditemukan" : "Maaf, permintaan tidak dapat diproses"}</h1>
      <p>{error.message}</p>
      {error.details?.length ? (
        <ul>
          {error.details.map((d) => (
            <li>
              <code>{d.path}</code>: {d.message}
            </li>
          ))}
        </ul>
      ) : null}
      <p class="error-code">
        Kode: {error.code} · Nomor permintaan: {requestId}
      </p>
      <p>
        <a href="/">Kembali ke beranda</a>
      </p>
    </Layout>
  );
}
