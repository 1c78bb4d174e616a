/**
 * Masks for personal data in lists. Detail views show the whole value only to roles that need
 * it; NIK never exists whole outside the keyed hash, so only its last four digits can be shown.
 */

/**
 * Keeps the first character of the local part and the domain.
 *
 * @example
 * maskEmail("budi.santoso@example.go.id") // "b•••@example.go.id"
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "•••";
  return `${email.slice(0, 1)}•••${email.slice(at)}`;
}

/**
 * Keeps the first four and the last two digits, so a person can recognise their own number.
 *
 * @example
 * maskPhone("0812-3456-7890") // "0812••••••90"
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, "");
  if (digits.length < 8) return "••••";
  return `${digits.slice(0, 4)}${"•".repeat(digits.length - 6)}${digits.slice(-2)}`;
}

/**
 * The only display of a NIK: twelve dots and the stored last four digits.
 *
 * @example
 * displayNikLast4("0123") // "••••••••••••0123"
 */
export function displayNikLast4(last4: string): string {
  return `${"•".repeat(12)}${last4.slice(-4)}`;
}
