// The bundle's entry: registers the elements (guarded: the script may be
// included twice) and, for `<script src=… data-portal=…>`, adds the launcher.
import { TpAccount } from './account/account.js';
import { TpConversation } from './conversation/conversation.js';
import { TpPasskeys } from './passkeys/passkeys.js';
import { define } from './shared/define.js';
import { TpSignIn } from './sign-in/sign-in.js';
import { TpTicketCreate } from './ticket-create/ticket-create.js';
import { TpTicketDetail } from './ticket-detail/ticket-detail.js';
import { TpTicketList } from './ticket-list/ticket-list.js';
import { TicketsPortal } from './tickets-portal/tickets-portal.js';

define('tp-sign-in', TpSignIn);
define('tp-ticket-list', TpTicketList);
define('tp-ticket-detail', TpTicketDetail);
define('tp-conversation', TpConversation);
define('tp-ticket-create', TpTicketCreate);
define('tp-account', TpAccount);
define('tp-passkeys', TpPasskeys);
define('tickets-portal', TicketsPortal);

/** The script tag alone: one launcher per portal, however many times the script is included. */
function autoEmbed(script: HTMLScriptElement | null): void {
  const slug = script?.dataset.portal;
  if (!script?.src || !slug) return;
  const existing = [...document.querySelectorAll('tickets-portal')].some((el) => el.getAttribute('portal') === slug);
  if (existing) return;
  const el = document.createElement('tickets-portal');
  el.setAttribute('portal', slug);
  el.setAttribute('api', new URL(script.src, location.href).origin);
  el.setAttribute('mode', 'embedded');
  for (const name of ['locale', 'identityToken'] as const) {
    const value = script.dataset[name];
    if (value) el.setAttribute(name === 'identityToken' ? 'identity-token' : name, value);
  }
  const add = () => document.body.append(el);
  if (document.body) add();
  else addEventListener('DOMContentLoaded', add, { once: true });
}

autoEmbed(
  (document.currentScript as HTMLScriptElement | null) ??
    document.querySelector<HTMLScriptElement>('script[data-portal][src*="tickets-portal"]'),
);
