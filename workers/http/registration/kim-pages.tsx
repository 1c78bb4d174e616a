import { type Context, Hono } from "hono";
import type { Actor } from "../../domain/actor";
import { isRegistrationId } from "../../domain/registration/id";
import { parseRegistrationNumber } from "../../domain/registration/number";
import { allowsNewDecreeScan } from "../../domain/registration/revision";
import { formatWitaHuman } from "../../domain/time";
import { AppError, notFound } from "../../errors";
import {
  type ActionLink,
  actionLinkNonceInsert,
  actionLinkRefusal,
  verifyActionLink,
} from "../../services/action-links";
import { listDistricts } from "../../services/areas";
import { recordPersonalDataRead } from "../../services/personal-data";
import { trackingLink } from "../../services/registration/flow-steps";
import { changeKimMembers } from "../../services/registration/kim-members";
import {
  activeKimByNumber,
  getCertificate,
  getEditableRegistration,
  type LinkRequestResult,
  requestMembersLink,
  requestWithdrawLink,
  verificationPath,
  verifyKim,
} from "../../services/registration/kim-public";
import { memberEditorPath, REGISTRATION_LINK_ACTIONS, revisionFormPath } from "../../services/registration/links";
import { resubmitRegistration } from "../../services/registration/resubmit";
import { isUniqueFailure } from "../../services/registration/transitions";
import { ActionNotApplicablePage } from "../../views/action-link";
import {
  CertificatePage,
  LinkRequestPage,
  MemberEditorPage,
  MessagePage,
  RevisionFormPage,
  VerificationPage,
} from "../../views/registration/kim-pages";
import { sameOriginForms } from "../auth";
import type { AppEnv } from "../context";
import { mailingDeps, serviceDeps } from "../deps";
import type { FormBody } from "../form-body";
import { applicantActor } from "./action-links";
import { decisionDeps } from "./decision-deps";
import { readMemberRows, readRevisionForm, revisionValuesFrom, rowsFromStored } from "./member-edit-form";

/**
 * Pages for the applicant and an active KIM's officers, without an account: the pre-filled
 * revision form and the member editor (each opened by a signed link that saves once), the
 * printable certificate, and the requests that mail those links to the KIM's contact address.
 */

/** The public actor of an active KIM's officers acting through their member-editor link. */
const officersActor = (registrationId: string) => ({ type: "public" as const, id: `kim-officers:${registrationId}` });

async function verified(c: Context<AppEnv>, action: string): Promise<ActionLink> {
  const result = await verifyActionLink(
    { db: c.var.db, config: c.var.config, now: c.var.now },
    c.req.param("token") ?? "",
    action,
  );
  if (!result.ok) throw actionLinkRefusal(result.reason);
  return result.link;
}

/** The link's nonce in the batch of the change it makes; a concurrent second use fails on it. */
const nonceOf = (c: Context<AppEnv>, link: ActionLink) => [actionLinkNonceInsert(c.var.db, link, c.var.now())];

function linkUsedAgain(err: unknown): never {
  if (isUniqueFailure(err, "used_action_nonces")) throw actionLinkRefusal("used");
  throw err;
}

/** A refusal the form is shown again for, with the problems beside their fields. */
const isFormRefusal = (err: unknown): err is AppError =>
  err instanceof AppError && (err.code === "validation_failed" || Boolean(err.details?.length));

/** A refused form is shown again: 422 for its own problems, 409 when another KIM took the village or a person meanwhile. */
const formStatus = (err: AppError) => (err.code === "conflict" ? 409 : 422);

/** A pre-filled form shows the members' personal data: the first showing is recorded as a read. */
const recordFormRead = (c: Context<AppEnv>, actor: Actor, registrationId: string, view: string) =>
  recordPersonalDataRead(serviceDeps(c), actor, { type: "registration", id: registrationId }, { view });

const notApplicable = (c: Context<AppEnv>) => c.html(<ActionNotApplicablePage />, 409);

async function revisionPage(
  c: Context<AppEnv>,
  link: ActionLink,
  status: 200 | 409 | 422,
  submitted?: ReturnType<typeof readRevisionForm>,
  details?: AppError["details"],
  scanDropped?: boolean,
) {
  const editable = await getEditableRegistration(c.var.db, link.recordId);
  if (editable?.registration.status !== "needs_revision") return notApplicable(c);
  const r = editable.registration;
  if (!submitted) await recordFormRead(c, applicantActor(r.id), r.id, "revision_form");
  return c.html(
    <RevisionFormPage
      action={revisionFormPath(link.token)}
      kimName={r.kimName}
      dueAt={r.dueAt ? formatWitaHuman(new Date(r.dueAt)) : null}
      revision={editable.revision}
      newScan={allowsNewDecreeScan(editable.revision.fields)}
      scanDropped={scanDropped}
      districts={await listDistricts(c.var.db)}
      values={submitted?.values ?? revisionValuesFrom(r)}
      rows={submitted?.rows ?? rowsFromStored(editable.members)}
      stored={editable.members}
      details={details}
    />,
    status,
  );
}

async function memberEditorPage(
  c: Context<AppEnv>,
  link: ActionLink,
  status: 200 | 409 | 422,
  submitted?: ReturnType<typeof readMemberRows>,
  details?: AppError["details"],
) {
  const editable = await getEditableRegistration(c.var.db, link.recordId);
  const r = editable?.registration;
  if (!editable || r?.status !== "approved" || !r.registrationNumber) return notApplicable(c);
  if (!submitted) await recordFormRead(c, officersActor(r.id), r.id, "member_editor");
  return c.html(
    <MemberEditorPage
      action={memberEditorPath(link.token)}
      kimName={r.kimName}
      registrationNumber={r.registrationNumber}
      rows={submitted?.rows ?? rowsFromStored(editable.members)}
      stored={editable.members}
      details={details}
    />,
    status,
  );
}

const body = (c: Context<AppEnv>) => c.req.parseBody({ all: true }) as Promise<FormBody>;

/** A registration id from the path, or 404. */
function idParam(c: Context<AppEnv>): string {
  const id = c.req.param("id") ?? "";
  if (!isRegistrationId(id)) throw notFound("Pendaftaran tidak ditemukan.");
  return id;
}

/** A registration number from the path, or 404. */
function numberParam(c: Context<AppEnv>): string {
  const number = c.req.param("number") ?? "";
  if (!parseRegistrationNumber(number)) throw notFound("Nomor registrasi KIM tidak dikenal.");
  return number;
}

export const kimPages = new Hono<AppEnv>()
  .get("/perbaikan/:token", async (c) => revisionPage(c, await verified(c, REGISTRATION_LINK_ACTIONS.revise), 200))
  .post("/perbaikan/:token", sameOriginForms(), async (c) => {
    const link = await verified(c, REGISTRATION_LINK_ACTIONS.revise);
    const form = await body(c);
    const submitted = readRevisionForm(form);
    const file = form.decreeScan instanceof File && form.decreeScan.size > 0 ? form.decreeScan : undefined;
    try {
      await resubmitRegistration(
        { ...decisionDeps(c), files: c.env.FILES },
        applicantActor(link.recordId),
        {
          registrationId: link.recordId,
          raw: submitted.raw,
          ...(file ? { scan: new Uint8Array(await file.arrayBuffer()) } : {}),
        },
        { extra: nonceOf(c, link) },
      ).catch(linkUsedAgain);
    } catch (err) {
      if (isFormRefusal(err)) {
        return revisionPage(c, link, formStatus(err), submitted, err.details, file !== undefined);
      }
      throw err;
    }
    return c.html(
      <MessagePage
        title="Perbaikan sudah dikirim"
        paragraphs={[
          "Terima kasih. Perbaikan pendaftaran Anda sudah kami terima dan akan diverifikasi kembali. Bila kampung/kelurahan diganti, kepala kampung/lurahnya diminta mengesahkan lebih dahulu.",
        ]}
        link={{ href: trackingLink(link.recordId), label: "Lihat status pendaftaran" }}
      />,
    );
  })
  .get("/ubah-anggota/:token", async (c) =>
    memberEditorPage(c, await verified(c, REGISTRATION_LINK_ACTIONS.members), 200),
  )
  .post("/ubah-anggota/:token", sameOriginForms(), async (c) => {
    const link = await verified(c, REGISTRATION_LINK_ACTIONS.members);
    const submitted = readMemberRows(await body(c));
    let changed: boolean;
    try {
      ({ changed } = await changeKimMembers(mailingDeps(c), officersActor(link.recordId), {
        registrationId: link.recordId,
        members: submitted.members,
        extra: nonceOf(c, link),
      }).catch(linkUsedAgain));
    } catch (err) {
      if (isFormRefusal(err)) {
        return memberEditorPage(c, link, formStatus(err), submitted, err.details);
      }
      throw err;
    }
    return c.html(
      <MessagePage
        title={changed ? "Daftar anggota sudah disimpan" : "Tidak ada perubahan"}
        paragraphs={[
          changed
            ? "Perubahan daftar anggota sudah dicatat. Pemberitahuannya dikirim ke e-mail kontak KIM."
            : "Daftar anggota sama dengan yang tersimpan; tidak ada yang diubah. Tautan ini masih dapat dipakai.",
        ]}
      />,
    );
  })
  .get("/:number/sertifikat", async (c) => {
    const number = numberParam(c);
    const certificate = await getCertificate(c.var.db, number);
    if (!certificate) throw notFound("KIM dengan nomor registrasi itu tidak ditemukan.");
    return c.html(
      <CertificatePage
        certificate={certificate}
        regencyName={c.var.config.regencyName}
        officeName={c.var.config.officeName}
        verificationUrl={`${c.var.config.publicBaseUrl}${verificationPath(number)}`}
      />,
    );
  })
  .get("/:number/verifikasi", async (c) => {
    const number = c.req.param("number");
    // Any text may be typed here: an unknown or malformed number is answered "not registered", never a 500.
    const kim = parseRegistrationNumber(number) ? await verifyKim(c.var.db, number) : undefined;
    c.header("Cache-Control", "no-store");
    return c.html(
      <VerificationPage
        number={number}
        kim={kim}
        officeName={c.var.config.officeName}
        checkedAt={formatWitaHuman(c.var.now())}
      />,
      kim ? 200 : 404,
    );
  })
  .get("/:number/anggota", async (c) => {
    const number = numberParam(c);
    const kim = await activeKimByNumber(c.var.db, number);
    if (!kim) throw notFound("KIM dengan nomor registrasi itu tidak ditemukan.");
    return c.html(
      <LinkRequestPage
        title={`Ubah daftar anggota ${kim.kimName}`}
        paragraphs={[
          "Untuk mengubah daftar anggota, kami mengirim tautan khusus ke e-mail kontak KIM yang tercatat. Tautan itu berlaku tiga hari dan dipakai untuk satu kali penyimpanan.",
        ]}
        action={`/kim/${number}/anggota`}
        button="Kirim tautan ke e-mail KIM"
      />,
    );
  })
  .post("/:number/anggota", sameOriginForms(), async (c) => {
    const sent = await requestMembersLink(mailingDeps(c), numberParam(c));
    return c.html(
      <MessagePage
        title={sent.repeated ? "Tautan sudah dikirim hari ini" : "Tautan sudah dikirim"}
        paragraphs={linkRequestParagraphs("Tautan perubahan daftar anggota", sent)}
      />,
    );
  });

/**
 * What a link request answers, honestly: a new link was mailed, or (a repeat the same day) none
 * was, and the one mailed earlier still works until its expiry.
 */
function linkRequestParagraphs(what: string, sent: LinkRequestResult): string[] {
  const until = formatWitaHuman(new Date(sent.expiresAt));
  if (!sent.repeated) {
    return [`${what} dikirim ke ${sent.sentTo} dan berlaku sampai ${until}. Periksa juga folder spam.`];
  }
  return [
    `${what} sudah dikirim ke ${sent.sentTo} hari ini pukul ${formatWitaHuman(new Date(sent.sentAt)).replace(/^.*, /, "")}, jadi kami tidak mengirim e-mail baru.`,
    `Tautan di e-mail itu masih dapat dipakai sampai ${until}, juga bila isian Anda sebelumnya ditolak. Periksa juga folder spam. Tautan baru dapat diminta lagi besok.`,
  ];
}

/** `/daftar-kim/:id/batalkan`: the applicant asks for the withdrawal link of a pending registration. */
export const withdrawRequestPages = new Hono<AppEnv>()
  .get("/:id/batalkan", async (c) => {
    const id = idParam(c);
    return c.html(
      <LinkRequestPage
        title="Batalkan pendaftaran KIM"
        paragraphs={[
          `Untuk membatalkan pendaftaran ${id}, kami mengirim tautan konfirmasi ke e-mail kontak pendaftaran. Pendaftaran baru dibatalkan setelah tautan itu dibuka dan dikonfirmasi.`,
        ]}
        action={`/daftar-kim/${id}/batalkan`}
        button="Kirim tautan pembatalan"
      />,
    );
  })
  .post("/:id/batalkan", sameOriginForms(), async (c) => {
    const id = idParam(c);
    const sent = await requestWithdrawLink(mailingDeps(c), id);
    return c.html(
      <MessagePage
        title={sent.repeated ? "Tautan pembatalan sudah dikirim hari ini" : "Tautan pembatalan sudah dikirim"}
        paragraphs={linkRequestParagraphs("Tautan pembatalan", sent)}
        link={{ href: trackingLink(id), label: "Kembali ke status pendaftaran" }}
      />,
    );
  });
