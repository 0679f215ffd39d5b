import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TestAdapter, type Activity } from 'botbuilder';
import { createBot } from '../../src/bot/create-bot';
import { BackgroundTasks } from '../../src/services/background';
import { createWorkers } from '../../src/services/workers';
import { DEFAULT_KNOWLEDGE } from '../../src/services/advisor/knowledge';
import { parseConfig } from '../../src/config';
import { startLocalTenant } from '../../src/dev/local-tenant';
import { TenantPolicy } from '../../src/services/access/tenant-policy';
import { DirectoryService } from '../../src/services/directory/directory-service';
import { createGraphClient } from '../../src/services/graph/graph-client';
import { createLogger } from '../../src/services/logging/logger';
import { openDatabase } from '../../src/services/storage/open-database';
import type { Person } from './activities';
import { CardClicks } from './card-clicks';
import { ADMIN_GROUP, APPROVER_GROUP, HOME_TENANT, seed } from './seed';

/**
 * A turn-level harness: the real bot on a TestAdapter (no network for the channel), with a real SQLite file and the
 * local tenant over real HTTP behind Graph.
 */
export async function startBotHarness(options: { simulatedNotice?: boolean; seed?: unknown } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cpa-bot-'));
  const tenant = await startLocalTenant({ port: 0, seed: options.seed });
  const db = await openDatabase(`sqlite:${path.join(dir, 'bot.db')}`);
  const graph = createGraphClient({ baseUrl: tenant.graphBaseUrl });
  const logger = createLogger({ level: 'silent' });
  // Dialog tests send many turns as one person within seconds; turn limits are proven over HTTP (test/http).
  const config = parseConfig({
    DATABASE_URL: `sqlite:${path.join(dir, 'bot.db')}`,
    RATE_LIMIT_TURNS_PER_MINUTE: '0',
    RATE_LIMIT_GRAPH_TURNS_PER_MINUTE: '0',
  });
  const adapter = new TestAdapter();
  const background = new BackgroundTasks(logger);
  const tenants = new TenantPolicy(graph, {
    homeTenantId: HOME_TENANT,
    partnerTenantIds: [],
    partnerDomains: ['fabrikam-mssp.example'],
  });
  const runtime = createBot(
    {
      config,
      logger,
      db,
      directory: new DirectoryService(graph, {
        homeTenantId: HOME_TENANT,
        adminGroupId: ADMIN_GROUP,
        approverGroupId: APPROVER_GROUP,
      }),
      tenants,
      home: {
        tenantId: HOME_TENANT,
        displayName: seed.tenant.displayName,
        simulated: options.simulatedNotice ?? false,
      },
      adminGroupId: ADMIN_GROUP,
      approverGroupId: APPROVER_GROUP,
      knowledge: DEFAULT_KNOWLEDGE,
      background,
      createWorkers: (hooks) =>
        createWorkers(
          {
            db,
            graph,
            tenantId: HOME_TENANT,
            clock: () => new Date(),
            owner: 'turn-tests',
            pimEnabled: false,
            partnerDomain: async (domain) => (await tenants.classifyDomain(domain)) === 'partner',
            lifecycle: config.lifecycle,
          },
          hooks,
        ),
    },
    adapter,
  );
  const logic = (context: Parameters<typeof runtime.bot.run>[0]) => runtime.bot.run(context);
  const clicks = new CardClicks();

  /**
   * Sends `text` (or a full activity) as `who`, returns every activity the bot sent in reply. A card submit `value`
   * gets the data of the newest button with its verb in that conversation, as a Teams client would send it.
   */
  async function say(who: Person, input: string | Partial<Activity>): Promise<Partial<Activity>[]> {
    const activity: Partial<Activity> = {
      type: 'message',
      channelId: 'msteams',
      from: { id: `29:${who.aadObjectId}`, name: who.name, aadObjectId: who.aadObjectId },
      conversation: {
        id: `a:personal-${who.aadObjectId}`,
        conversationType: 'personal',
        tenantId: who.tenantId,
        isGroup: false,
        name: '',
      },
      recipient: { id: '28:bot', name: 'Copilot Partner Access' },
      channelData: { tenant: { id: who.tenantId } },
      ...(typeof input === 'string' ? { text: input } : input),
    };
    const conversationId = activity.conversation!.id;
    activity.value = clicks.complete(conversationId, activity.value);
    adapter.activeQueue.splice(0);
    await adapter.processActivity(activity, logic);
    const replies = adapter.activeQueue.splice(0);
    clicks.remember(conversationId, replies);
    return replies;
  }

  return {
    adapter,
    runtime,
    background,
    db,
    tenant,
    say,
    clicks,
    close: async () => {
      await db.close();
      await tenant.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type BotHarness = Awaited<ReturnType<typeof startBotHarness>>;

/** The Adaptive Card content of a reply, if it has one. */
export function cardOf(activity: Partial<Activity> | undefined): { body: unknown[]; actions?: unknown[] } | undefined {
  const attachment = activity?.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  return attachment?.content as { body: unknown[]; actions?: unknown[] } | undefined;
}

/** Every `text` and fact value in a card, flattened, for assertions about what a person would read. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      for (const key of ['text', 'title', 'value']) if (typeof o[key] === 'string') out.push(o[key]);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out.join('\n');
}
