import { and, asc, eq, inArray } from "drizzle-orm";
import type { Context } from "hono";
import { areas, registrationMembers, registrations } from "../../../schema";
import type { Actor } from "../../domain/actor";
import { can } from "../../domain/policy";
import { MEMBER_ROLE_LABELS, REQUIRED_OFFICER_ROLES } from "../../domain/registration/input";
import { isPending } from "../../domain/registration/status";
import { formatDateHuman } from "../../domain/time";
import type { ActionLink } from "../../services/action-links";
import { endorseRegistration, rejectEndorsement, withdrawRegistration } from "../../services/registration/decisions";
import { parseOfficialRecordId, REGISTRATION_LINK_ACTIONS } from "../../services/registration/links";
import { officialActorById } from "../../services/registration/recipients";
import type { ActionConfirmation } from "../../views/action-link";
import type { ActionLinkHandler } from "../action-link-handler";
import type { AppEnv } from "../context";
import { decisionDeps } from "./decision-deps";

/**
 * The action links of the KIM approval flow on the shared confirmation page (`/aksi/…`): a
 * village head endorses or refuses from the e-mail without signing in, and the applicant
 * withdraws. Each decision records the link's nonce in its own batch, so a refused one (a reason
 * too long) leaves the link usable. A village head's link names them; it acts as that official with the grants they
 * hold at that moment, so a link of someone no longer village head there opens nothing.
 */

/** The public actor of the applicant holding a registration's signed links. */
export const applicantActor = (registrationId: string): Actor => ({
  type: "public",
  id: `applicant:${registrationId}`,
});

async function loadSummary(c: Context<AppEnv>, id: string) {
  const db = c.var.db;
  const [found, officers] = await db.batch([
    db
      .select({
        id: registrations.id,
        kimName: registrations.kimName,
        status: registrations.status,
        villageCode: registrations.villageCode,
        decreeNumber: registrations.decreeNumber,
        decreeDate: registrations.decreeDate,
        decreeIssuer: registrations.decreeIssuer,
        villageName: areas.name,
      })
      .from(registrations)
      .innerJoin(areas, eq(areas.code, registrations.villageCode))
      .where(eq(registrations.id, id)),
    db
      .select({ fullName: registrationMembers.fullName, role: registrationMembers.role })
      .from(registrationMembers)
      .where(
        and(eq(registrationMembers.registrationId, id), inArray(registrationMembers.role, [...REQUIRED_OFFICER_ROLES])),
      )
      .orderBy(asc(registrationMembers.position)),
  ]);
  const r = found[0];
  return r ? { ...r, officers } : undefined;
}

/** The registration and the village head a link names, when the registration still awaits their endorsement. */
async function endorsementContext(c: Context<AppEnv>, link: ActionLink) {
  const ids = parseOfficialRecordId(link.recordId);
  if (!ids) return undefined;
  const summary = await loadSummary(c, ids.registrationId);
  if (summary?.status !== "awaiting_endorsement") return undefined;
  const actor = await officialActorById(c.var.db, ids.officialId);
  if (!can(actor, "registration.endorse", { kind: "registration", villageCode: summary.villageCode })) return undefined;
  return actor ? { summary, actor } : undefined;
}

const decreeParagraphs = (s: NonNullable<Awaited<ReturnType<typeof loadSummary>>>) => [
  `${s.kimName}, Kampung/Kelurahan ${s.villageName} (nomor pendaftaran ${s.id}).`,
  `SK pembentukan nomor ${s.decreeNumber}, tanggal ${formatDateHuman(s.decreeDate)}, diterbitkan oleh ${s.decreeIssuer}.`,
  `Pengurus: ${s.officers.map((o) => `${MEMBER_ROLE_LABELS[o.role]} ${o.fullName}`).join(", ") || "-"}.`,
];

const endorse: ActionLinkHandler = {
  async describe(c, link): Promise<ActionConfirmation | undefined> {
    const ctx = await endorsementContext(c, link);
    if (!ctx) return undefined;
    return {
      title: "Sahkan pendaftaran KIM",
      paragraphs: [
        ...decreeParagraphs(ctx.summary),
        "Dengan menekan tombol di bawah, Anda sebagai kepala kampung/lurah menyatakan bahwa SK pembentukan KIM ini benar. Pendaftaran lalu diverifikasi Diskominfo.",
      ],
      confirmLabel: "Sahkan pendaftaran",
      fields: [{ name: "note", label: "Catatan untuk Diskominfo", required: false, multiline: true }],
    };
  },
  async perform(c, link, fields, use) {
    const ctx = await endorsementContext(c, link);
    const ids = parseOfficialRecordId(link.recordId);
    if (!ctx || !ids) return notApplicable;
    await endorseRegistration(
      decisionDeps(c),
      ctx.actor,
      { registrationId: ids.registrationId, note: fields.note },
      { extra: [use] },
    );
    return {
      title: "Pendaftaran sudah disahkan",
      paragraphs: [
        `Terima kasih. Pengesahan ${ctx.summary.kimName} sudah dicatat dan diteruskan kepada verifikator Diskominfo.`,
      ],
    };
  },
};

const rejectEndorsementLink: ActionLinkHandler = {
  async describe(c, link) {
    const ctx = await endorsementContext(c, link);
    if (!ctx) return undefined;
    return {
      title: "Tolak pendaftaran KIM",
      paragraphs: [
        ...decreeParagraphs(ctx.summary),
        "Tulis alasan penolakan; alasan ini dikirim kepada pemohon. Pendaftaran lalu ditutup.",
      ],
      confirmLabel: "Tolak pendaftaran",
      fields: [{ name: "reason", label: "Alasan penolakan", required: true, multiline: true }],
    };
  },
  async perform(c, link, fields, use) {
    const ctx = await endorsementContext(c, link);
    const ids = parseOfficialRecordId(link.recordId);
    if (!ctx || !ids) return notApplicable;
    await rejectEndorsement(
      decisionDeps(c),
      ctx.actor,
      { registrationId: ids.registrationId, reason: fields.reason },
      { extra: [use] },
    );
    return {
      title: "Penolakan sudah dicatat",
      paragraphs: [`Penolakan pendaftaran ${ctx.summary.kimName} sudah dicatat dan pemohon diberi tahu alasannya.`],
    };
  },
};

const withdraw: ActionLinkHandler = {
  async describe(c, link) {
    const summary = await loadSummary(c, link.recordId);
    if (!summary || !isPending(summary.status)) return undefined;
    return {
      title: "Batalkan pendaftaran KIM",
      paragraphs: [
        `${summary.kimName}, Kampung/Kelurahan ${summary.villageName} (nomor pendaftaran ${summary.id}).`,
        "Pembatalan menghentikan proses pendaftaran dan tidak dapat diurungkan. Anda dapat mendaftar lagi kapan saja.",
      ],
      confirmLabel: "Batalkan pendaftaran",
      fields: [{ name: "reason", label: "Alasan pembatalan", required: false, multiline: true }],
    };
  },
  async perform(c, link, fields, use) {
    await withdrawRegistration(
      decisionDeps(c),
      applicantActor(link.recordId),
      { registrationId: link.recordId, reason: fields.reason },
      { extra: [use] },
    );
    return {
      title: "Pendaftaran sudah dibatalkan",
      paragraphs: ["Pembatalan sudah dicatat. Konfirmasinya dikirim ke e-mail kontak pendaftaran."],
    };
  },
};

const notApplicable = {
  title: "Tautan tidak berlaku lagi",
  paragraphs: ["Pendaftaran ini sudah tidak menunggu keputusan Anda."],
};

/** The handlers, by action name, for `ACTION_LINK_HANDLERS`. */
export const registrationActionLinkHandlers: Readonly<Record<string, ActionLinkHandler>> = {
  [REGISTRATION_LINK_ACTIONS.endorse]: endorse,
  [REGISTRATION_LINK_ACTIONS.rejectEndorsement]: rejectEndorsementLink,
  [REGISTRATION_LINK_ACTIONS.withdraw]: withdraw,
};
