import { monthLabel } from "../../domain/stats/month";
import type { ErrorDetail } from "../../errors";
import type { CurrentSession } from "../../services/sessions";
import { CsrfField } from "../official-layout";
import { AdminPage } from "./layout";

/**
 * `/admin/statistik`: compute past months that have no figures yet, and recompute a closed month
 * with a reason (a new version; the old one is kept and the dashboard says it was revised).
 */
export function StatsAdminPage(p: {
  session: CurrentSession;
  months: string[];
  flash?: string | undefined;
  errors?: ErrorDetail[] | undefined;
  values?: Record<string, string>;
}) {
  const v = p.values ?? {};
  return (
    <AdminPage
      title="Statistik bulanan"
      session={p.session}
      flash={p.flash}
      errors={p.errors}
      fieldLabels={{ from: "Dari bulan", to: "Sampai bulan", month: "Bulan", reason: "Alasan" }}
    >
      <p>
        Statistik dihitung otomatis setiap tanggal 1 untuk bulan sebelumnya dan dibekukan. Di sini Anda dapat menghitung
        bulan-bulan lampau yang belum ada, atau menghitung ulang satu bulan dengan alasan.{" "}
        <a href="/statistik">Lihat dasbor</a>
      </p>
      <h2>Hitung bulan-bulan lampau</h2>
      <form method="post" action="/admin/statistik/hitung">
        <CsrfField session={p.session} />
        <label for="from">Dari bulan (TTTT-BB)</label>
        <input id="from" name="from" value={v.from ?? ""} placeholder="2025-01" maxlength={7} required />
        <label for="to">Sampai bulan (TTTT-BB)</label>
        <input id="to" name="to" value={v.to ?? ""} placeholder="2026-11" maxlength={7} required />
        <button type="submit" class="button">
          Hitung
        </button>
      </form>
      <h2>Hitung ulang satu bulan</h2>
      <form method="post" action="/admin/statistik/hitung-ulang">
        <CsrfField session={p.session} />
        <label for="month">Bulan</label>
        <select id="month" name="month">
          {p.months.map((m) => (
            <option value={m} selected={m === v.month}>
              {monthLabel(m)}
            </option>
          ))}
        </select>
        <label for="reason">Alasan (ditampilkan di dasbor)</label>
        <textarea id="reason" name="reason" rows={3} maxlength={500} required>
          {v.reason ?? ""}
        </textarea>
        <button type="submit" class="button">
          Hitung ulang
        </button>
      </form>
    </AdminPage>
  );
}
