import { CloudAdapter, UserState, type BotAdapter, type TurnContext } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { Config } from '../config';
import { PersonIdentity } from '../services/access/person-identity';
import type { TenantPolicy } from '../services/access/tenant-policy';
import type { Knowledge } from '../services/advisor/knowledge';
import type { BackgroundTasks } from '../services/background';
import type { DirectoryService } from '../services/directory/directory-service';
import type { Logger } from '../services/logging/logger';
import type { GdapClient } from '../services/gdap/gdap-client';
import type { GdapEvents } from '../services/gdap/gdap-run';
import type { ProvisioningEvents } from '../services/provisioning/provisioning-types';
import { RequestService } from '../services/requests/request-service';
import { DEFAULT_REQUEST_POLICY, type RequestPolicy } from '../services/requests/validate-request';
import type { Database } from '../services/storage/types';
import { AccessBot } from './access-bot';
import { advisorCommands } from './advisor-commands';
import { CardActionRouter } from './card-actions';
import { CommandRouter, type Command } from './commands';
import { gateCommands, type FeatureAvailability } from './permission-gate';
import { ConversationRecorder } from './conversation-recorder';
import { helpCommand, whoamiCommand } from './core-commands';
import { actorOf } from './identity';
import { AdviseDialog } from './dialogs/advise-dialog';
import { MainDialog } from './dialogs/main-dialog';
import { Notifier } from './notifier';
import { ApprovalCards } from './requests/approval-cards';
import { ProvisioningNotices } from './requests/provisioning-notices';
import { RequestActions, type Provisioner } from './requests/request-actions';
import { requestCommands } from './requests/request-commands';
import { RequestDialog } from './requests/request-dialog';
import { SimulatedTenantNotice } from './simulated-notice';
import { PersonalConversationState } from './personal-state';
import { StateStoreStorage } from './state-storage';
import { createTurnErrorHandler } from './turn-error';
import { botAuthSettings, TokenCheckingAuthentication } from './bot-auth';
import { TurnRateLimit } from './turn-rate-limit';
import { TurnLimiter } from '../services/rate-limit/turn-limiter';
import { postgresPoolOf } from '../services/storage/postgres-database';
import { AdminBroadcast } from './admin-broadcast';
import { GdapNewDialog } from './gdap/gdap-new-dialog';
import { GdapNotices } from './gdap/gdap-notices';
import { gdapPartnerCommands, registerGdapPartnerActions } from './gdap/gdap-partner-commands';
import { GdapReviewDialog, gdapReviewCommands } from './gdap/gdap-review';
import { LifecycleNotices } from './lifecycle/lifecycle-notices';
import { lifecycleCommands, registerLifecycleActions } from './lifecycle/lifecycle-actions';
import type { JobHandler, LifecycleNotifications, LifecycleService } from '../services/lifecycle';
import { registerSupportActions } from './support/support-actions';
import { SUPPORT_DIALOG, SupportDialog } from './support/support-dialog';
import { SupportService } from '../services/support/support-service';

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
  readonly background: BackgroundTasks;
  /** Builds provisioning once the bot can report on it (the events need the bot's cards and notifier). */
  readonly createWorkers: (hooks: {
    provisioning: ProvisioningEvents;
    lifecycle: LifecycleNotifications;
    gdap: GdapEvents;
  }) => {
    readonly provisioner: Provisioner;
    readonly lifecycle: LifecycleService;
    /** The partner-side GDAP client and the scheduler handlers that poll relationships. */
    readonly gdap?: { readonly client: GdapClient; readonly jobHandlers: Record<string, JobHandler> };
  };
  readonly clock?: () => Date;
  /** What the Graph permission self-check found; commands whose feature is off say so. */
  readonly features?: FeatureAvailability;
}

export interface BotRuntime<A extends BotAdapter = CloudAdapter> {
  readonly adapter: A;
  readonly bot: AccessBot;
  readonly commands: CommandRouter;
  readonly requests: RequestService;
  readonly provisioner: Provisioner;
  readonly lifecycle: LifecycleService;
  readonly gdap?: { readonly jobHandlers: Record<string, JobHandler> };
}

/** The adapter Teams talks to: validates Bot Framework JWTs whenever an app id is configured. */
export function createCloudAdapter(config: Config): CloudAdapter {
  return new CloudAdapter(new TokenCheckingAuthentication(botAuthSettings(config)));
}

export function requestPolicyOf(config: Config): RequestPolicy {
  return {
    ...DEFAULT_REQUEST_POLICY,
    maxDurationDays: config.requests.maxDurationDays,
    allowUntilRevoked: config.requests.allowUntilRevoked,
    dayMs: config.lifecycle.dayMs,
  };
}

/**
 * Wires the Bot Framework side onto an adapter (the CloudAdapter in production, a TestAdapter in turn-level tests):
 * state over our storage, middleware, dialogs, commands and card actions.
 */
export function createBot<A extends BotAdapter>(deps: BotDeps, adapter: A): BotRuntime<A> {
  const { config, db, logger } = deps;
  const storage = new StateStoreStorage(db.state);
  // Dialogs and drafts belong to a person, not to the conversation: in a channel many people talk to one bot.
  const personalState = new PersonalConversationState(storage);
  const userState = new UserState(storage);

  // Limits come first, so a flood costs one counter update per turn and reaches nothing else.
  const routing: { router?: CommandRouter } = {};
  const limiter = new TurnLimiter({ limits: config.rateLimits, audit: db.audit, pool: postgresPoolOf(db) });
  adapter.use(new TurnRateLimit(limiter, (text) => routing.router?.parse(text)?.command.name, logger));
  const identity = new PersonIdentity(db.conversations, deps.tenants);
  adapter.use(new ConversationRecorder(db.conversations, deps.tenants, identity));
  if (deps.home.simulated) adapter.use(new SimulatedTenantNotice(deps.home.displayName));
  adapter.onTurnError = createTurnErrorHandler(logger, personalState);

  const policy = requestPolicyOf(config);
  const requests = new RequestService({
    requests: db.requests,
    audit: db.audit,
    directory: deps.directory,
    tenants: deps.tenants,
    conversations: db.conversations,
    policy,
    clock: deps.clock,
  });
  const notifier = new Notifier(adapter, config.bot.appId ?? '', db.conversations, logger, identity);
  const cards = new ApprovalCards({
    db,
    directory: deps.directory,
    notifier,
    policy,
    delivery: config.requests.approvalDelivery,
    logger,
  });
  const admins = new AdminBroadcast({ db, directory: deps.directory, notifier, logger });
  const { provisioner, lifecycle, gdap } = deps.createWorkers({
    provisioning: new ProvisioningNotices(cards, notifier, deps.home),
    lifecycle: new LifecycleNotices({ notifier, admins, home: deps.home, maxDays: policy.maxDurationDays }),
    gdap: new GdapNotices(notifier),
  });
  // The partner-side deployment (in the MSSP's own tenant) creates GDAP relationships; the customer side only reviews.
  const gdapPartner =
    config.gdap.partner && gdap ? { client: gdap.client, directory: deps.directory, audit: db.audit } : undefined;
  const cardActions = new CardActionRouter();
  const requestActions = new RequestActions({
    requests,
    cards,
    notifier,
    provisioner,
    directory: deps.directory,
    background: deps.background,
  });
  requestActions.register(cardActions);
  const lifecycleDeps = {
    db,
    lifecycle,
    requests,
    cards,
    directory: deps.directory,
    background: deps.background,
    home: deps.home,
    identity,
    clock: deps.clock ?? (() => new Date()),
  };
  registerLifecycleActions(cardActions, lifecycleDeps);
  if (gdapPartner) registerGdapPartnerActions(cardActions, gdapPartner);

  const support = new SupportService({
    state: db.state,
    audit: db.audit,
    directory: deps.directory,
    clock: deps.clock,
  });
  registerSupportActions(cardActions, {
    support,
    cardPosts: db.cardPosts,
    notifier,
    background: deps.background,
    home: deps.home,
  });
  const emailOf = (context: TurnContext) => identity.emailOf(actorOf(context));

  const gdapReviewDeps = { audit: db.audit, knowledge: deps.knowledge, maxDurationDays: 730 };
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
    ...requestCommands({ requests, cards, directory: deps.directory, settings: db.settings, audit: db.audit }),
    {
      name: 'support',
      aliases: ['support case', 'problem', 'report a problem'],
      description:
        'A problem with Security Copilot? Describe it and the admins open the Microsoft support case for you.',
      run: (dc) => dc.beginDialog(SUPPORT_DIALOG),
    },
    ...lifecycleCommands(lifecycleDeps),
    ...gdapReviewCommands(gdapReviewDeps),
    ...(gdapPartner ? gdapPartnerCommands(gdapPartner) : []),
    ...advisorCommands({ knowledge: deps.knowledge, tenants: deps.tenants, homeTenantName: deps.home.displayName }),
  );
  const router = new CommandRouter(deps.features ? gateCommands(commands, deps.features) : commands);
  routing.router = router;

  const mainDialog = new MainDialog(personalState.createProperty<DialogState>('dialogState'), router, [
    new AdviseDialog(deps.knowledge, deps.home.tenantId),
    new GdapReviewDialog(gdapReviewDeps),
    ...(gdapPartner ? [new GdapNewDialog({ requests, cards, tenants: deps.tenants, client: gdapPartner.client })] : []),
    new SupportDialog({ support, admins, cardPosts: db.cardPosts, home: deps.home, emailOf }),
    new RequestDialog(requests, cards, (request) =>
      deps.background.run(`provision ${request.id}`, () => provisioner.run(request.id)),
    ),
  ]);
  const bot = new AccessBot({
    personalState,
    userState,
    mainDialog,
    cardActions,
    requestActions,
    tenants: deps.tenants,
    homeTenantName: deps.home.displayName,
    logger,
    audit: db.audit,
  });
  return {
    adapter,
    bot,
    commands: router,
    requests,
    provisioner,
    lifecycle,
    ...(gdap ? { gdap: { jobHandlers: gdap.jobHandlers } } : {}),
  };
}
