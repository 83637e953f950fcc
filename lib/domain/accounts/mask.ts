/**
 * What an unauthenticated lookup may show (DESIGN rule 6): the street and building, never
 * the flat; the holder's initials, never the name.
 */
export function maskHolderName(fullName: string): string {
  return fullName
    .trim()
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .map((word) => `${word.charAt(0).toLocaleUpperCase('uk-UA')}.`)
    .join(' ');
}

export function maskAddress(street: string, houseNumber: string): string {
  return `${street}, ${houseNumber}`;
}
