import { describe, expect, it } from "vitest";
import { renderTemplate, type TemplateName, type TemplateParams, templates } from "../../workers/mail/templates";

const ctx = {
  publicBaseUrl: "https://simpul.beraukab.test",
  officeName: "Dinas Komunikasi dan Informatika Kabupaten Berau",
  regencyName: "Kabupaten Berau",
};
const kim = { kimName: "KIM Long La'ai Bersatu", villageName: "Kampung Long La'ai" };

/** Sample params for every template of the approval flow, and a line each rendering must contain. */
const samples: { [T in TemplateName]?: { params: TemplateParams<T>; says: string[] } } = {
  registration_endorsement_request: {
    params: {
      ...kim,
      kind: "final",
      decreeNumber: "141/12/SK-KPG/I/2026",
      decreeDate: "2026-01-12",
      decreeIssuer: "Kepala Kampung Long La'ai",
      dueAt: "2026-03-27T15:59:59Z",
      endorseLink: "/aksi/v1.endorse",
      rejectLink: "/aksi/v1.reject",
    },
    says: [
      "SK pembentukan: nomor 141/12/SK-KPG/I/2026, tanggal 12 Januari 2026",
      "sebelum 27 Maret 2026, 23.59 WITA",
      "Sahkan pendaftaran: https://simpul.beraukab.test/aksi/v1.endorse",
      "Tolak pendaftaran: https://simpul.beraukab.test/aksi/v1.reject",
    ],
  },
  registration_no_village_head: {
    params: { ...kim, dueAt: "2026-03-27T15:59:59Z", detailLink: "/pendaftaran/REG-7K3M9QXT2B" },
    says: [
      "tidak memiliki kepala kampung/lurah yang terdaftar",
      "https://simpul.beraukab.test/pendaftaran/REG-7K3M9QXT2B",
    ],
  },
  registration_endorsement_overdue: {
    params: {
      ...kim,
      firstDueAt: "2026-03-20T15:59:59Z",
      dueAt: "2026-03-27T15:59:59Z",
      villageHeadOnFile: true,
      detailLink: "/pendaftaran/REG-7K3M9QXT2B",
    },
    says: ["belum disahkan sampai tenggat 20 Maret 2026, 23.59 WITA", "Tenggat kedua: 27 Maret 2026, 23.59 WITA"],
  },
  registration_endorsed: {
    params: { ...kim, onBehalf: true, dueAt: "2026-03-27T15:59:59Z", trackingLink: "/daftar-kim/REG-7K3M9QXT2B" },
    says: [
      "Pendaftaran KIM Long La'ai Bersatu di Kampung Long La'ai telah disahkan kepala kampung/lurah dan menunggu verifikasi Diskominfo.",
      "atas nama kepala kampung/lurah",
      "paling lambat 27 Maret 2026, 23.59 WITA",
      "Pantau pendaftaran: https://simpul.beraukab.test/daftar-kim/REG-7K3M9QXT2B",
    ],
  },
  registration_verification_request: {
    params: { ...kim, resubmitted: true, dueAt: "2026-03-27T15:59:59Z", detailLink: "/pendaftaran/REG-7K3M9QXT2B" },
    says: ["sudah mengirim perbaikan", "Mohon verifikasi sebelum 27 Maret 2026, 23.59 WITA"],
  },
  registration_revision_request: {
    params: {
      ...kim,
      reminder: false,
      fields: [{ label: "SK pembentukan (nomor, tanggal, penerbit)", reason: "Nomor SK tidak terbaca." }],
      dueAt: "2026-03-27T15:59:59Z",
      formLink: "/kim/perbaikan/v1.token",
      trackingLink: "/daftar-kim/REG-7K3M9QXT2B",
    },
    says: [
      "• SK pembentukan (nomor, tanggal, penerbit): Nomor SK tidak terbaca.",
      "https://simpul.beraukab.test/kim/perbaikan/v1.token",
    ],
  },
  registration_rejected: {
    params: {
      ...kim,
      stage: "endorsement",
      reason: "SK belum ditandatangani.",
      trackingLink: "/daftar-kim/REG-7K3M9QXT2B",
    },
    says: ["ditolak pada tahap pengesahan kepala kampung/lurah", "Alasan: SK belum ditandatangani."],
  },
  registration_expired: {
    params: {
      ...kim,
      stage: "revision",
      reason: "Perbaikan tidak dikirim.",
      trackingLink: "/daftar-kim/REG-7K3M9QXT2B",
    },
    says: ["kedaluwarsa pada tahap perbaikan oleh pemohon", "Sebabnya: Perbaikan tidak dikirim."],
  },
  registration_withdrawn: {
    params: { ...kim, trackingLink: "/daftar-kim/REG-7K3M9QXT2B" },
    says: ["Pembatalan pendaftaran KIM Long La'ai Bersatu di Kampung Long La'ai sudah kami catat."],
  },
  registration_approved: {
    params: {
      ...kim,
      registrationNumber: "KIM-6403042001-001",
      certificateLink: "/kim/KIM-6403042001-001/sertifikat",
      membersLink: "/kim/KIM-6403042001-001/anggota",
    },
    says: [
      "Nomor registrasi KIM Anda: KIM-6403042001-001.",
      "https://simpul.beraukab.test/kim/KIM-6403042001-001/sertifikat",
    ],
  },
  registration_withdraw_link: {
    params: { ...kim, link: "/aksi/v1.withdraw", expiresAt: "2026-03-16T01:00:00Z" },
    says: ["berlaku sampai 16 Maret 2026, 09.00 WITA", "https://simpul.beraukab.test/aksi/v1.withdraw"],
  },
  kim_members_link: {
    params: {
      ...kim,
      registrationNumber: "KIM-6403042001-001",
      link: "/kim/ubah-anggota/v1.t",
      expiresAt: "2026-03-16T01:00:00Z",
    },
    says: ["https://simpul.beraukab.test/kim/ubah-anggota/v1.t"],
  },
  kim_members_changed: {
    params: {
      ...kim,
      registrationNumber: "KIM-6403042001-001",
      added: 1,
      removed: 2,
      updated: 3,
      at: "2026-03-13T01:00:00Z",
    },
    says: ["1 anggota ditambahkan, 2 dihapus, 3 diperbarui"],
  },
};

describe("approval flow mail templates", () => {
  for (const [name, sample] of Object.entries(samples)) {
    it(`${name}: renders in Indonesian with absolute links and a footer`, () => {
      const rendered = renderTemplate(name as TemplateName, sample?.params, ctx);
      if (!rendered.ok) throw new Error(`params do not fit: ${JSON.stringify(rendered.issues)}`);
      const mail = rendered.mail;
      for (const line of sample?.says ?? []) expect(mail.text).toContain(line);
      expect(mail.subject).not.toMatch(/\n/);
      expect(mail.text).toContain("Anda menerima email ini karena");
      expect(mail.html).toMatch(/^<!doctype html><html lang="id">/);
    });
  }

  it("marks every link that acts without signing in as sensitive, so it is blanked once sent", () => {
    expect(templates.registration_endorsement_request.sensitiveParams).toEqual(["endorseLink", "rejectLink"]);
    expect(templates.registration_revision_request.sensitiveParams).toEqual(["formLink"]);
    expect(templates.registration_withdraw_link.sensitiveParams).toEqual(["link"]);
    expect(templates.kim_members_link.sensitiveParams).toEqual(["link"]);
  });
});
