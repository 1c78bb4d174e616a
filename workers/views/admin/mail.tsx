import { maskEmail } from "../../domain/mask";
import { formatWitaHuman } from "../../domain/time";
import type { FailedMail } from "../../services/mail";
import type { CurrentSession } from "../../services/sessions";
import { CsrfField } from "../official-layout";
import { AdminPage } from "./layout";

/** Mail that could not be delivered, recipients masked, each with a resend button. */
export function FailedMailPage({
  session,
  items,
  flash,
}: {
  session: CurrentSession;
  items: FailedMail[];
  flash?: string | undefined;
}) {
  return (
    <AdminPage title="E-mail gagal terkirim" session={session} flash={flash}>
      {items.length === 0 ? <p>Tidak ada e-mail yang gagal.</p> : null}
      <table>
        <thead>
          <tr>
            <th>Gagal pada</th>
            <th>Templat</th>
            <th>Penerima</th>
            <th>Sebab</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {items.map((m) => (
            <tr>
              <td data-label="Gagal pada">{m.failedAt ? formatWitaHuman(new Date(m.failedAt)) : "-"}</td>
              <td data-label="Templat">
                <code>{m.template}</code>
              </td>
              <td data-label="Penerima">{m.recipients.map(maskEmail).join(", ")}</td>
              <td data-label="Sebab">{m.lastError ?? "-"}</td>
              <td>
                {m.resentAs ? (
                  "Sudah dikirim ulang"
                ) : (
                  <form method="post" action={`/admin/email-gagal/${m.id}/kirim-ulang`} class="inline">
                    <CsrfField session={session} />
                    <button type="submit" class="button">
                      Kirim ulang
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </AdminPage>
  );
}
