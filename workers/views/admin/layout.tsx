import type { Child } from "hono/jsx";
import type { ErrorDetail } from "../../errors";
import type { CurrentSession } from "../../services/sessions";
import { fieldId } from "../form-fields";
import { OfficialLayout } from "../official-layout";

/** The admin area's sections, in the order of its menu. */
export const ADMIN_SECTIONS = [
  { href: "/admin/pejabat", label: "Pejabat" },
  { href: "/admin/opd", label: "OPD" },
  { href: "/admin/kategori", label: "Kategori & rute" },
  { href: "/admin/eskalasi", label: "Kontak eskalasi" },
  { href: "/admin/pengaturan", label: "Pengaturan" },
  { href: "/admin/kalender", label: "Kalender libur" },
  { href: "/admin/audit", label: "Log audit" },
  { href: "/admin/email-gagal", label: "E-mail gagal" },
  { href: "/admin/statistik", label: "Statistik bulanan" },
  { href: "/admin/data-pribadi", label: "Data pribadi seseorang" },
] as const;

/** Confirmation lines shown after a form was saved (`?pesan=…`). */
export const FLASH_MESSAGES: Record<string, string> = {
  disimpan: "Perubahan sudah disimpan.",
  diundang: "Pejabat sudah ditambahkan dan diberi tahu lewat e-mail.",
  dinonaktifkan: "Pejabat sudah dinonaktifkan; semua sesinya berakhir.",
  diaktifkan: "Pejabat sudah diaktifkan kembali.",
  dihapus: "Entri sudah dihapus.",
  diimpor: "Kalender sudah diimpor.",
  dikirim: "E-mail sudah dijadwalkan untuk dikirim ulang.",
  dihitung: "Penghitungan sudah dimulai; angkanya muncul di dasbor dalam beberapa menit.",
};

export interface AdminPageProps {
  title: string;
  session: CurrentSession;
  flash?: string | undefined;
  errors?: ErrorDetail[] | undefined;
  /**
   * For forms that show each message beside its field: the summary then names fields by these
   * labels and links to them, instead of showing the raw field name.
   */
  fieldLabels?: Record<string, string> | undefined;
  children: Child;
}

/** The shell of every admin page: the menu, a saved-confirmation or the form's errors, then the page. */
export function AdminPage({ title, session, flash, errors, fieldLabels, children }: AdminPageProps) {
  const message = flash ? FLASH_MESSAGES[flash] : undefined;
  return (
    <OfficialLayout title={title} session={session}>
      <nav class="admin-nav" aria-label="Menu administrasi">
        <a href="/admin">Administrasi</a>
        {ADMIN_SECTIONS.map((s) => (
          <a href={s.href}>{s.label}</a>
        ))}
      </nav>
      <h1>{title}</h1>
      {message ? (
        <p class="notice success" role="status">
          {message}
        </p>
      ) : null}
      {errors?.length ? (
        <div class="notice error" role="alert">
          <p>Periksa kembali isian berikut:</p>
          <ul>
            {errors.map((e) =>
              fieldLabels ? (
                <li>
                  {e.path && fieldLabels[e.path] ? (
                    <a href={`#${fieldId(e.path)}`}>
                      {fieldLabels[e.path]}: {e.message}
                    </a>
                  ) : (
                    e.message
                  )}
                </li>
              ) : (
                <li>
                  {e.path ? <code>{e.path}</code> : null} {e.message}
                </li>
              ),
            )}
          </ul>
        </div>
      ) : null}
      {children}
    </OfficialLayout>
  );
}

/** The admin landing page: one line per section. */
export function AdminHome({ session }: { session: CurrentSession }) {
  return (
    <AdminPage title="Administrasi" session={session}>
      <ul class="cards">
        {ADMIN_SECTIONS.map((s) => (
          <li>
            <a href={s.href}>{s.label}</a>
          </li>
        ))}
      </ul>
    </AdminPage>
  );
}
