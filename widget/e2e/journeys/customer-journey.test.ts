// Journey 1: a customer on the demo host site opens the launcher, signs in with
// the emailed code, opens a ticket, replies, attaches a file, and sees the
// support team's answer arrive live. Each step is a test on the same page.
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { openWidgetOnHost, signInWithEmailedCode, unique } from '../harness/actions.js';
import { useJourneys } from '../harness/journeys.js';

const world = useJourneys(import.meta.url);

describe('a customer on the host page', () => {
  const title = unique('Printer queue stuck');
  let page: Page;
  let panel: Locator;

  const conversation = () => panel.getByRole('region', { name: 'Conversation' });

  test('signs in with the emailed code from the launcher and creates a ticket', async () => {
    page = await world.page({ keep: 'file' });
    panel = await openWidgetOnHost(page, world.product.demoSite);
    await signInWithEmailedCode(panel, world.mailbox, 'alice@acme.example');

    await panel.getByRole('button', { name: 'New ticket' }).click();
    await panel.getByLabel('Title').fill(title);
    await panel.getByLabel('Description').fill('Jobs stay in the queue since this morning.');
    await panel.getByRole('button', { name: 'Create' }).click();

    await panel.getByRole('heading', { name: title }).waitFor();
    const stored = await world.admin.findTicket(title);
    expect(stored.title).toBe(title);
  });

  test('replies: no error, the box clears, and the message is there exactly once (defect 1)', async () => {
    const body = unique('Restarting the spooler did not help.');
    const box = conversation().getByLabel('Your message');
    await box.fill(body);
    await conversation().getByRole('button', { name: 'Send' }).click();

    await conversation().getByText(body).waitFor();
    // The form is done once Send is enabled again (an error would be on screen by then).
    await expect.poll(() => conversation().getByRole('button', { name: 'Send' }).isEnabled()).toBe(true);
    expect(await conversation().getByRole('alert').allTextContents()).toEqual([]);
    await expect.poll(() => box.inputValue(), { timeout: 5000 }).toBe('');
    expect(await conversation().getByText(body).count()).toBe(1);
    const stored = await world.admin.findTicket(title);
    expect(stored.messages.filter((m) => m.body === body)).toHaveLength(1);
  });

  test('attaches a file to a reply, and it downloads as sent', async () => {
    const content = `printer log ${unique('line')}\n`;
    await conversation().getByLabel('Your message').fill('Here is the printer log.');
    await conversation()
      .getByLabel('Attach files')
      .setInputFiles({ name: 'printer-log.txt', mimeType: 'text/plain', buffer: Buffer.from(content) });
    await conversation().getByRole('button', { name: 'Send' }).click();

    const file = conversation().getByRole('button', { name: 'Download printer-log.txt' });
    await file.waitFor();
    const download = page.waitForEvent('download');
    await file.click();
    const saved = await (await download).path();
    expect(await readFile(saved, 'utf8')).toBe(content);
  });

  test("an agent's reply arrives live, without reloading the page", async () => {
    await page.evaluate(() => Object.assign(window, { e2eSameDocument: true }));
    const answer = unique('We cleared the queue on our side, please try again.');
    const ticket = await world.admin.findTicket(title);
    await world.admin.reply(ticket.id, answer);

    await conversation().getByText(answer).waitFor();
    expect(await page.evaluate(() => 'e2eSameDocument' in window)).toBe(true);
  });
});
