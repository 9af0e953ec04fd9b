// The panel bundle's entry (widget/dist/tickets-portal-panel.js): the views
// inside <tickets-portal>, loaded when the portal first opens (or at once when
// it is shown in place or full screen). Its shared modules come from the
// launcher (see widget/build/shared-modules.ts). Guarded: loading twice defines nothing twice.
import { TpAccount } from '../account/account.js';
import { TpConversation } from '../conversation/conversation.js';
import { TpPasskeys } from '../passkeys/passkeys.js';
import { define } from '../shared/define.js';
import { TpSignIn } from '../sign-in/sign-in.js';
import { TpTicketCreate } from '../ticket-create/ticket-create.js';
import { TpTicketDetail } from '../ticket-detail/ticket-detail.js';
import { TpTicketList } from '../ticket-list/ticket-list.js';

define('tp-sign-in', TpSignIn);
define('tp-ticket-list', TpTicketList);
define('tp-ticket-detail', TpTicketDetail);
define('tp-conversation', TpConversation);
define('tp-ticket-create', TpTicketCreate);
define('tp-account', TpAccount);
define('tp-passkeys', TpPasskeys);
