// The console bundle's entry (widget/dist/console.js, served at /console/console.js):
// registers the console's elements and the widget's sign-in it reuses. Its own
// entry point, so nothing of the console reaches the customer widget's bundle.
import { define } from '../shared/define.js';
import { TpPasskeys } from '../passkeys/passkeys.js';
import { TpSignIn } from '../sign-in/sign-in.js';
import { TpConsole } from './console-app/console-app.js';
import { TpConsoleInbox } from './console-inbox/console-inbox.js';
import { TpConsoleOrganization } from './console-people/console-organization.js';
import { TpConsolePeople } from './console-people/console-people.js';
import { TpConsolePerson } from './console-people/console-person.js';
import { defineSettings } from './console-settings/index.js';
import { TpConsoleTicket } from './console-ticket/console-ticket.js';

define('tp-sign-in', TpSignIn);
define('tp-passkeys', TpPasskeys);
define('tp-console-inbox', TpConsoleInbox);
define('tp-console-people', TpConsolePeople);
define('tp-console-person', TpConsolePerson);
define('tp-console-organization', TpConsoleOrganization);
define('tp-console-ticket', TpConsoleTicket);
defineSettings();
define('tp-console', TpConsole);
