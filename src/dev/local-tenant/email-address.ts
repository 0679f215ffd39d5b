/** Characters Entra refuses in an invited address (microsoft-facts §2). */
export const FORBIDDEN_EMAIL_CHARACTERS = '~!#$%^&*()+=[]{}\\/|;:"<>?,';

/** Why an address cannot be invited, in a sentence a person understands; undefined when it is acceptable. */
export function emailAddressProblem(address: string): string | undefined {
  if (address.trim() === '') return 'The email address is empty.';
  if (/\s/.test(address)) return `The email address '${address}' contains a space, which is not allowed.`;
  for (const ch of address) {
    if (FORBIDDEN_EMAIL_CHARACTERS.includes(ch))
      return `The email address '${address}' contains the character '${ch}', which is not allowed.`;
  }
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(address))
    return `The email address '${address}' contains a control character, which is not allowed.`;
  const parts = address.split('@');
  if (parts.length !== 2) return `The email address '${address}' must contain exactly one '@'.`;
  const [local = '', domain = ''] = parts;
  if (local === '' || local.length > 64) return `The part before '@' in '${address}' must be 1 to 64 characters long.`;
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..'))
    return `The part before '@' in '${address}' cannot start or end with a dot or contain two dots in a row.`;
  if (address.length > 254) return `The email address '${address}' is longer than 254 characters.`;
  const labels = domain.split('.');
  if (
    labels.length < 2 ||
    labels.some((l) => !/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l)) ||
    !/^[A-Za-z]{2,}$/.test(labels.at(-1) ?? '')
  ) {
    return `The domain '${domain}' in '${address}' is not a valid domain name.`;
  }
  return undefined;
}

export function emailDomain(address: string): string {
  return (address.split('@')[1] ?? '').toLowerCase();
}
