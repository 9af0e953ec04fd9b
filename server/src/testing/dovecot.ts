import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../mail/smtp-test-peer.js';

/** Where Debian's dovecot-imapd puts the server; `npm test` installs it when missing (scripts/test.ts). */
export const DOVECOT_BIN = process.env.DOVECOT_PATH ?? '/usr/sbin/dovecot';

export interface TestDovecot {
  port: number;
  user: string;
  password: string;
  /** `imap://user:password@127.0.0.1:port/INBOX` */
  url: string;
  stop(): Promise<void>;
}

/**
 * A real Dovecot IMAP server for one test file: a throwaway config, user and
 * Maildir in a temp dir, listening on a free loopback port, run in the
 * foreground as a child process (never the system service, never port 143),
 * and stopped with its directory removed afterwards.
 */
export async function startDovecot(): Promise<TestDovecot> {
  if (!existsSync(DOVECOT_BIN)) {
    throw new Error(
      `${DOVECOT_BIN} not found: \`npm test\` installs Debian's dovecot-imapd (or run apt-get install dovecot-imapd)`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'tp-dovecot-'));
  const port = await freePort();
  const user = 'support';
  const password = 'test-password';
  const me = userInfo();
  // As root, Dovecot refuses to give mail to uid 0: the mailbox belongs to Debian's unprivileged `dovecot` user.
  const owner = me.uid === 0 ? 'dovecot' : me.username;
  const home = join(dir, 'home');
  mkdirSync(join(home, 'Maildir'), { recursive: true });
  if (me.uid === 0) {
    spawnSyncQuiet('chown', ['-R', `${owner}:${owner}`, home]);
    spawnSyncQuiet('chmod', ['755', dir]);
  }
  writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${password}:::::\n`);
  writeFileSync(
    join(dir, 'dovecot.conf'),
    `# Throwaway config written by server/src/testing/dovecot.ts
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = ${me.uid === 0 ? 'dovenull' : me.username}
default_internal_user = ${owner}
default_internal_group = ${me.uid === 0 ? 'dovecot' : me.username}
first_valid_uid = 0
mail_location = maildir:${home}/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${owner} gid=${owner} home=${home}
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
}
service submission-login {
  inet_listener submission {
    port = 0
  }
}
service lmtp {
  unix_listener lmtp {
    mode = 0600
  }
}
`,
  );
  const child: ChildProcess = spawn(DOVECOT_BIN, ['-F', '-c', join(dir, 'dovecot.conf')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  try {
    await waitForPort(port, 10_000, () => child.exitCode !== null);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`Dovecot did not start: ${error instanceof Error ? error.message : String(error)}\n${output}`);
  }
  return {
    port,
    user,
    password,
    url: `imap://${user}:${password}@127.0.0.1:${port}/INBOX`,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function spawnSyncQuiet(command: string, args: string[]): void {
  const result = spawnSync(command, args);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

async function waitForPort(port: number, timeoutMs: number, gaveUp: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (gaveUp()) throw new Error('the process exited');
    const open = await new Promise<boolean>((done) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        done(true);
      });
      socket.once('error', () => done(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
