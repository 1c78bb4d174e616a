const formats = new Map<number, Intl.NumberFormat>();

/**
 * A number as Indonesians write it ("1.234,5"), with at most `maxFractionDigits` decimals. One
 * formatter per precision is kept: `toLocaleString` builds a new one on every call, which made
 * the statistics page spend most of its CPU formatting its tables.
 */
export function formatNumberId(value: number, maxFractionDigits = 1): string {
  let format = formats.get(maxFractionDigits);
  if (!format) {
    format = new Intl.NumberFormat("id-ID", { maximumFractionDigits: maxFractionDigits });
    formats.set(maxFractionDigits, format);
  }
  return format.format(value);
}
