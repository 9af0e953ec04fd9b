// The one list of the commands a widget test sends to the runner's Node side:
// each name with what it carries and what it answers. The browser side
// (helpers.ts, `command()`) and the plugin side (plugins/commands.ts, its
// handler map) are both typed by it, so a name or a payload cannot drift.
// Types only: nothing here runs.
import type { HostClaims, ShortSession, World } from './harness.js';

/** A passkey held by the virtual authenticator. */
export interface HeldCredential {
  id: string;
  signCount: number;
  resident: boolean;
}

export interface Recording {
  /** The page's console, as DevTools shows it: `type` is `error`, `warn`, `log`… */
  console: { type: string; text: string }[];
  /** `language`: the request's Accept-Language header as the page set it (null: none). */
  responses: { method: string; url: string; status: number; language: string | null }[];
}

/** What a visitor of a host page read in the panel, and what that tab's console showed. */
export interface ForeignVisit {
  alert: string;
  console: { source: string; type: string; text: string }[];
}

/** Command name → `payload` sent by the test, `answer` returned by the Node side. */
export interface TestCommands {
  /** Facts about the server the harness started. */
  'tp-world': { payload: undefined; answer: World };
  /** The code of the latest sign-in email to `email` (null: none yet). */
  'tp-code': { payload: { email: string }; answer: string | null };
  /** An agent answers on a ticket (the live-update stream sees it). */
  'tp-agent-reply': { payload: { ticketId: string; body: string }; answer: null };
  /** An agent moves a ticket to `status`. */
  'tp-set-status': { payload: { ticketId: string; status: string }; answer: null };
  /** A new ticket of Dana's; answers its id. */
  'tp-new-ticket': { payload: { title: string }; answer: string };
  /** A widget session whose bearer token lives `tokenSeconds`. */
  'tp-short-session': { payload: { user: 'alice' | 'dana'; tokenSeconds: number }; answer: ShortSession };
  /** Moves the server's clock on. */
  'tp-advance-clock': { payload: { ms: number }; answer: null };
  /** Whether a refresh token has been traded in. */
  'tp-refresh-spent': { payload: { refreshToken: string }; answer: boolean };
  /** An identity token as the host site's backend signs it. */
  'tp-identity-token': { payload: HostClaims; answer: string };
  /** Ages the user's full-screen sessions past "recent"; answers how many. */
  'tp-age-cookie-sessions': { payload: { user: 'pia' }; answer: number };
  /** Adds a virtual platform authenticator to this page; answers its id. */
  'tp-webauthn-add': { payload: undefined; answer: string };
  /** The passkeys an authenticator holds. */
  'tp-webauthn-credentials': { payload: { authenticatorId: string }; answer: HeldCredential[] };
  /** Removes this page's authenticators. */
  'tp-webauthn-remove': { payload: undefined; answer: null };
  /** Clicks at a point of the page with the real mouse (`count` 2: a double click). */
  'tp-click': { payload: { x: number; y: number; count: number }; answer: null };
  /** Starts recording this page's console and responses. */
  'tp-record-start': { payload: undefined; answer: null };
  /** Stops recording and answers what was seen. */
  'tp-record-stop': { payload: undefined; answer: Recording };
  /** Opens the launcher of a strict-CSP host page served from a foreign origin. */
  'tp-foreign-host': { payload: { path: string }; answer: ForeignVisit };
}

export type CommandName = keyof TestCommands;
export type Payload<K extends CommandName> = TestCommands[K]['payload'];
export type Answer<K extends CommandName> = TestCommands[K]['answer'];
