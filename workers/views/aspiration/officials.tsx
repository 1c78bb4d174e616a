import { ESCALATION_STEP_LABELS, type EscalationStep } from "../../domain/aspiration/ladder";
import type { ErrorDetail } from "../../errors";
import type { AspirationCase, QueueItem, QueuePage } from "../../services/aspiration/queues";
import type { CurrentSession } from "../../services/sessions";
import { CsrfField, FieldError, type NavLink, OfficialLayout } from "../official-layout";

/** The decision forms of a case page, so a refused form shows its own errors and text again. */
export type CaseForm = "route" | "reject" | "decline" | "answer";

const STAGE_LABELS: Record<string, string> = {
  verification: "Verifikasi Diskominfo",
  needs_info: "Keterangan tambahan pelapor",
  agency: "Tindak lanjut OPD",
  feedback: "Tanggapan pelapor",
};

function QueueTable({ page, empty, next }: { page: QueuePage; empty: string; next: string | undefined }) {
  if (page.items.length === 0) return <p>{empty}</p>;
  return (
    <>
      <table>
        <thead>
          <tr>
            <th scope="col">Tenggat</th>
            <th scope="col">Laporan</th>
            <th scope="col">Kategori</th>
            <th scope="col">OPD</th>
          </tr>
        </thead>
        <tbody>
          {page.items.map((item: QueueItem) => (
            <tr class={item.overdue ? "overdue" : undefined}>
              <td data-label="Tenggat">
                {item.overdue ? <span class="badge">Terlambat</span> : null}{" "}
                {item.escalationLevel > 0 ? (
                  <span class="badge">{ESCALATION_STEP_LABELS[item.escalationLevel as EscalationStep]}</span>
                ) : null}{" "}
                {item.dueAtLabel ?? "-"}
              </td>
              <td data-label="Laporan">
                <a href={`/aspirasi/kelola/${item.code}`}>{item.title}</a>
                <br />
                <span class="hint">
                  {item.kindLabel} · {item.statusLabel}
                </span>
              </td>
              <td data-label="Kategori">{item.category}</td>
              <td data-label="OPD">{item.agency ?? "-"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {next ? (
        <p>
          <a href={next}>Halaman berikutnya</a>
        </p>
      ) : null}
    </>
  );
}

/** The aspiration work queues an official may see: verification, and the agency's cases. */
export function AspirationQueuesPage(p: {
  session: CurrentSession;
  nav: NavLink[];
  verification: QueuePage | undefined;
  agency: QueuePage | undefined;
  nextVerification: string | undefined;
  nextAgency: string | undefined;
}) {
  return (
    <OfficialLayout title="Aspirasi" session={p.session} nav={p.nav}>
      <h1>Aspirasi</h1>
      {p.verification ? (
        <section>
          <h2>Menunggu verifikasi</h2>
          <QueueTable
            page={p.verification}
            next={p.nextVerification}
            empty="Tidak ada aspirasi yang menunggu verifikasi."
          />
        </section>
      ) : null}
      {p.agency ? (
        <section>
          <h2>Ditangani OPD</h2>
          <QueueTable page={p.agency} next={p.nextAgency} empty="Tidak ada aspirasi yang sedang ditangani." />
        </section>
      ) : null}
    </OfficialLayout>
  );
}

interface FormState {
  form: CaseForm | undefined;
  values: Record<string, string>;
  errors: ErrorDetail[] | undefined;
}

function Text(p: { state: FormState; form: CaseForm; name: string; label: string; multiline?: boolean }) {
  const mine = p.state.form === p.form;
  const id = `${p.form}-${p.name}`;
  const message = mine ? p.state.errors?.find((e) => e.path === p.name)?.message : undefined;
  const value = mine ? (p.state.values[p.name] ?? "") : "";
  const aria = {
    "aria-invalid": message ? "true" : undefined,
    "aria-describedby": message ? `${id}-error` : undefined,
  };
  return (
    <>
      <label for={id}>{p.label}</label>
      <FieldError id={id} message={message} />
      {p.multiline ? (
        <textarea id={id} name={p.name} rows={4} maxlength={2000} {...aria}>
          {value}
        </textarea>
      ) : (
        <input id={id} name={p.name} value={value} maxlength={200} {...aria} />
      )}
    </>
  );
}

/**
 * One case for an official: the report, the reporter only when this official may see them, the
 * timeline with internal notes, the deadlines, and the decisions this official may take now.
 */
export function AspirationCasePage(p: {
  session: CurrentSession;
  nav: NavLink[];
  item: AspirationCase;
  agencies: { id: string; name: string }[];
  may: { verify: boolean; answer: boolean };
  flash?: string | undefined;
  notice?: string | undefined;
  state?: FormState;
}) {
  const c = p.item;
  const state: FormState = p.state ?? { form: undefined, values: {}, errors: undefined };
  const routeValue = state.form === "route" ? state.values.agencyId : c.suggestedAgencyId;
  return (
    <OfficialLayout title={c.title} session={p.session} nav={p.nav}>
      {p.flash ? (
        <p class="notice success" role="status">
          Keputusan sudah dicatat.
        </p>
      ) : null}
      {p.notice ? (
        <p class="notice" role="alert">
          {p.notice}
        </p>
      ) : null}
      <h1>{c.title}</h1>
      <dl class="facts">
        <dt>Kode</dt>
        <dd>{c.code}</dd>
        <dt>Jenis</dt>
        <dd>{c.kindLabel}</dd>
        <dt>Kategori</dt>
        <dd>{c.category}</dd>
        <dt>Lokasi</dt>
        <dd>{c.village ?? "-"}</dd>
        <dt>Status</dt>
        <dd>{c.statusLabel}</dd>
        <dt>OPD</dt>
        <dd>{c.agency ?? "-"}</dd>
        <dt>Tenggat tahap ini</dt>
        <dd>{c.dueAtLabel ?? "-"}</dd>
        <dt>Pelapor</dt>
        <dd>
          {c.reporter.name || c.reporter.email || c.reporter.phone
            ? [c.reporter.name, c.reporter.email, c.reporter.phone].filter(Boolean).join(" · ")
            : "Tidak ditampilkan (identitas pelapor dilindungi)"}
        </dd>
      </dl>
      <h2>Uraian</h2>
      <p class="prose">{c.description}</p>
      {c.publicAnswer ? (
        <>
          <h2>Jawaban</h2>
          <p class="prose">{c.publicAnswer}</p>
        </>
      ) : null}
      <h2>Tenggat</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Tahap</th>
            <th scope="col">Tenggat</th>
            <th scope="col">Dipenuhi</th>
            <th scope="col">Eskalasi</th>
          </tr>
        </thead>
        <tbody>
          {c.deadlines.map((d) => (
            <tr class={d.breached ? "overdue" : undefined}>
              <td data-label="Tahap">{STAGE_LABELS[d.stage] ?? d.stage}</td>
              <td data-label="Tenggat">{d.dueAtLabel}</td>
              <td data-label="Dipenuhi">{d.metAtLabel ?? (d.breached ? "Terlambat" : "Belum")}</td>
              <td data-label="Eskalasi">
                {d.escalationLevel > 0 ? ESCALATION_STEP_LABELS[d.escalationLevel as EscalationStep] : "-"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Riwayat</h2>
      <ol class="timeline">
        {c.timeline.map((e) => (
          <li>
            <span>{e.atLabel}</span> · <strong>{e.label}</strong>
            {e.publicNote ? <p class="prose">{e.publicNote}</p> : null}
            {e.internalNote ? <p class="prose hint">Catatan internal: {e.internalNote}</p> : null}
          </li>
        ))}
      </ol>
      {p.may.verify && c.status === "received" ? (
        <>
          <h2>Teruskan ke OPD</h2>
          <form method="post" action={`/aspirasi/kelola/${c.code}/teruskan`}>
            <CsrfField session={p.session} />
            <label for="route-agencyId">OPD tujuan</label>
            <FieldError
              id="route-agencyId"
              message={state.form === "route" ? state.errors?.find((e) => e.path === "agencyId")?.message : undefined}
            />
            <select id="route-agencyId" name="agencyId">
              {p.agencies.map((a) => (
                <option value={a.id} selected={a.id === routeValue}>
                  {a.name}
                </option>
              ))}
            </select>
            <Text state={state} form="route" name="note" label="Catatan internal (tidak dilihat pelapor)" multiline />
            <button type="submit" class="button">
              Teruskan
            </button>
          </form>
          <h2>Tolak</h2>
          <form method="post" action={`/aspirasi/kelola/${c.code}/tolak`}>
            <CsrfField session={p.session} />
            <Text state={state} form="reject" name="reason" label="Alasan (dibaca pelapor)" multiline />
            <Text state={state} form="reject" name="duplicateOf" label="Kode laporan asli, bila duplikat" />
            <button type="submit" class="button">
              Tolak laporan
            </button>
          </form>
          <h2>Bukan kewenangan</h2>
          <form method="post" action={`/aspirasi/kelola/${c.code}/bukan-wewenang`}>
            <CsrfField session={p.session} />
            <Text state={state} form="decline" name="reason" label="Alasan (dibaca pelapor)" multiline />
            <Text state={state} form="decline" name="referTo" label="Instansi yang berwenang" />
            <button type="submit" class="button">
              Nyatakan bukan kewenangan
            </button>
          </form>
        </>
      ) : null}
      {p.may.answer && (c.status === "routed" || c.status === "in_progress") ? (
        <>
          <h2>Jawab</h2>
          <form method="post" action={`/aspirasi/kelola/${c.code}/jawab`}>
            <CsrfField session={p.session} />
            <Text state={state} form="answer" name="publicAnswer" label="Jawaban untuk pelapor dan publik" multiline />
            <Text
              state={state}
              form="answer"
              name="internalNote"
              label="Catatan internal (tidak dilihat pelapor)"
              multiline
            />
            <button type="submit" class="button">
              Kirim jawaban
            </button>
          </form>
        </>
      ) : null}
    </OfficialLayout>
  );
}
