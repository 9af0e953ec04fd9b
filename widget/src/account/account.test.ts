import { $, byText, cleanup, equal, expectAccessible, mount, type, waitFor, world } from '../../test/helpers.js';

describe('<tp-account>', () => {
  afterEach(cleanup);

  it('changes the name and the interface language, then signs out everywhere', async () => {
    const w = await world();
    const el = await mount({ token: w.tokens.carol });
    (await byText<HTMLButtonElement>(el, 'header button', 'Account')).click();
    await byText(el, 'h2', 'Account');
    await byText(el, 'p', 'carol@acme.test');
    await expectAccessible(el);
    type(await $<HTMLInputElement>(el, 'input#name'), 'Caroline Dupont');
    type(await $<HTMLSelectElement>(el, 'select#locale'), 'fr');
    (await byText<HTMLButtonElement>(el, 'button', 'Save')).click();
    await byText(el, 'h2', 'Compte');
    await byText(el, '[role=status]', 'Enregistré.');
    equal((await $<HTMLInputElement>(el, 'input#name')).value, 'Caroline Dupont');

    (await byText<HTMLButtonElement>(el, 'button', 'Se déconnecter partout')).click();
    // Signed out, the account's language no longer applies: the browser's does.
    await byText(el, 'h2', 'Sign in');
    equal(sessionStorage.getItem('tp:acme:access'), null, 'token forgotten');
    // The old token no longer works on the server either.
    const res = await fetch(`${w.api}/api/v1/me`, { headers: { authorization: `Bearer ${w.tokens.carol}` } });
    await waitFor(() => res.status === 401, 'old token refused');
  });
});
