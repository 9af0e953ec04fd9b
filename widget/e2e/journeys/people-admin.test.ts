// Journey (issue 11, people and audit): through the browser only, on the demo.
// The admin invites an agent by email from the console's People page; the agent
// follows the emailed link and lands in the console, signed in. The admin then
// changes a setting (creates and renames a project) and reads it in the audit log.
// Last, the admin deactivates the agent: the ticket she was working on goes back to the queue.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { signInWithEmailedCode, unique } from '../harness/actions.js';
import { AdminApi } from '../harness/api.js';
import { useJourneys } from '../harness/journeys.js';
import { signInLink } from '../harness/mailbox.js';

const ADMIN = 'admin@example.com';
const world = useJourneys(import.meta.url, { adminSetup: false });

describe('an admin manages people and reads the audit log', () => {
  let admin: Page;
  const agentEmail = `nina.${Math.random().toString(36).slice(2, 8)}@example.com`;

  test('the admin signs in on the console', async () => {
    admin = await world.page({ keep: 'file' });
    await admin.goto(`${world.product.api}/console`);
    await signInWithEmailedCode(admin, world.mailbox, ADMIN);
    await admin.getByRole('button', { name: 'Sign out' }).waitFor();
  });

  test('the admin invites an agent by email; the agent follows the emailed link into the console', async () => {
    await admin.getByRole('link', { name: 'People', exact: true }).click();
    await admin.getByRole('button', { name: 'Invite someone' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Invite someone by email' });
    await dialog.getByLabel('Email').fill(agentEmail);
    await dialog.getByLabel('Name (optional)').fill('Nina New');
    await dialog.getByLabel('Role').selectOption('agent');
    const since = world.mailbox.mark();
    await dialog.getByRole('button', { name: 'Send the invitation' }).click();
    await admin.getByRole('heading', { name: 'Nina New', exact: true }).waitFor();

    // The invitation: a sign-in link to the console, opened in another browser.
    const link = signInLink(await world.mailbox.latest(agentEmail, { since }));
    const agent = await world.page();
    await agent.goto(link);
    await agent.getByRole('button', { name: /sign in|continue/i }).click();
    await expect.poll(() => new URL(agent.url()).pathname).toMatch(/^\/console/);
    await agent.getByRole('button', { name: 'Sign out' }).waitFor();
    await agent.getByText(agentEmail).first().waitFor();
  });

  test('the admin changes a setting and sees it in the audit log', async () => {
    const name = unique('Launch');
    await admin.getByRole('link', { name: 'Settings', exact: true }).click();
    await admin.getByRole('link', { name: 'Projects', exact: true }).click();
    await admin.getByLabel('New project').fill(name);
    await admin.getByRole('button', { name: 'Create', exact: true }).click();
    const rename = admin.getByLabel('Name', { exact: true });
    await rename.fill(`${name} 2`);
    await admin.getByRole('button', { name: 'Save', exact: true }).click();
    await admin.getByRole('button', { name: `${name} 2`, exact: true }).waitFor();

    await admin.getByRole('link', { name: 'Audit log', exact: true }).click();
    const newest = admin.getByRole('list', { name: 'Audit log' }).getByRole('listitem').first();
    await expect.poll(() => newest.textContent()).toContain(`Ada Admin changed ${name}`);
    expect(await newest.textContent()).toContain(`name: ${name} → ${name} 2`);
    await admin.getByLabel('What changed').selectOption('project');
    await admin.getByText(`Ada Admin created ${name}`).waitFor();
  });

  test('the admin deactivates the agent; the ticket assigned to her goes back to the queue', async () => {
    const api = await AdminApi.signIn(world.product.api, world.mailbox, ADMIN);
    const nina = await api.user(agentEmail);
    const ticket = await api.createTicket({ requester: 'bob@acme.example', title: unique('Printer on fire') });
    await api.session.request('PATCH', `/admin/tickets/${ticket.id}`, { assigneeId: nina.id });

    await admin.getByRole('link', { name: 'People', exact: true }).click();
    await admin.getByRole('link', { name: /Nina New/ }).click();
    await admin.getByRole('button', { name: 'Deactivate', exact: true }).click();
    // Asked first, saying what happens to her tickets.
    const confirm = admin.getByRole('alert').filter({ hasText: 'Deactivate Nina New?' });
    expect(await confirm.textContent()).toContain('Tickets assigned to them go back to the queue');
    await confirm.getByRole('button', { name: 'Deactivate', exact: true }).click();
    await admin.getByText('Deactivated: cannot sign in.').waitFor();

    await admin.goto(`${world.product.api}/console/tickets/${ticket.id}`);
    const assignee = admin.getByLabel('Assignee', { exact: true });
    await expect
      .poll(() => assignee.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.text))
      .toBe('Unassigned');
    // She is no longer offered as an assignee.
    const offered = await assignee.evaluate((el) => [...(el as HTMLSelectElement).options].map((o) => o.text));
    expect(offered).not.toContain('Nina New');
    expect(offered.length).toBeGreaterThan(1);
  });
});
