import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  UserState,
  type BotAdapter,
} from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { Config } from '../config';
import type { TenantPolicy } from '../services/access/tenant-policy';
import type { DirectoryService } from '../services/directory/directory-service';
import type { Logger } from '../services/logging/logger';
import type { Database } from '../services/storage/types';
import type { Knowledge } from '../services/advisor/knowledge';
import { AccessBot } from './access-bot';
import { CardActionRouter } from './card-actions';
import { CommandRouter, type Command } from './commands';
import { ConversationRecorder } from './conversation-recorder';
import { advisorCommands } from './advisor-commands';
import { helpCommand, whoamiCommand } from './core-commands';
import { AdviseDialog } from './dialogs/advise-dialog';
import { MainDialog } from './dialogs/main-dialog';
import { SimulatedTenantNotice } from './simulated-notice';
import { StateStoreStorage } from './state-storage';
import { createTurnErrorHandler } from './turn-error';

export interface BotDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly db: Database;
  readonly directory: DirectoryService;
  readonly tenants: TenantPolicy;
  readonly home: { readonly tenantId: string; readonly displayName: string; readonly simulated: boolean };
  readonly adminGroupId: string;
  readonly approverGroupId: string;
  readonly knowledge: Knowledge;
}

export interface BotRuntime<A extends BotAdapter = CloudAdapter> {
  readonly adapter: A;
  readonly bot: AccessBot;
  readonly commands: CommandRouter;
}

/** The adapter Teams talks to: validates Bot Framework JWTs whenever an app id is configured. */
export function createCloudAdapter(config: Config): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.bot.appId ?? '',
    MicrosoftAppPassword: config.bot.appPassword ?? '',
    MicrosoftAppType: config.bot.appType,
    MicrosoftAppTenantId: config.bot.tenantId ?? '',
  });
  return new CloudAdapter(auth);
}

/**
 * Wires the Bot Framework side onto an adapter (the CloudAdapter in production, a TestAdapter in turn-level tests):
 * state over our storage, middleware, dialogs and commands.
 */
export function createBot<A extends BotAdapter>(deps: BotDeps, adapter: A): BotRuntime<A> {
  const storage = new StateStoreStorage(deps.db.state);
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);

  adapter.use(new ConversationRecorder(deps.db.conversations));
  if (deps.home.simulated) adapter.use(new SimulatedTenantNotice(deps.home.displayName));
  adapter.onTurnError = createTurnErrorHandler(deps.logger, conversationState);

  const commands: Command[] = [];
  const coreDeps = {
    directory: deps.directory,
    tenants: deps.tenants,
    homeTenantName: deps.home.displayName,
    adminGroupId: deps.adminGroupId,
    approverGroupId: deps.approverGroupId,
    listCommands: () => commands,
  };
  commands.push(
    helpCommand(coreDeps),
    whoamiCommand(coreDeps),
    ...advisorCommands({ knowledge: deps.knowledge, tenants: deps.tenants, homeTenantName: deps.home.displayName }),
  );
  const router = new CommandRouter(commands);

  const mainDialog = new MainDialog(conversationState.createProperty<DialogState>('dialogState'), router, [
    new AdviseDialog(deps.knowledge, deps.home.tenantId),
  ]);
  const bot = new AccessBot({
    conversationState,
    userState,
    mainDialog,
    cardActions: new CardActionRouter(),
    tenants: deps.tenants,
    homeTenantName: deps.home.displayName,
    logger: deps.logger,
  });
  return { adapter, bot, commands: router };
}
