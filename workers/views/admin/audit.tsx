import {
  AUDIT_ACTION_LABELS,
  auditActionLabel,
  auditActorTypeLabel,
  auditSubjectLabel,
} from "../../domain/audit-labels";
import { formatWitaHuman } from "../../domain/time";
import type { ErrorDetail } from "../../errors";
import type { AuditFilter, AuditRow } from "../../services/audit-log";
import type { CurrentSession } from "../../services/sessions";
import { FieldMessages, groupErrors } from "../form-fields";
import { AdminPage } from "./layout";

const query = (filter: AuditFilter, extra: Record<string, string> = {}) =>
  new URLSearchParams(
    Object.entries({ ...filter, ...extra }).filter(
      (e): e is [string, string] => typeof e[1] === "string" && e[1] !== "",
    ),
  ).toString();

/** The actions to filter by, in the order people read them. */
const ACTION_OPTIONS = Object.entries(AUDIT_ACTION_LABELS).sort((a, b) => a[1].localeCompare(b[1], "id"));

/** Who acted: an official by name and roles; anyone else by kind ("Sistem", "Warga/pemohon"). */
function actorText(e: AuditRow): string {
  if (e.actorName === null) return auditActorTypeLabel(e.actorType);
  return e.actorRoles.length ? `${e.actorName} (${e.actorRoles.join(", ")})` : e.actorName;
}

/** The read-only audit log with its filters and the CSV export of the same filter: one line per entry. */
export function AuditPage({
  session,
  filter,
  entries,
  nextBeforeId,
  errors,
}: {
  session: CurrentSession;
  filter: AuditFilter;
  entries: AuditRow[];
  nextBeforeId: number | undefined;
  /** A filter that did not parse: each message beside its field. */
  errors?: ErrorDetail[] | undefined;
}) {
  const knownAction = filter.action === undefined || filter.action in AUDIT_ACTION_LABELS;
  const fieldErrors = groupErrors(errors);
  return (
    <AdminPage title="Log audit" session={session} errors={errors}>
      <form method="get" action="/admin/audit" class="filters">
        <label for="actorName">Nama pelaku</label>
        <input id="actorName" name="actorName" value={filter.actorName ?? ""} placeholder="mis. Siti" />
        {filter.actorId ? <input type="hidden" name="actorId" value={filter.actorId} /> : null}
        <label for="action">Tindakan</label>
        <select id="action" name="action">
          <option value="">Semua tindakan</option>
          {knownAction ? null : (
            <option value={filter.action} selected>
              {filter.action}
            </option>
          )}
          {ACTION_OPTIONS.map(([code, label]) => (
            <option value={code} selected={code === filter.action}>
              {label}
            </option>
          ))}
        </select>
        <label for="subjectId">Nomor subjek (mis. nomor pendaftaran)</label>
        <input id="subjectId" name="subjectId" value={filter.subjectId ?? ""} />
        {filter.subjectType ? <input type="hidden" name="subjectType" value={filter.subjectType} /> : null}
        <label for="from">Dari tanggal</label>
        <input id="from" name="from" type="date" value={filter.from ?? ""} />
        <FieldMessages path="from" errors={fieldErrors} />
        <label for="to">Sampai tanggal</label>
        <input id="to" name="to" type="date" value={filter.to ?? ""} />
        <FieldMessages path="to" errors={fieldErrors} />
        <button type="submit" class="button">
          Saring
        </button>
      </form>
      <p>
        <a href={`/admin/audit/ekspor.csv?${query(filter)}`}>Unduh CSV</a>
      </p>
      {entries.length === 0 ? <p>Tidak ada entri yang cocok dengan saringan ini.</p> : null}
      <ol class="audit-log">
        {entries.map((e) => (
          <li class="audit-entry">
            <time datetime={e.at}>{formatWitaHuman(new Date(e.at))}</time> · <strong>{actorText(e)}</strong> ·{" "}
            {auditActionLabel(e.action)} · {auditSubjectLabel(e.subjectType, e.subjectId)}
          </li>
        ))}
      </ol>
      {nextBeforeId ? (
        <p>
          <a href={`/admin/audit?${query(filter, { sebelum: String(nextBeforeId) })}`}>Lebih lama</a>
        </p>
      ) : null}
    </AdminPage>
  );
}
