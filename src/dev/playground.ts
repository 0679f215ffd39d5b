import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { childProcessEnv } from '../config';
import type { Logger } from '../services/logging/logger';

export interface PlaygroundPerson {
  readonly id: string;
  readonly displayName: string;
  readonly givenName: string;
  readonly surname: string;
  readonly mail: string;
}

export interface PlaygroundOptions {
  readonly messagesUrl: string;
  readonly tenantId: string;
  /** The first person is the Playground's current user; exactly five more are offered as other users. */
  readonly people: readonly PlaygroundPerson[];
  readonly port: number;
  readonly workDir: string;
  readonly logger: Logger;
}

export interface RunningPlayground {
  readonly url: string;
  stop(): void;
}

/**
 * Runs the Microsoft 365 Agents Playground (a local Teams-like chat client, a dev tool) against our bot, as the
 * people of the simulated tenant. It opens no browser: xdg-open is a no-op on its PATH.
 */
export async function startPlayground(o: PlaygroundOptions): Promise<RunningPlayground> {
  if (o.people.length < 6) throw new Error('startPlayground(): the Playground needs a current user and five more');
  mkdirSync(o.workDir, { recursive: true });
  const binDir = path.join(o.workDir, 'bin');
  mkdirSync(binDir, { recursive: true });
  writeFileSync(path.join(binDir, 'xdg-open'), '#!/bin/sh\nexit 0\n');
  chmodSync(path.join(binDir, 'xdg-open'), 0o755);
  writeFileSync(path.join(o.workDir, '.m365agentsplayground.yml'), JSON.stringify(playgroundConfig(o), null, 2));

  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  const child: ChildProcess = spawn(
    process.execPath,
    [cli, '-e', o.messagesUrl, '-c', 'msteams', '--disable-telemetry', '-p', String(o.port)],
    {
      cwd: o.workDir,
      env: childProcessEnv({
        PATH: `${binDir}${path.delimiter}${childProcessEnv({}).PATH ?? ''}`,
        TEAMSAPPTESTER_BROWSER: 'none',
        BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_LOGFILE: path.join(o.workDir, 'playground.log'),
      }),
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  child.stderr?.on('data', (d: Buffer) =>
    o.logger.debug({ playground: d.toString('utf8').trim() }, 'playground stderr'),
  );
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) =>
      reject(
        new Error(`the Agents Playground exited with code ${code}; see ${path.join(o.workDir, 'playground.log')}`),
      ),
    ),
  );
  await Promise.race([waitForPort(o.port, 60_000), exited]);
  exited.catch(() => undefined);
  return { url: `http://localhost:${o.port}`, stop: () => void child.kill('SIGTERM') };
}

function playgroundConfig(o: PlaygroundOptions) {
  const toUser = (p: PlaygroundPerson, i: number) => ({
    id: `user-id-${i}`,
    name: p.displayName,
    userPrincipleName: p.mail, // sic: the Playground's own spelling of the key
    aadObjectId: p.id,
    givenName: p.givenName,
    surname: p.surname,
    email: p.mail,
  });
  const [current, ...others] = o.people;
  return {
    version: '0.1.1',
    tenantId: o.tenantId,
    bot: { id: '00000000-0000-0000-0000-00000000b07a', name: 'Copilot Partner Access' },
    currentUser: toUser(current, 0),
    users: others.slice(0, 5).map((p, i) => toUser(p, i + 1)),
    // Each Playground is one person; their personal chats must be distinct conversations for the bot.
    personalChat: { id: `personal-chat-${current.id}` },
    groupChat: { id: 'group-chat-id', name: 'Security team chat' },
    team: {
      id: 'team-id',
      name: 'Security Operations',
      aadGroupId: '00000000-0000-0000-0000-00000000a11d',
      channels: [{ id: 'channel-approvals', name: 'Approvals' }],
    },
  };
}

function waitForPort(port: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve()));
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`the Agents Playground did not open port ${port} within ${ms} ms`));
        else setTimeout(attempt, 250);
      });
    };
    attempt();
  });
}
