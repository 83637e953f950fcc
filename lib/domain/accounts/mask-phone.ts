/**
 * Shows a phone number on screen without revealing it: "+380501234567" → "+380 •• ••• •• 67".
 * Ukrainian numbers keep the country code and the last two digits; others keep only the last two.
 */
export function maskPhone(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  const last = digits.slice(-2).padStart(2, '•');
  if (digits.startsWith('380') && digits.length === 12) return `+380 •• ••• •• ${last}`;
  return `+${'•'.repeat(Math.max(0, digits.length - 2))}${last}`;
}
