import { TeamsInfo, type TurnContext } from 'botbuilder';
import { renderHelpCard, renderWhoamiCard } from '../cards/core/render-core';
import type { AdaptiveCardJson } from '../cards/render';
import type { DirectoryService } from '../services/directory/directory-service';
import type { TenantPolicy } from '../services/access/tenant-policy';
import type { Command } from './commands';
import { cardMessage } from './messages';
import type { Actor } from './identity';

export interface CoreCommandDeps {
  readonly directory: DirectoryService;
  readonly tenants: TenantPolicy;
  readonly homeTenantName: string;
  readonly adminGroupId: string;
  readonly approverGroupId: string;
  /** All commands, for the help card (filled in once the full list exists). */
  readonly listCommands: () => readonly Command[];
}

export function helpCommand(deps: CoreCommandDeps): Command {
  // The list of commands is fixed once the bot is built, so the card is rendered once, on first use.
  let card: AdaptiveCardJson | undefined;
  const helpCard = () => {
    const commands = deps.listCommands().filter((c) => c.listed !== false);
    const buttons = commands
      .filter((c) => c.name !== 'help')
      .slice(0, 5)
      .map((c) => ({ title: sentenceCase(c.name), command: c.name }));
    return renderHelpCard({ commands: commands.map((c) => ({ name: c.name, description: c.description })), buttons });
  };
  return {
    name: 'help',
    aliases: ['?', 'commands', 'menu'],
    description: 'Show this list.',
    // A copy each time: middleware (the simulated-tenant banner) decorates the card it is given.
    run: (dc) => dc.context.sendActivity(cardMessage(structuredClone((card ??= helpCard())))),
  };
}

export function whoamiCommand(deps: CoreCommandDeps): Command {
  return {
    name: 'whoami',
    aliases: ['who am i'],
    description: 'Who I think you are: name, Entra object id, tenant, and whether you are an admin or approver.',
    run: async (dc, actor) => {
      await dc.context.sendActivity({ type: 'typing' });
      await dc.context.sendActivity(cardMessage(renderWhoamiCard(await whoamiData(dc.context, actor, deps))));
    },
  };
}

async function whoamiData(context: TurnContext, actor: Actor, deps: CoreCommandDeps) {
  const home = deps.tenants.isHome(actor.tenantId);
  const user = home && actor.aadObjectId ? await deps.directory.getUser(actor.aadObjectId) : undefined;
  const roles = user ? await deps.directory.memberships(user.id) : { isAdmin: false, isApprover: false };
  return {
    name: user?.displayName ?? actor.name,
    email: user?.mail ?? user?.userPrincipalName ?? (await emailFromChannel(context)),
    aadObjectId: actor.aadObjectId,
    tenantId: actor.tenantId,
    tenantName: home ? deps.homeTenantName : undefined,
    inDirectory: user ? (user.userType === 'Guest' ? 'guest' : 'member') : 'not-found',
    isAdmin: roles.isAdmin,
    isApprover: roles.isApprover,
    adminGroupId: deps.adminGroupId,
    approverGroupId: deps.approverGroupId,
  } as const;
}

/** Someone outside this directory (a partner): Teams itself knows their address. */
async function emailFromChannel(context: TurnContext): Promise<string | undefined> {
  try {
    const member = await TeamsInfo.getMember(context, context.activity.from.id);
    return member.email ?? member.userPrincipalName ?? undefined;
  } catch {
    return undefined;
  }
}

const sentenceCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
