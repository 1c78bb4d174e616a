import type { ErrorDetail } from "../../errors";
import type { AspirationTracking } from "../../services/aspiration/tracking";
import { groupErrors, TextAreaField } from "../form-fields";
import { Choices } from "./form";

/**
 * What the reporter can do on the tracking page: reply to a verifier's question, or, after the
 * answer, rate and accept it or reopen the case. A `rahasia` case's key travels in a hidden field,
 * as it came in the tracking link.
 */

export type ReporterForm = "reply" | "accept" | "reopen";

export interface ReporterFormState {
  form: ReporterForm | undefined;
  values: Record<string, string>;
  errors: readonly ErrorDetail[];
}

const RATINGS = [
  { value: "5", label: "5 — sangat puas" },
  { value: "4", label: "4 — puas" },
  { value: "3", label: "3 — cukup" },
  { value: "2", label: "2 — kurang puas" },
  { value: "1", label: "1 — tidak puas" },
] as const;

function KeyField({ trackingKey }: { trackingKey: string | undefined }) {
  return trackingKey ? <input type="hidden" name="kunci" value={trackingKey} /> : null;
}

export function ReporterForms(p: {
  tracking: AspirationTracking;
  trackingKey: string | undefined;
  state: ReporterFormState;
}) {
  const t = p.tracking;
  const errorsOf = (form: ReporterForm) => groupErrors(p.state.form === form ? p.state.errors : []);
  const typed = (form: ReporterForm, name: string) => (p.state.form === form ? (p.state.values[name] ?? "") : "");
  if (t.status === "needs_info") {
    return (
      <section id="keterangan">
        <h2>Lengkapi laporan Anda</h2>
        <p>
          Verifikator memerlukan keterangan tambahan (lihat pertanyaannya di riwayat). Kirim jawaban Anda sebelum{" "}
          {t.dueAtLabel}.
        </p>
        <form method="post" action={`/lacak/${t.code}/keterangan`}>
          <KeyField trackingKey={p.trackingKey} />
          <TextAreaField
            name="reply"
            label="Keterangan tambahan"
            value={typed("reply", "reply")}
            errors={errorsOf("reply")}
            rows={5}
            maxlength={5000}
            required
          />
          <button type="submit" class="button">
            Kirim keterangan
          </button>
        </form>
      </section>
    );
  }
  if (t.status !== "answered") return null;
  return (
    <section id="tanggapan">
      <h2>Nilai jawaban ini</h2>
      <p>Bila jawaban sudah cukup, beri nilai; laporan Anda lalu dinyatakan selesai.</p>
      <form method="post" action={`/lacak/${t.code}/tanggapan`}>
        <KeyField trackingKey={p.trackingKey} />
        <Choices
          name="rating"
          legend="Seberapa puas Anda dengan jawaban ini?"
          value={typed("accept", "rating")}
          options={RATINGS}
          errors={errorsOf("accept")}
        />
        <button type="submit" class="button">
          Kirim penilaian
        </button>
      </form>
      {t.reopensLeft > 0 ? (
        <>
          <h2>Belum puas?</h2>
          <p>
            Anda dapat membuka kembali laporan ini sampai {t.dueAtLabel}; laporan kembali ke {t.agency ?? "OPD"} dengan
            tenggat baru. Sisa kesempatan: {t.reopensLeft} kali.
          </p>
          <form method="post" action={`/lacak/${t.code}/buka-kembali`}>
            <KeyField trackingKey={p.trackingKey} />
            <TextAreaField
              name="reason"
              label="Mengapa jawaban belum menyelesaikan masalah?"
              value={typed("reopen", "reason")}
              errors={errorsOf("reopen")}
              rows={4}
              maxlength={2000}
              required
            />
            <button type="submit" class="button secondary">
              Buka kembali laporan
            </button>
          </form>
        </>
      ) : null}
    </section>
  );
}
