import { REVISION_FIELD_KEYS, REVISION_FIELDS } from "../../domain/registration/revision";
import { REGISTRATION_STATUS_LABELS } from "../../domain/registration/status";
import { formatDateHuman } from "../../domain/time";
import type { ErrorDetail } from "../../errors";
import type { QueueItem, RegistrationDetail, TimelineEntry } from "../../services/registration/queues";
import { EVENT_KIND_LABELS } from "../../services/registration/tracking";
import type { CurrentSession } from "../../services/sessions";
import { CsrfField, FieldError, type NavLink, OfficialLayout } from "../official-layout";

/** Confirmation lines after a decision (`?pesan=…`). */
export const DECISION_FLASH: Record<string, string> = {
  disahkan: "Pengesahan sudah dicatat. Pendaftaran diteruskan ke verifikasi.",
  ditolak: "Penolakan sudah dicatat. Pemohon diberi tahu lewat e-mail.",
  disetujui: "Pendaftaran disetujui. KIM aktif dan pemohon menerima nomor registrasi serta sertifikat.",
  dikembalikan: "Pendaftaran dikembalikan kepada pemohon untuk diperbaiki.",
};

function DeadlineCell({ item }: { item: Pick<QueueItem, "deadline" | "escalationLevel"> }) {
  const d = item.deadline;
  if (!d) return <span>Tanpa tenggat</span>;
  return (
    <>
      <time datetime={d.dueAt}>{d.label}</time>
      {d.lateLabel ? (
        <>
          {" "}
          <strong class="late">· {d.lateLabel}</strong>
        </>
      ) : null}
      {item.escalationLevel > 0 ? (
        <>
          <br />
          <span class="hint">Eskalasi tingkat {item.escalationLevel}</span>
        </>
      ) : null}
      {d.calendarComplete ? null : (
        <>
          <br />
          <span class="hint">Kalender libur tahun itu belum dimuat; tenggat dapat bergeser.</span>
        </>
      )}
    </>
  );
}

function QueueTable({ items, empty }: { items: QueueItem[]; empty: string }) {
  if (items.length === 0) return <p>{empty}</p>;
  const overdue = items.filter((i) => i.deadline?.overdue).length;
  return (
    <>
      {overdue > 0 ? (
        <p class="notice error" role="status">
          {overdue} pendaftaran sudah melewati tenggat.
        </p>
      ) : null}
      <table>
        <thead>
          <tr>
            <th scope="col">Tenggat</th>
            <th scope="col">KIM</th>
            <th scope="col">Kampung/kelurahan</th>
            <th scope="col">Masuk</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr class={item.deadline?.overdue ? "overdue" : undefined}>
              <td data-label="Tenggat">
                {item.deadline?.overdue ? <span class="badge">Terlambat</span> : null} <DeadlineCell item={item} />
              </td>
              <td data-label="KIM">
                <a href={`/pendaftaran/${item.id}`}>{item.kimName}</a>
                <br />
                <span class="hint">{item.id}</span>
              </td>
              <td data-label="Kampung/kelurahan">
                {item.villageName}, Kec. {item.districtName}
              </td>
              <td data-label="Masuk">{item.submittedAt}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The officials' work queues: endorsement and verification, nearest deadline first, overdue ones marked. */
export function WorkQueuesPage(p: {
  session: CurrentSession;
  nav: NavLink[];
  endorsement: QueueItem[] | undefined;
  verification: QueueItem[] | undefined;
}) {
  return (
    <OfficialLayout title="Pendaftaran KIM" session={p.session} nav={p.nav}>
      <h1>Pendaftaran KIM</h1>
      {p.endorsement ? (
        <section>
          <h2>Menunggu pengesahan kepala kampung/lurah ({p.endorsement.length})</h2>
          <QueueTable items={p.endorsement} empty="Tidak ada pendaftaran yang menunggu pengesahan." />
        </section>
      ) : null}
      {p.verification ? (
        <section>
          <h2>Menunggu verifikasi Diskominfo ({p.verification.length})</h2>
          <QueueTable items={p.verification} empty="Tidak ada pendaftaran yang menunggu verifikasi." />
        </section>
      ) : null}
    </OfficialLayout>
  );
}

function Fact({ label, children }: { label: string; children: unknown }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children ?? "-"}</dd>
    </>
  );
}

const errorFor = (errors: ErrorDetail[] | undefined, path: string) => errors?.find((e) => e.path === path)?.message;

/** Which form a set of errors belongs to, so each form shows only its own. */
export type DecisionForm = "endorse" | "reject_endorsement" | "approve" | "reject" | "revise";

/** What one decision form shows again: the last submission's errors and text when it was this form, else nothing. */
interface DecisionFormState {
  form: DecisionForm;
  values: Record<string, string>;
  errors: ErrorDetail[] | undefined;
}

function TextArea(p: { state: DecisionFormState; name: string; label: string; required?: boolean; hint?: string }) {
  const id = `${p.state.form}-${p.name.replace(/\W/g, "-")}`;
  const message = errorFor(p.state.errors, p.name);
  return (
    <>
      <label for={id}>
        {p.label}
        {p.required ? " (wajib)" : ""}
      </label>
      {p.hint ? <p class="hint">{p.hint}</p> : null}
      <FieldError id={id} message={message} />
      <textarea
        id={id}
        name={p.name}
        rows={3}
        maxlength={1000}
        required={p.required}
        aria-invalid={message ? "true" : undefined}
        aria-describedby={message ? `${id}-error` : undefined}
      >
        {p.state.values[p.name] ?? ""}
      </textarea>
    </>
  );
}

function TimelineList({ timeline }: { timeline: TimelineEntry[] }) {
  return (
    <ol class="timeline">
      {timeline.map((e) => {
        const fields = Array.isArray(e.detail?.fields) ? (e.detail.fields as { path: string; reason: string }[]) : [];
        return (
          <li>
            <time datetime={e.at}>{e.atLabel}</time> · <strong>{EVENT_KIND_LABELS[e.kind]}</strong> oleh {e.actor}
            {e.detail?.onBehalfOf ? " atas nama kepala kampung/lurah" : ""}
            {e.toStatus && e.toStatus !== e.fromStatus ? ` → ${REGISTRATION_STATUS_LABELS[e.toStatus]}` : ""}
            {typeof e.detail?.level === "number" && e.kind === "escalate" ? ` (tingkat ${e.detail.level})` : ""}
            {e.reason ? (
              <>
                <br />
                <span>Keterangan: {e.reason}</span>
              </>
            ) : null}
            {fields.length > 0 ? (
              <ul>
                {fields.map((f) => (
                  <li>
                    {REVISION_FIELDS[f.path as keyof typeof REVISION_FIELDS] ?? f.path}: {f.reason}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

/** One registration for officials: facts, members (masked), timeline and the decision forms the actor may use. */
export function RegistrationDetailPage(p: {
  session: CurrentSession;
  nav: NavLink[];
  detail: RegistrationDetail;
  flash?: string | undefined;
  /** Errors of the form named by `form`, and what was typed into it. */
  form?: DecisionForm | undefined;
  errors?: ErrorDetail[] | undefined;
  notice?: string | undefined;
  values?: Record<string, string> | undefined;
}) {
  const d = p.detail;
  const r = d.registration;
  const stateOf = (form: DecisionForm): DecisionFormState =>
    p.form === form ? { form, values: p.values ?? {}, errors: p.errors } : { form, values: {}, errors: undefined };
  const endorse = stateOf("endorse");
  const rejectEndorsement = stateOf("reject_endorsement");
  const approve = stateOf("approve");
  const revise = stateOf("revise");
  const reject = stateOf("reject");
  const flash = p.flash ? DECISION_FLASH[p.flash] : undefined;
  const base = `/pendaftaran/${r.id}`;
  const endorsing = d.can.endorse || d.can.endorseOnBehalf;
  const onBehalf = !d.can.endorse && d.can.endorseOnBehalf;
  return (
    <OfficialLayout title={`${r.kimName} · Pendaftaran KIM`} session={p.session} nav={p.nav}>
      <p>
        <a href="/pendaftaran">← Daftar pendaftaran</a>
      </p>
      <h1>{r.kimName}</h1>
      {flash ? (
        <p class="notice success" role="status">
          {flash}
        </p>
      ) : null}
      {p.notice ? (
        <p class="notice error" role="alert">
          {p.notice}
        </p>
      ) : null}
      <dl class="facts">
        <Fact label="Status">
          <strong>{d.statusLabel}</strong>
        </Fact>
        {d.deadline ? (
          <Fact label="Tenggat tahap ini">
            <DeadlineCell item={{ deadline: d.deadline, escalationLevel: 0 }} />
          </Fact>
        ) : null}
        {r.registrationNumber ? (
          <Fact label="Nomor registrasi">
            <a href={`/kim/${r.registrationNumber}/sertifikat`}>{r.registrationNumber}</a>
          </Fact>
        ) : null}
        <Fact label="Nomor pendaftaran">{r.id}</Fact>
        <Fact label="Kampung/kelurahan">
          {d.villageName}, Kecamatan {d.districtName}
        </Fact>
        <Fact label="Alamat sekretariat">{r.secretariatAddress}</Fact>
        <Fact label="Kontak">
          {r.contactEmailShown} · {r.contactPhoneShown}
        </Fact>
        <Fact label="Tanggal pembentukan">{formatDateHuman(r.foundedOn)}</Fact>
        <Fact label="SK pembentukan">
          Nomor {r.decreeNumber}, tanggal {formatDateHuman(r.decreeDate)}, oleh {r.decreeIssuer}
          {r.decreeScanKey ? (
            <>
              {" · "}
              <a href={`${base}/sk`}>Lihat pindaian SK ({Math.ceil((r.decreeScanSize ?? 0) / 1024)} KB)</a>
            </>
          ) : (
            " · tanpa pindaian"
          )}
        </Fact>
        <Fact label="Situs web dan media sosial">
          {[r.website, ...r.socials.map((s) => `${s.platform}: ${s.url}`)].filter(Boolean).join(" · ") || "-"}
        </Fact>
        <Fact label="Kelompok masyarakat mitra">{r.communityGroups.join(", ") || "-"}</Fact>
      </dl>

      <h2>Anggota ({d.members.length})</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">No.</th>
            <th scope="col">Nama</th>
            <th scope="col">Jabatan</th>
            <th scope="col">NIK</th>
            <th scope="col">L/P</th>
            <th scope="col">Tahun lahir</th>
            <th scope="col">Ponsel</th>
            <th scope="col">Pekerjaan</th>
          </tr>
        </thead>
        <tbody>
          {d.members.map((m) => (
            <tr>
              <td data-label="No.">{m.position + 1}</td>
              <td data-label="Nama">{m.fullName}</td>
              <td data-label="Jabatan">{m.roleLabel}</td>
              <td data-label="NIK">
                <code>{m.nik}</code>
              </td>
              <td data-label="L/P">{m.gender}</td>
              <td data-label="Tahun lahir">{m.birthYear ?? "-"}</td>
              <td data-label="Ponsel">{m.phone}</td>
              <td data-label="Pekerjaan">{m.occupation}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {endorsing ? (
        <section>
          <h2>{onBehalf ? "Catat pengesahan atas nama kepala kampung/lurah" : "Pengesahan"}</h2>
          {onBehalf ? (
            <p>
              Catat keputusan kepala kampung/lurah hanya setelah memeriksa SK pembentukan dan menghubungi beliau.
              Catatan wajib diisi dan masuk ke jejak audit.
            </p>
          ) : (
            <p>Periksa SK pembentukan di atas, lalu sahkan atau tolak pendaftaran ini.</p>
          )}
          <form method="post" action={`${base}/sahkan`}>
            <CsrfField session={p.session} />
            <TextArea
              state={endorse}
              name="note"
              label={onBehalf ? "Catatan pemeriksaan" : "Catatan"}
              required={onBehalf}
              hint={
                onBehalf
                  ? "Misalnya: SK diperiksa, dikonfirmasi kepala kampung lewat telepon pada tanggal …"
                  : undefined
              }
            />
            <button type="submit" class="button">
              Sahkan pendaftaran
            </button>
          </form>
          <form method="post" action={`${base}/tolak-pengesahan`}>
            <CsrfField session={p.session} />
            <TextArea
              state={rejectEndorsement}
              name="reason"
              label="Alasan penolakan"
              required
              hint="Alasan ini dikirim kepada pemohon."
            />
            {onBehalf ? <TextArea state={rejectEndorsement} name="note" label="Catatan pemeriksaan" required /> : null}
            <button type="submit" class="button secondary">
              Tolak pendaftaran
            </button>
          </form>
        </section>
      ) : null}

      {d.can.verify ? (
        <section>
          <h2>Verifikasi</h2>
          <form method="post" action={`${base}/setujui`}>
            <CsrfField session={p.session} />
            <TextArea state={approve} name="note" label="Catatan" />
            <button type="submit" class="button">
              Setujui dan terbitkan nomor registrasi
            </button>
          </form>
          <form method="post" action={`${base}/perbaikan`}>
            <CsrfField session={p.session} />
            <fieldset>
              <legend>Kembalikan untuk perbaikan</legend>
              <p class="hint">Centang bagian yang harus diperbaiki dan tulis alasannya; pemohon menerima daftar ini.</p>
              <FieldError id="revise-fields" message={errorFor(revise.errors, "fields")} />
              {REVISION_FIELD_KEYS.map((key) => {
                const reasonName = `reasons.${key}`;
                const message = errorFor(revise.errors, reasonName);
                return (
                  <div class="field">
                    <label class="checkbox">
                      <input
                        type="checkbox"
                        name="fields"
                        value={key}
                        checked={revise.values[`field.${key}`] === "on"}
                      />{" "}
                      {REVISION_FIELDS[key]}
                    </label>
                    <FieldError id={`revise-${key}`} message={message} />
                    <input
                      id={`revise-${key}`}
                      name={reasonName}
                      aria-label={`Alasan perbaikan: ${REVISION_FIELDS[key]}`}
                      placeholder="Alasan perbaikan"
                      maxlength={1000}
                      value={revise.values[reasonName] ?? ""}
                    />
                  </div>
                );
              })}
              <TextArea state={revise} name="summary" label="Ringkasan untuk pemohon" />
            </fieldset>
            <button type="submit" class="button secondary">
              Kembalikan untuk perbaikan
            </button>
          </form>
          <form method="post" action={`${base}/tolak`}>
            <CsrfField session={p.session} />
            <TextArea
              state={reject}
              name="reason"
              label="Alasan penolakan"
              required
              hint="Alasan ini dikirim kepada pemohon. Pendaftaran ditutup dan kampung/kelurahan bebas untuk pendaftaran baru."
            />
            <button type="submit" class="button secondary">
              Tolak pendaftaran
            </button>
          </form>
        </section>
      ) : null}

      <h2>Riwayat</h2>
      <TimelineList timeline={d.timeline} />
    </OfficialLayout>
  );
}
