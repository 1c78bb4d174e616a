import { describe, expect, it } from "vitest";
import { templates } from "../../workers/mail/templates";

const ctx = {
  publicBaseUrl: "https://simpul.beraukab.test",
  officeName: "Dinas Komunikasi dan Informatika Kabupaten Berau",
  regencyName: "Kabupaten Berau",
};

describe("mail templates", () => {
  it("sign_in_link: Indonesian text, an absolute link and the expiry in WITA", () => {
    const mail = templates.sign_in_link.render(
      { link: "/masuk/tautan?token=abc123", expiresAt: "2026-03-13T01:15:00Z" },
      ctx,
    );
    expect(mail.subject).toBe("Tautan masuk ke Simpul");
    expect(mail.text).toBe(
      [
        "Tautan masuk ke Simpul",
        "",
        "Gunakan tautan berikut untuk masuk ke Simpul:",
        "",
        "https://simpul.beraukab.test/masuk/tautan?token=abc123",
        "",
        "Tautan ini berlaku sampai 13 Maret 2026, 09.15 WITA dan hanya dapat dipakai satu kali. Jangan teruskan email ini kepada siapa pun.",
        "",
        "Jika Anda tidak meminta tautan ini, abaikan email ini; akun Anda tetap aman.",
        "",
        "--",
        "Email ini dikirim oleh Dinas Komunikasi dan Informatika Kabupaten Berau, melalui Simpul (https://simpul.beraukab.test).",
        "Anda menerima email ini karena ada permintaan masuk ke Simpul dengan alamat email ini.",
        "Email ini dikirim otomatis; mohon tidak membalas ke alamat pengirim.",
        "",
      ].join("\n"),
    );
    expect(mail.html).toMatch(/^<!doctype html><html lang="id">/);
    expect(mail.html).toContain('href="https://simpul.beraukab.test/masuk/tautan?token=abc123"');
    expect(mail.html).toContain("13 Maret 2026, 09.15 WITA");
    expect(mail.html).toContain("Anda menerima email ini karena ada permintaan masuk ke Simpul");
  });

  it("deadline_reminder: escapes what callers pass and keeps the subject on one line", () => {
    const mail = templates.deadline_reminder.render(
      {
        item: 'Pendaftaran KIM <b>"Maju"</b>\r\nBcc: x@evil.test',
        action: "memverifikasi pendaftaran",
        dueAt: "2026-03-27T15:59:59Z",
        link: "/pendaftaran/KIM-2026-0001",
        reason: "Anda verifikator Bidang IKP Diskominfo Berau.",
      },
      ctx,
    );
    expect(mail.subject).toBe('Pengingat tenggat: Pendaftaran KIM <b>"Maju"</b> Bcc: x@evil.test');
    expect(mail.html).toContain("Pendaftaran KIM &lt;b&gt;&quot;Maju&quot;&lt;/b&gt;");
    expect(mail.html).not.toContain("<b>");
    expect(mail.text).toContain("mohon segera memverifikasi pendaftaran sebelum 27 Maret 2026, 23.59 WITA.");
    expect(mail.text).toContain("Buka: https://simpul.beraukab.test/pendaftaran/KIM-2026-0001");
    expect(mail.text).toContain("Anda menerima email ini karena Anda verifikator Bidang IKP Diskominfo Berau.");
  });

  it("deadline_escalation: names the level, who missed the deadline and links absolutely", () => {
    const mail = templates.deadline_escalation.render(
      {
        item: "Aspirasi ASP-2026-0042",
        action: "menindaklanjuti aspirasi",
        dueAt: "2026-03-20T15:59:59Z",
        responsible: "Dinas PUPR",
        level: 2,
        link: "/aspirasi/ASP-2026-0042",
        reason: "Anda Kepala Dinas PUPR.",
      },
      ctx,
    );
    expect(mail.subject).toBe("Eskalasi tingkat 2: Aspirasi ASP-2026-0042");
    expect(mail.text).toContain(
      "Aspirasi ASP-2026-0042: Dinas PUPR belum menindaklanjuti aspirasi sampai tenggat 20 Maret 2026, 23.59 WITA.",
    );
    expect(mail.html).toContain('href="https://simpul.beraukab.test/aspirasi/ASP-2026-0042"');
  });

  it("failed_mail_summary: lists failures in WITA and counts the ones not listed", () => {
    const mail = templates.failed_mail_summary.render(
      {
        since: "2026-03-12T00:00:00Z",
        total: 3,
        items: [
          { id: "row-1", template: "sign_in_link", failedAt: "2026-03-12T10:00:00Z", lastError: "HTTP mail API 503" },
          { id: "row-2", template: "deadline_reminder", failedAt: "2026-03-12T11:30:00Z", lastError: null },
        ],
        listPath: "/admin/email-gagal",
      },
      ctx,
    );
    expect(mail.subject).toBe("Simpul: 3 email gagal terkirim");
    expect(mail.text).toContain("Sejak 12 Maret 2026, 08.00 WITA, 3 email tidak dapat dikirim");
    expect(mail.text).toContain("- 12 Maret 2026, 18.00 WITA · sign_in_link · row-1: HTTP mail API 503");
    expect(mail.text).toContain("- 12 Maret 2026, 19.30 WITA · deadline_reminder · row-2: tanpa keterangan");
    expect(mail.text).toContain("… dan 1 email lainnya.");
    expect(mail.text).toContain("Periksa dan kirim ulang di: https://simpul.beraukab.test/admin/email-gagal");
    expect(mail.text).toContain("Anda menerima email ini karena Anda terdaftar sebagai administrator Simpul.");
  });

  it("refuses links that could point at another host", () => {
    for (const link of ["https://evil.test/masuk", "//evil.test/masuk", "masuk", "/masuk dan spasi"]) {
      const result = templates.sign_in_link.params.safeParse({ link, expiresAt: "2026-03-13T01:15:00Z" });
      expect(result.success, link).toBe(false);
    }
  });
});
