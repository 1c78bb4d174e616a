import type { ErrorDetail } from "../../errors";
import type { AspirationCase } from "../../services/aspiration/queues";
import type { CurrentSession } from "../../services/sessions";
import { CsrfField, FieldError } from "../official-layout";

/**
 * The decision forms of an official's case page: each shown only to whoever may take it now. A
 * refused form shows its own errors and the text typed again; the others stay empty.
 */

export type CaseForm =
  | "route"
  | "request_info"
  | "reject"
  | "decline"
  | "decide_transfer"
  | "start"
  | "answer"
  | "request_transfer"
  | "request_extension"
  | "decide_extension"
  | "classify";

export interface FormState {
  form: CaseForm | undefined;
  values: Record<string, string>;
  errors: ErrorDetail[] | undefined;
}

/** What this official may do on this case. */
export interface CaseMay {
  verify: boolean;
  answer: boolean;
  requestTransfer: boolean;
  requestExtension: boolean;
  decideExtension: boolean;
}

const errorOf = (state: FormState, form: CaseForm, name: string) =>
  state.form === form ? state.errors?.find((e) => e.path === name)?.message : undefined;

function Text(p: { state: FormState; form: CaseForm; name: string; label: string; multiline?: boolean }) {
  const id = `${p.form}-${p.name}`;
  const message = errorOf(p.state, p.form, p.name);
  const value = p.state.form === p.form ? (p.state.values[p.name] ?? "") : "";
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

function AgencySelect(p: {
  state: FormState;
  form: CaseForm;
  label: string;
  agencies: { id: string; name: string }[];
  selected: string | null | undefined;
}) {
  const id = `${p.form}-agencyId`;
  const message = errorOf(p.state, p.form, "agencyId");
  const chosen = p.state.form === p.form ? p.state.values.agencyId : p.selected;
  return (
    <>
      <label for={id}>{p.label}</label>
      <FieldError id={id} message={message} />
      <select id={id} name="agencyId" aria-invalid={message ? "true" : undefined}>
        {p.agencies.map((a) => (
          <option value={a.id} selected={a.id === chosen}>
            {a.name}
          </option>
        ))}
      </select>
    </>
  );
}

/** A form posting to one of the case's decision routes. */
function DecisionForm(p: { session: CurrentSession; code: string; path: string; children: unknown }) {
  return (
    <form method="post" action={`/aspirasi/kelola/${p.code}/${p.path}`}>
      <CsrfField session={p.session} />
      {p.children}
    </form>
  );
}

/** Two buttons, one field: `keputusan` is `setuju` or `tolak`. */
function ApproveButtons({ approve, refuse }: { approve: string; refuse: string }) {
  return (
    <p>
      <button type="submit" name="keputusan" value="setuju" class="button">
        {approve}
      </button>{" "}
      <button type="submit" name="keputusan" value="tolak" class="button secondary">
        {refuse}
      </button>
    </p>
  );
}

function VerifierForms(p: {
  c: AspirationCase;
  session: CurrentSession;
  agencies: { id: string; name: string }[];
  state: FormState;
}) {
  const { c, session, state } = p;
  if (c.status !== "received") return null;
  return (
    <>
      <h2>Teruskan ke OPD</h2>
      <DecisionForm session={session} code={c.code} path="teruskan">
        <AgencySelect
          state={state}
          form="route"
          label="OPD tujuan"
          agencies={p.agencies}
          selected={c.suggestedAgencyId}
        />
        <Text state={state} form="route" name="note" label="Catatan internal (tidak dilihat pelapor)" multiline />
        <button type="submit" class="button">
          Teruskan
        </button>
      </DecisionForm>
      <h2>Minta keterangan tambahan</h2>
      <p class="hint">Tenggat verifikasi berhenti sampai pelapor menjawab.</p>
      <DecisionForm session={session} code={c.code} path="minta-keterangan">
        <Text state={state} form="request_info" name="question" label="Pertanyaan (dibaca pelapor)" multiline />
        <button type="submit" class="button">
          Kirim pertanyaan
        </button>
      </DecisionForm>
      <h2>Tolak</h2>
      <DecisionForm session={session} code={c.code} path="tolak">
        <Text state={state} form="reject" name="reason" label="Alasan (dibaca pelapor)" multiline />
        <Text state={state} form="reject" name="duplicateOf" label="Kode laporan asli, bila duplikat" />
        <button type="submit" class="button">
          Tolak laporan
        </button>
      </DecisionForm>
      <h2>Bukan kewenangan</h2>
      <DecisionForm session={session} code={c.code} path="bukan-wewenang">
        <Text state={state} form="decline" name="reason" label="Alasan (dibaca pelapor)" multiline />
        <Text state={state} form="decline" name="referTo" label="Instansi yang berwenang" />
        <button type="submit" class="button">
          Nyatakan bukan kewenangan
        </button>
      </DecisionForm>
    </>
  );
}

function AgencyForms(p: {
  c: AspirationCase;
  session: CurrentSession;
  may: CaseMay;
  agencies: { id: string; name: string }[];
  state: FormState;
}) {
  const { c, session, state, may } = p;
  if (c.status !== "routed" && c.status !== "in_progress") return null;
  const others = p.agencies.filter((a) => a.id !== c.agencyId);
  return (
    <>
      {may.answer && c.status === "routed" ? (
        <DecisionForm session={session} code={c.code} path="mulai">
          <button type="submit" class="button secondary">
            Tandai sedang ditindaklanjuti
          </button>
        </DecisionForm>
      ) : null}
      {may.answer ? (
        <>
          <h2>Jawab</h2>
          <DecisionForm session={session} code={c.code} path="jawab">
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
          </DecisionForm>
        </>
      ) : null}
      {may.requestTransfer && !c.transferRequestedTo ? (
        <>
          <h2>Minta pengalihan ke OPD lain</h2>
          <p class="hint">Verifikator Diskominfo memutuskan. Sampai itu, tenggat tetap berjalan untuk OPD ini.</p>
          <DecisionForm session={session} code={c.code} path="minta-pengalihan">
            <AgencySelect
              state={state}
              form="request_transfer"
              label="OPD yang berwenang"
              agencies={others}
              selected={undefined}
            />
            <Text state={state} form="request_transfer" name="reason" label="Alasan" multiline />
            <button type="submit" class="button">
              Minta pengalihan
            </button>
          </DecisionForm>
        </>
      ) : null}
      {may.requestExtension && c.extension === null ? (
        <>
          <h2>Minta perpanjangan waktu</h2>
          <p class="hint">Hanya satu kali untuk setiap laporan; kepala OPD memutuskan.</p>
          <DecisionForm session={session} code={c.code} path="minta-perpanjangan">
            <Text state={state} form="request_extension" name="reason" label="Alasan" multiline />
            <button type="submit" class="button">
              Minta perpanjangan
            </button>
          </DecisionForm>
        </>
      ) : null}
      {may.decideExtension && c.extension === "requested" ? (
        <>
          <h2>Permintaan perpanjangan waktu</h2>
          <DecisionForm session={session} code={c.code} path="keputusan-perpanjangan">
            <Text state={state} form="decide_extension" name="note" label="Catatan internal" multiline />
            <ApproveButtons approve="Setujui perpanjangan" refuse="Tolak perpanjangan" />
          </DecisionForm>
        </>
      ) : null}
      {may.answer && c.deadlineClass === "standard" ? (
        <>
          <h2>Perlu pemeriksaan lapangan</h2>
          <p class="hint">Tenggat berubah menjadi tenggat pemeriksaan lapangan, dihitung sejak laporan diterima OPD.</p>
          <DecisionForm session={session} code={c.code} path="pemeriksaan-lapangan">
            <Text state={state} form="classify" name="reason" label="Alasan" multiline />
            <button type="submit" class="button">
              Nyatakan perlu pemeriksaan lapangan
            </button>
          </DecisionForm>
        </>
      ) : null}
    </>
  );
}

/** Every decision this official may take on the case now. */
export function CaseActions(p: {
  c: AspirationCase;
  session: CurrentSession;
  may: CaseMay;
  agencies: { id: string; name: string }[];
  state: FormState;
}) {
  const { c, session, state } = p;
  const transferTo = p.agencies.find((a) => a.id === c.transferRequestedTo)?.name ?? "OPD lain";
  return (
    <>
      {p.may.verify ? <VerifierForms c={c} session={session} agencies={p.agencies} state={state} /> : null}
      {p.may.verify && c.transferRequestedTo && (c.status === "routed" || c.status === "in_progress") ? (
        <>
          <h2>Permintaan pengalihan ke {transferTo}</h2>
          <p class="hint">Alasan OPD ada di riwayat di atas.</p>
          <DecisionForm session={session} code={c.code} path="keputusan-pengalihan">
            <Text state={state} form="decide_transfer" name="note" label="Catatan internal" multiline />
            <ApproveButtons approve="Setujui pengalihan" refuse="Tolak pengalihan" />
          </DecisionForm>
        </>
      ) : null}
      <AgencyForms c={c} session={session} may={p.may} agencies={p.agencies} state={state} />
    </>
  );
}
