import { Layout } from "./layout";

/** The landing page: what Simpul is and for whom, in a few lines. */
export function HomePage({ regencyName, officeName }: { regencyName: string; officeName: string }) {
  return (
    <Layout title="Beranda" regencyName={regencyName}>
      <h1>Simpul: menghubungkan warga, KIM, dan perangkat daerah</h1>
      <p class="lead">
        Simpul adalah layanan {officeName} untuk menumbuhkan Kelompok Informasi Masyarakat (KIM) di setiap kampung dan
        kelurahan, dan memastikan setiap aspirasi warga sampai ke perangkat daerah yang tepat serta dijawab tepat waktu.
      </p>
      <ul class="cards">
        <li>
          <h2>Untuk warga</h2>
          <p>Sampaikan saran, pengaduan, atau permintaan informasi. Pantau tindak lanjutnya dengan kode laporan.</p>
          <p>
            <a href="/aspirasi" class="button">
              Sampaikan aspirasi
            </a>
          </p>
          <p>
            <a href="/lacak">Lacak laporan dengan kode</a> · <a href="/aspirasi/publik">Aspirasi yang sudah dijawab</a>
          </p>
        </li>
        <li>
          <h2>Untuk pengurus KIM</h2>
          <p>Daftarkan KIM kampung atau kelurahan Anda beserta pengurus dan anggotanya, lalu pantau prosesnya.</p>
          <p>
            <a href="/daftar-kim" class="button">
              Daftarkan KIM
            </a>
          </p>
        </li>
        <li>
          <h2>Untuk perangkat daerah</h2>
          <p>Periksa pendaftaran KIM, teruskan dan jawab aspirasi warga tepat waktu.</p>
          <p>
            <a href="/statistik">Statistik bulanan KIM dan aspirasi</a>
          </p>
          <p>
            <a href="/masuk">Masuk untuk pejabat</a>
          </p>
        </li>
      </ul>
      <p class="notice">
        Data pribadi Anda dilindungi sesuai UU 27/2022 tentang Pelindungan Data Pribadi. NIK tidak pernah ditampilkan
        utuh, dan nomor telepon tidak pernah tampil di halaman publik.
      </p>
      <h2>Untuk pengembang</h2>
      <p>
        <a href="/api/docs">Dokumentasi API</a> · <a href="/api/openapi.json">OpenAPI</a>
      </p>
    </Layout>
  );
}
