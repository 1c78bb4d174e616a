import type { AuditEntry } from "../../../schema";
import { formatWitaHuman } from "../../domain/time";
import type { AuditFilter } from "../../services/audit-log";
import type { CurrentSession } from "../../services/sessions";
import { AdminPage } from "./layout";

const query = (filter: AuditFilter, extra: Record<string, string> = {}) =>
  new URLSearchParams(
    Object.entries({ ...filter, ...extra }).filter(
      (e): e is [string, string] => typeof e[1] === "string" && e[1] !== "",
    ),
  ).toString();

/** The read-only audit log with its filters and the CSV export of the same filter. */
export function AuditPage({
  session,
  filter,
  entries,
  nextBeforeId,
}: {
  session: CurrentSession;
  filter: AuditFilter;
  entries: AuditEntry[];
  nextBeforeId: number | undefined;
}) {
  return (
    <AdminPage title="Log audit" session={session}>
      <form method="get" action="/admin/audit" class="filters">
        <label for="actorId">Pelaku (id)</label>
        <input id="actorId" name="actorId" value={filter.actorId ?? ""} />
        <label for="action">Tindakan (mis. official.deactivate, atau official. untuk semua)</label>
        <input id="action" name="action" value={filter.action ?? ""} />
        <label for="subjectType">Jenis subjek</label>
        <input id="subjectType" name="subjectType" value={filter.subjectType ?? ""} />
        <label for="subjectId">Id subjek</label>
        <input id="subjectId" name="subjectId" value={filter.subjectId ?? ""} />
        <label for="from">Dari tanggal</label>
        <input id="from" name="from" type="date" value={filter.from ?? ""} />
        <label for="to">Sampai tanggal</label>
        <input id="to" name="to" type="date" value={filter.to ?? ""} />
        <button type="submit" class="button">
          Saring
        </button>
      </form>
      <p>
        <a href={`/admin/audit/ekspor.csv?${query(filter)}`}>Unduh CSV</a>
      </p>
      <table>
        <thead>
          <tr>
            <th>Waktu (WITA)</th>
            <th>Pelaku</th>
            <th>Tindakan</th>
            <th>Subjek</th>
            <th>Permintaan</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr>
              <td data-label="Waktu (WITA)">{formatWitaHuman(new Date(e.at))}</td>
              <td data-label="Pelaku">
                {e.actorType}: <code>{e.actorId}</code>
              </td>
              <td data-label="Tindakan">
                <code>{e.action}</code>
              </td>
              <td data-label="Subjek">
                {e.subjectType}: <code>{e.subjectId}</code>
              </td>
              <td data-label="Permintaan">
                <code>{e.requestId}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {nextBeforeId ? (
        <p>
          <a href={`/admin/audit?${query(filter, { sebelum: String(nextBeforeId) })}`}>Lebih lama</a>
        </p>
      ) : null}
    </AdminPage>
  );
}
