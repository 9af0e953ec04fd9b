// The people, places and words of the demo world. Plain data: seed.ts decides
// how much of it to use and when things happened.

/** Organizations with the email domain each claims. */
export const DEMO_ORGANIZATIONS = [
  { key: 'acme', name: 'Acme Corporation', domain: 'acme.example' },
  { key: 'globex', name: 'Globex', domain: 'globex.example' },
  { key: 'initech', name: 'Initech', domain: 'initech.example' },
] as const;
export type DemoOrgKey = (typeof DEMO_ORGANIZATIONS)[number]['key'];

export interface DemoPerson {
  name: string;
  email: string;
  org: DemoOrgKey | null;
  locale: 'en' | 'fr';
}

/** Customers: memorable names, most in an organization, three on their own. */
export const DEMO_CUSTOMERS: readonly DemoPerson[] = [
  { name: 'Alice Anderson', email: 'alice@acme.example', org: 'acme', locale: 'en' },
  { name: 'Bob Brown', email: 'bob@acme.example', org: 'acme', locale: 'en' },
  { name: 'Carol Chen', email: 'carol@acme.example', org: 'acme', locale: 'en' },
  { name: 'Dave Dubois', email: 'dave@acme.example', org: 'acme', locale: 'fr' },
  { name: 'Erin Evans', email: 'erin@acme.example', org: 'acme', locale: 'en' },
  { name: 'Frank Fischer', email: 'frank@globex.example', org: 'globex', locale: 'en' },
  { name: 'Grace Garcia', email: 'grace@globex.example', org: 'globex', locale: 'en' },
  { name: 'Heidi Hubert', email: 'heidi@globex.example', org: 'globex', locale: 'fr' },
  { name: 'Ivan Ivanov', email: 'ivan@globex.example', org: 'globex', locale: 'en' },
  { name: 'Judy Jones', email: 'judy@initech.example', org: 'initech', locale: 'en' },
  { name: 'Mallory Martin', email: 'mallory@initech.example', org: 'initech', locale: 'fr' },
  { name: 'Niaj Nakamura', email: 'niaj@initech.example', org: 'initech', locale: 'en' },
  { name: 'Oscar Olsen', email: 'oscar@mail.example', org: null, locale: 'en' },
  { name: 'Peggy Parker', email: 'peggy@mail.example', org: null, locale: 'en' },
  { name: 'Trent Taylor', email: 'trent@mail.example', org: null, locale: 'fr' },
];

/** The support team. */
export const DEMO_AGENTS: readonly Omit<DemoPerson, 'org'>[] = [
  { name: 'Sam Support', email: 'sam@example.com', locale: 'en' },
  { name: 'Tina Torres', email: 'tina@example.com', locale: 'en' },
  { name: 'Ulysse Urbain', email: 'ulysse@example.com', locale: 'fr' },
];

export const DEMO_ADMIN = { name: 'Ada Admin', email: 'admin@example.com', locale: 'en' } as const;

/** Projects and who follows them: organizations by key, users by email. */
export const DEMO_PROJECTS = [
  { key: 'website', name: 'Website redesign', orgs: ['acme'], users: ['oscar@mail.example'] },
  { key: 'mobile', name: 'Mobile app 2.0', orgs: ['globex'], users: ['alice@acme.example'] },
  { key: 'migration', name: 'Data migration', orgs: [], users: ['judy@initech.example', 'peggy@mail.example'] },
  { key: 'api', name: 'Public API v2', orgs: ['initech', 'acme'], users: [] },
  { key: 'onboarding', name: 'Customer onboarding', orgs: [], users: ['trent@mail.example', 'frank@globex.example'] },
] as const satisfies readonly { key: string; name: string; orgs: readonly DemoOrgKey[]; users: readonly string[] }[];

/** Ticket types the demo adds to the three defaults. */
export const DEMO_EXTRA_TYPES = [
  { key: 'access_request', name: 'Access request' },
  { key: 'task', name: 'Task' },
] as const;

/** Places in the product, used to vary titles. */
export const AREAS = [
  'checkout',
  'login page',
  'dashboard',
  'invoice export',
  'search',
  'mobile app',
  'reporting module',
  'user settings',
  'notifications',
  'file uploads',
  'billing page',
  'API',
  'calendar sync',
  'admin console',
] as const;

/** Title templates per ticket type key; `{area}` is replaced by one of AREAS. */
export const TITLES: Record<string, readonly string[]> = {
  incident: [
    'The {area} returns a 502 error',
    'The {area} is very slow since this morning',
    'Cannot save changes in the {area}',
    'Blank screen when opening the {area}',
    'Wrong totals shown in the {area}',
    'Password reset emails arrive hours late',
    'Two-factor codes are rejected',
    'Duplicate charges on our last invoice',
    'CSV export cuts off after 1,000 rows',
    'Timeouts when uploading large files',
    'Sessions expire after a few minutes',
    "The {area} shows another user's name",
    'Dates are off by one day in the {area}',
    'Webhook deliveries are failing',
    'Error "Something went wrong" in the {area}',
  ],
  feature_request: [
    'Dark mode for the {area}',
    'Export the {area} to PDF',
    'Let us filter the {area} by date range',
    'Bulk edit in the {area}',
    'Single sign-on with our identity provider',
    'Keyboard shortcuts for the {area}',
    'Show who changed what in the {area}',
    'Scheduled email reports',
    'Custom roles with finer permissions',
    'A French translation of the {area}',
    'Webhooks for new invoices',
    'Remember my sort order in the {area}',
  ],
  question: [
    'How do I invite a colleague?',
    "Where can I download last year's invoices?",
    'Is there a limit on the {area}?',
    'How do I change the owner of our account?',
    'Can the {area} be embedded in our intranet?',
    'What does the "pending" status mean in the {area}?',
    'Do you support SAML?',
    'How long do you keep deleted data?',
    'Can we get an offline copy of our data?',
    'Which browsers does the {area} support?',
  ],
  access_request: [
    'Please give Erin access to the {area}',
    'Admin rights for our new team lead',
    'Remove access for a former employee',
    'Read-only access to the {area} for our auditors',
    'API key for our staging environment',
  ],
  task: [
    'Design mockups for the {area}',
    'Migrate the {area} to the new database',
    'Write release notes for the {area}',
    'Review accessibility of the {area}',
    'Load-test the {area}',
    'Translate the {area} into French',
    'Clean up old records in the {area}',
    'Set up monitoring for the {area}',
    'Plan the rollout of the {area}',
    'Document the {area} for customers',
  ],
};

/** Opening descriptions per type key. */
export const DESCRIPTIONS: Record<string, readonly string[]> = {
  incident: [
    'Since about 9am several people on our team have hit this. It happens in Chrome and Firefox. Steps: open the {area}, click Save, wait a few seconds.',
    "We noticed this after yesterday's update. Nothing changed on our side. It blocks our month-end closing, so any workaround would help.",
    'This happens about one time in three. I attached what the browser console shows. Restarting does not help.',
    'Our customers are complaining. The {area} worked fine last week.',
  ],
  feature_request: [
    'It would save our team a lot of time if the {area} could do this. Today we copy everything into a spreadsheet by hand.',
    'Our auditors asked for this. Several other tools we use already offer it.',
    'Nice to have rather than urgent, but we would use it every day.',
  ],
  question: [
    'I could not find this in the help centre. Could you point me in the right direction?',
    'A colleague asked me and I was not sure. Thanks in advance!',
    'We are evaluating an upgrade and need to know before Friday.',
  ],
  access_request: [
    'Approved by our IT manager. Please set this up by the end of the week.',
    'They start on Monday and need it from day one.',
  ],
  task: [
    'Part of the project plan agreed at the kick-off. See the shared document for the details.',
    'Scope: everything in the {area}. Out of scope: the legacy screens.',
    "Follow-up from last week's review meeting.",
  ],
};

export const CUSTOMER_REPLIES = [
  'Thanks for the quick answer!',
  'I tried that, but it still happens.',
  'Here is a screenshot of what I see.',
  'Any news on this? It is blocking part of our team.',
  'That worked, thank you.',
  'It happened again this morning at 10:15.',
  'Could you give us an estimate?',
  'My colleague sees the same thing on her laptop.',
  'Great, we will test it on our side and let you know.',
];

export const AGENT_REPLIES = [
  'Thanks for reporting this. We are looking into it and will get back to you today.',
  'Could you tell us which browser and version you use?',
  'We have deployed a fix. Could you check on your side?',
  'This is planned for the next release. I will update this ticket when it ships.',
  'I have passed this on to the product team.',
  'You can do this under Settings → Team. Let me know if anything is unclear.',
  'We could reproduce the problem and are working on a fix.',
  'Done. You should see the change within a few minutes.',
];

export const INTERNAL_NOTES = [
  "Looks related to last week's deploy. Checking the logs.",
  'Customer is on the enterprise plan: keep them posted daily.',
  'Escalated to the backend team.',
  'Same root cause as the billing issue, linking them.',
  'Do not promise a date yet, the release is not scheduled.',
  'Asked engineering for an estimate.',
];

export const TIME_NOTES = [
  'Investigation',
  'Call with the customer',
  'Testing the fix',
  'Meeting',
  'Documentation',
  '',
];
