import { isRelationshipId } from './handoff-text';

export type ApprovalLinkResult =
  { readonly ok: true; readonly relationshipId: string } | { readonly ok: false; readonly message: string };

const HOST = 'admin.microsoft.com';
const PATH = /^\/adminportal\/home\/?$/i;
const ROUTE = /^#\/partners\/invitation\/granularAdminRelationships\/([^/?#]+)\/?(?:\?.*)?$/i;
const EXAMPLE = `https://${HOST}/AdminPortal/Home#/partners/invitation/granularAdminRelationships/<relationship id>`;

/**
 * The relationship id in a GDAP approval link, after checking that the link really is the Microsoft 365 admin
 * center's approval page: a look-alike host or path gets a clear refusal, never a best guess.
 */
export function parseApprovalLink(input: string): ApprovalLinkResult {
  const found = /https?:\/\/[^\s<>()[\]"']+/i.exec(input);
  if (!found)
    return {
      ok: false,
      message: `There is no link in that text. Paste the approval link, which looks like ${EXAMPLE}.`,
    };
  let url: URL;
  try {
    url = new URL(found[0]);
  } catch {
    return { ok: false, message: "That link is malformed; copy it again from the partner's message." };
  }
  if (url.hostname.toLowerCase() !== HOST)
    return {
      ok: false,
      message: `That link goes to ${url.hostname}, not ${HOST}. Approve GDAP relationships only in the Microsoft 365 admin center; do not open this link.`,
    };
  if (url.protocol !== 'https:') return { ok: false, message: `The approval link must start with https://${HOST}.` };
  const route = ROUTE.exec(url.hash);
  if (!PATH.test(url.pathname) || !route)
    return {
      ok: false,
      message: `That admin center link is not a GDAP approval page; the link should look like ${EXAMPLE}.`,
    };
  let id: string;
  try {
    id = decodeURIComponent(route[1] ?? '');
  } catch {
    id = route[1] ?? '';
  }
  if (!isRelationshipId(id))
    return {
      ok: false,
      message: `"${id}" is not a GDAP relationship id (a GUID, or two GUIDs joined by a hyphen); copy the link again in full.`,
    };
  return { ok: true, relationshipId: id.toLowerCase() };
}
