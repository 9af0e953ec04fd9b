// The Node side of the tests' commands: one handler per name of the command
// map (../commands.ts), which types both this side and the browser's. Starts
// the server harness with the runner and stops it after.
import type { BasicTestSession, TestRunnerPlugin } from '@web/test-runner';
import type { Answer, CommandName, Payload } from '../commands.js';
import { startHarness } from '../harness.js';
import { click, recorder, visitForeignHost, webauthn } from './devtools.js';

type Harness = Awaited<ReturnType<typeof startHarness>>;
type Handlers = {
  [K in CommandName]: (payload: Payload<K>, session: BasicTestSession) => Promise<Answer<K>> | Answer<K>;
};

function handlers(harness: () => Harness, foreignOrigin: string): Handlers {
  return {
    'tp-world': () => harness().world,
    'tp-code': ({ email }) => harness().lastCode(email),
    // The help desk's side of a live update, written straight to the database as an agent's action would be.
    'tp-agent-reply': async ({ ticketId, body }) => (await harness().agentReply(ticketId, body), null),
    'tp-set-status': async ({ ticketId, status }) => (await harness().setStatus(ticketId, status), null),
    'tp-new-ticket': ({ title }) => harness().newTicket(title),
    'tp-short-session': ({ user, tokenSeconds }) => harness().shortSession(user, tokenSeconds),
    'tp-advance-clock': ({ ms }) => (harness().advanceClock(ms), null),
    'tp-refresh-spent': ({ refreshToken }) => harness().refreshTokenSpent(refreshToken),
    'tp-identity-token': (claims) => harness().identityToken(claims),
    'tp-age-cookie-sessions': ({ user }) => harness().ageCookieSessions(user),
    'tp-webauthn-add': (_, session) => webauthn.add(session),
    'tp-webauthn-credentials': ({ authenticatorId }, session) => webauthn.credentials(session, authenticatorId),
    'tp-webauthn-remove': (_, session) => webauthn.remove(session),
    'tp-click': ({ x, y, count }, session) => click(session, x, y, count),
    'tp-record-start': (_, session) => recorder.start(session),
    'tp-record-stop': (_, session) => recorder.stop(session),
    'tp-foreign-host': ({ path }, session) => visitForeignHost(session, foreignOrigin, path),
  };
}

/**
 * Starts the server harness for the test pages' `origin` and answers the
 * tests' `tp-*` commands. Every answer travels as `{ answer }`: the runner
 * takes a bare null for "not mine". `foreignOrigin` serves the same pages
 * from a site the portal does not list.
 */
export function testCommands(origin: string, foreignOrigin: string): TestRunnerPlugin & { api(): string } {
  let harness: Harness | undefined;
  const running = () => {
    if (!harness) throw new Error('the server harness has not started');
    return harness;
  };
  const table = handlers(running, foreignOrigin);
  const isCommand = (name: string): name is CommandName => Object.hasOwn(table, name);
  return {
    name: 'tp-commands',
    api: () => running().world.api,
    async serverStart() {
      harness = await startHarness(origin);
    },
    async serverStop() {
      await harness?.stop();
    },
    async executeCommand({ command, payload, session }) {
      if (!isCommand(command)) return undefined;
      const handler = table[command] as (payload: unknown, session: BasicTestSession) => unknown;
      return { answer: await handler(payload, session) };
    },
  };
}
