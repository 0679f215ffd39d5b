import { literal } from '../literal-text';
import { expandCard, type AdaptiveCardJson } from '../render';
import { Verbs } from '../verbs';
import helpTemplate from './help.json';
import linkTemplate from './link.json';
import noticeTemplate from './notice.json';
import welcomeTemplate from './welcome.json';
import whoamiTemplate from './whoami.json';

export interface HelpCommand {
  readonly name: string;
  readonly description: string;
}

export interface HelpCardData {
  readonly commands: readonly HelpCommand[];
  /** Commands offered as buttons, by name; each must be one of `commands`. */
  readonly buttons: readonly { readonly title: string; readonly command: string }[];
}

export function renderHelpCard(data: HelpCardData): AdaptiveCardJson {
  return expandCard(helpTemplate, {
    title: 'What I can do',
    intro: 'Type a command, or press a button. Commands are not case-sensitive.',
    commands: data.commands.map((c) => ({ name: literal(c.name), description: literal(c.description) })),
    buttons: data.buttons.map((b) => ({ ...b, verb: Verbs.runCommand })),
  });
}

export interface WhoamiCardData {
  readonly name: string;
  readonly email?: string;
  readonly aadObjectId?: string;
  readonly tenantName?: string;
  readonly tenantId?: string;
  readonly inDirectory: 'member' | 'guest' | 'not-found' | 'unknown';
  readonly isAdmin: boolean;
  readonly isApprover: boolean;
  readonly adminGroupId: string;
  readonly approverGroupId: string;
}

const DIRECTORY_STATUS: Record<WhoamiCardData['inDirectory'], string> = {
  member: 'Yes, a member',
  guest: 'Yes, a guest',
  'not-found': 'No (you are not a user of this tenant)',
  unknown: 'Could not be checked',
};

export function renderWhoamiCard(d: WhoamiCardData): AdaptiveCardJson {
  return expandCard(whoamiTemplate, {
    name: literal(d.name),
    email: d.email ? literal(d.email) : '(not known)',
    aadObjectId: d.aadObjectId ?? '(none: Teams sent no Entra object id)',
    tenant: literal(d.tenantName ? `${d.tenantName} (${d.tenantId ?? '?'})` : (d.tenantId ?? '(not known)')),
    directoryStatus: DIRECTORY_STATUS[d.inDirectory],
    admin: d.isAdmin ? 'Yes' : 'No',
    approver: d.isApprover ? 'Yes' : 'No',
    note: `Checked through Microsoft Graph just now: admins are members of group ${d.adminGroupId}, approvers of group ${d.approverGroupId}.`,
  });
}

export function renderWelcomeCard(d: { readonly tenantName: string }): AdaptiveCardJson {
  return expandCard(welcomeTemplate, {
    title: 'Copilot Partner Access',
    body: `I help ${literal(d.tenantName)} give its security partner (MSSP) time-bound, approved, least-privileged access to Microsoft Security Copilot, and I keep a record of every step.`,
    hint: 'Say "help" at any time to see what I can do.',
    verb: Verbs.runCommand,
  });
}

export type NoticeKind = 'info' | 'warning' | 'error';

export function renderNoticeCard(d: {
  readonly kind: NoticeKind;
  readonly title: string;
  readonly text: string;
  readonly reference?: string;
}): AdaptiveCardJson {
  return expandCard(noticeTemplate, {
    title: literal(d.title),
    text: literal(d.text),
    kind: d.kind,
    reference: d.reference ? `Reference: ${d.reference}` : '',
  });
}

export function renderLinkCard(d: {
  readonly tenantId: string;
  readonly tenantName?: string;
  readonly link: string;
  readonly resolvedFrom?: string;
}): AdaptiveCardJson {
  return expandCard(linkTemplate, {
    tenant: literal(d.tenantName ? `${d.tenantName}` : d.tenantId),
    link: d.link,
    resolved: literal(
      d.resolvedFrom ? `Found through the domain ${d.resolvedFrom}: tenant ${d.tenantId}.` : `Tenant ${d.tenantId}.`,
    ),
  });
}
