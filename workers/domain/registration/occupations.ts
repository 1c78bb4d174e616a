/**
 * The fixed list of occupations a KIM member chooses from. Which of them exclude a person from
 * KIM membership is a setting (`kim.excludedOccupations`), not part of this list.
 */
export const OCCUPATIONS = {
  pelajar_mahasiswa: "Pelajar/Mahasiswa",
  petani: "Petani/Pekebun",
  nelayan: "Nelayan",
  pedagang: "Pedagang",
  wiraswasta: "Wiraswasta/UMKM",
  ibu_rumah_tangga: "Mengurus rumah tangga",
  buruh_harian: "Buruh harian lepas",
  tokoh_masyarakat: "Tokoh masyarakat/agama",
  pensiunan: "Pensiunan",
  tidak_bekerja: "Belum/tidak bekerja",
  asn: "Aparatur Sipil Negara (ASN/PNS)",
  pppk: "PPPK (pegawai pemerintah dengan perjanjian kerja)",
  karyawan_swasta: "Karyawan perusahaan swasta",
  tni_polri: "TNI/Polri",
  lainnya: "Lainnya",
} as const;

export type Occupation = keyof typeof OCCUPATIONS;
export const OCCUPATION_CODES = Object.keys(OCCUPATIONS) as [Occupation, ...Occupation[]];
