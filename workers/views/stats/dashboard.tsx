import { formatNumberId } from "../../domain/number-format";
import { METRIC_LABELS, type StatsMetric } from "../../domain/stats/figures";
import { monthLabel } from "../../domain/stats/month";
import { formatWitaDateHuman } from "../../domain/time";
import {
  type Figures,
  HEADLINE_METRICS,
  type MonthlyReport,
  type ScopeFigures,
  type SeriesPoint,
} from "../../services/stats/report";
import { Layout } from "../layout";
import { BarChart, SeriesChart } from "./charts";

/** A figure as people read it: Indonesian digits and decimal comma, "-" when it has no meaning. */
function shown(value: number | null | undefined, metric: string): string {
  if (value === null || value === undefined) return "-";
  const text = formatNumberId(value, metric.endsWith("_pct") ? 1 : 2);
  return metric.endsWith("_pct") ? `${text}%` : text;
}

function change(value: number | null | undefined): string {
  if (value === null || value === undefined) return "-";
  return `${value > 0 ? "+" : ""}${formatNumberId(value)}`;
}

const label = (metric: string) => METRIC_LABELS[metric as StatsMetric] ?? metric;

function ScopeTable(p: { caption: string; scopeLabel: string; rows: ScopeFigures[]; metrics: readonly string[] }) {
  if (p.rows.length === 0) return null;
  return (
    <table>
      <caption>{p.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{p.scopeLabel}</th>
          {p.metrics.map((m) => (
            <th scope="col">{label(m)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {p.rows.map((r) => (
          <tr>
            <th scope="row" data-label={p.scopeLabel}>
              {r.name}
            </th>
            {p.metrics.map((m) => (
              <td data-label={label(m)}>{shown(r.figures[m], m)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Headline({ regency, changes }: { regency: Figures; changes: MonthlyReport["changes"] }) {
  return (
    <table>
      <caption>Angka utama</caption>
      <thead>
        <tr>
          <th scope="col">Ukuran</th>
          <th scope="col">Bulan ini</th>
          <th scope="col">Dibanding bulan lalu</th>
          <th scope="col">Dibanding tahun lalu</th>
        </tr>
      </thead>
      <tbody>
        {HEADLINE_METRICS.map((m) => (
          <tr>
            <th scope="row" data-label="Ukuran">
              {label(m)}
            </th>
            <td data-label="Bulan ini">{shown(regency[m], m)}</td>
            <td data-label="Dibanding bulan lalu">{change(changes.previousMonth?.[m])}</td>
            <td data-label="Dibanding tahun lalu">{change(changes.previousYear?.[m])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** `/statistik` and `/statistik/:month`: one month's frozen figures, with a month picker. */
function SeriesTable({ points }: { points: SeriesPoint[] }) {
  return (
    <table>
      <caption>KIM aktif dan cakupan, 12 bulan terakhir</caption>
      <thead>
        <tr>
          <th scope="col">Bulan</th>
          <th scope="col">{label("active_kims")}</th>
          <th scope="col">{label("coverage_pct")}</th>
        </tr>
      </thead>
      <tbody>
        {points.map((q) => (
          <tr>
            <th scope="row" data-label="Bulan">
              {q.label}
            </th>
            <td data-label={label("active_kims")}>{shown(q.activeKims, "active_kims")}</td>
            <td data-label={label("coverage_pct")}>{shown(q.coveragePct, "coverage_pct")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function StatsDashboardPage(p: { report: MonthlyReport | undefined; months: string[]; series?: SeriesPoint[] }) {
  const r = p.report;
  return (
    <Layout title={r ? `Statistik KIM ${r.monthLabel}` : "Statistik KIM"} wide>
      <h1>Statistik KIM dan aspirasi{r ? `: ${r.monthLabel}` : ""}</h1>
      {p.months.length > 0 ? (
        <form method="get" action="/statistik" class="lookup">
          <label for="bulan">Pilih bulan</label>
          <select id="bulan" name="bulan">
            {p.months.map((m) => (
              <option value={m} selected={m === r?.month}>
                {monthLabel(m)}
              </option>
            ))}
          </select>
          <button type="submit" class="button">
            Tampilkan
          </button>
        </form>
      ) : null}
      {!r ? (
        <p>Statistik bulanan belum tersedia. Angka dihitung setiap tanggal 1 untuk bulan sebelumnya.</p>
      ) : (
        <>
          <p>
            Angka {r.regencyName} untuk {r.monthLabel}, dibekukan {formatWitaDateHuman(new Date(r.frozenAt))}.{" "}
            <a href={`/statistik/${r.month}.csv`}>Unduh CSV</a>
          </p>
          {r.revised ? (
            <p class="notice" role="note">
              Angka bulan ini sudah direvisi (versi {r.version}){r.revisionReason ? `: ${r.revisionReason}` : ""}.
            </p>
          ) : null}
          <Headline regency={r.regency} changes={r.changes} />
          {p.series ? (
            <figure>
              <SeriesChart
                chartId="grafik-kim"
                title="KIM aktif, 12 bulan terakhir"
                description={`Jumlah KIM aktif per bulan sampai ${r.monthLabel}; angka lengkap dan cakupan ada di tabel berikut.`}
                points={p.series}
              />
              <SeriesTable points={p.series} />
            </figure>
          ) : null}
          <figure>
            <BarChart
              chartId="grafik-cakupan"
              title="Cakupan KIM per kecamatan"
              description="Persentase kampung dan kelurahan yang memiliki KIM aktif di setiap kecamatan; angkanya ada di tabel berikut."
              rows={r.kecamatan.map((k) => ({ label: k.name, value: k.figures.coverage_pct ?? null }))}
              max={100}
              unit="%"
            />
          </figure>
          <ScopeTable
            caption="KIM per kecamatan"
            scopeLabel="Kecamatan"
            rows={r.kecamatan}
            metrics={[
              "villages",
              "villages_with_kim",
              "coverage_pct",
              "active_kims",
              "new_kims",
              "members_total",
              "quality_avg",
            ]}
          />
          <ScopeTable caption="Sebaran tingkat mutu KIM" scopeLabel="Tingkat" rows={r.tiers} metrics={["kims"]} />
          <ScopeTable caption="Mutu setiap KIM aktif" scopeLabel="KIM" rows={r.kims} metrics={["quality_score"]} />
          {r.agencies.length > 0 ? (
            <figure>
              <BarChart
                chartId="grafik-tepat-waktu"
                title="Ketepatan waktu perangkat daerah"
                description="Persentase tenggat tindak lanjut yang dipenuhi tepat waktu oleh setiap perangkat daerah bulan ini; angkanya ada di tabel berikut."
                rows={r.agencies.map((a) => ({ label: a.name, value: a.figures.on_time_pct ?? null }))}
                max={100}
                unit="%"
              />
            </figure>
          ) : null}
          <ScopeTable
            caption="Aspirasi per perangkat daerah"
            scopeLabel="Perangkat daerah"
            rows={r.agencies}
            metrics={["aspirations_answered", "deadlines_due", "on_time_pct", "overdue_at_month_end", "average_rating"]}
          />
          <ScopeTable
            caption="Aspirasi per kategori"
            scopeLabel="Kategori"
            rows={r.categories}
            metrics={["aspirations_received", "aspirations_answered", "aspirations_closed"]}
          />
          <ScopeTable
            caption="Aspirasi per jenis laporan"
            scopeLabel="Jenis"
            rows={r.kinds}
            metrics={["aspirations_received", "aspirations_answered", "aspirations_closed", "average_rating"]}
          />
        </>
      )}
    </Layout>
  );
}
