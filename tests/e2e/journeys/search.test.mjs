// Finding cases: a case officer jumps to a case by its reference from the search box on every
// staff page, finds it again by the complainant's name typed in another order and in lower
// case, and is told what to enter when the box is empty; then saves the Cases page's filters
// as a list of their own and finds it, with the cases they looked at, on their home page.
// Every page checked with axe-core, with and without JavaScript.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JS_MODES, Person } from '../lib/browser.mjs';
import { signIn, withApp } from '../lib/suite.mjs';

const ctx = withApp({ cases: 40 });

for (const { js, label } of JS_MODES) {
  describe(`search ${label}`, () => {
    test('a case officer finds a case by reference and by name', async () => {
      const me = await Person.open(ctx.browser, { journey: 'search', js });
      const page = me.page;
      await signIn(me, ctx.app, ctx.app.logins['Case officer'], 'sign-in');
      await me.step('worklist');

      // A case of theirs with a named person on it.
      await page.getByRole('link', { name: 'Cases', exact: true }).click();
      const references = await page.locator('main tbody th a').allInnerTexts();
      assert.ok(references.length > 0, 'the officer has cases');
      let reference;
      let name;
      for (const r of references) {
        await page.goto(`${ctx.app.base}/cases/${r}`);
        const people = page.locator('table', { has: page.locator('caption', { hasText: 'People involved in the case' }) });
        if (await people.count()) {
          const names = (await people.locator('tbody tr td:nth-child(2)').allInnerTexts()).filter((n) => n.trim().split(/\s+/).length >= 2);
          if (names.length) {
            [reference, name] = [r, names[0].trim()];
            break;
          }
        }
      }
      assert.ok(name, 'one of the cases names a person');

      const box = page.getByRole('search', { name: 'Cases' }).getByRole('searchbox');
      await box.fill(reference.toLowerCase());
      await page.getByRole('button', { name: 'Search cases' }).click();
      await me.step('jumped-to-case');
      assert.match(await page.locator('h1').innerText(), new RegExp(reference));

      const [first, ...rest] = name.toLowerCase().split(/\s+/);
      await page.getByRole('search', { name: 'Cases' }).getByRole('searchbox').fill(`${rest.join(' ')} ${first}`);
      await page.getByRole('button', { name: 'Search cases' }).click();
      await me.step('found-by-name');
      assert.match(await page.locator('main h2').first().innerText(), /cases? found/);
      assert.ok((await page.locator('main tbody th a').allInnerTexts()).includes(reference), `${name} finds ${reference}`);

      await page.getByLabel(/Case reference, name, address/).fill('');
      await page.locator('main').getByRole('button', { name: 'Search' }).click();
      await me.step('nothing-entered');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter a case reference, a name/);
      await me.close();
    });

    test('a case officer saves a list of cases and finds it on their home page', async () => {
      const me = await Person.open(ctx.browser, { journey: 'saved-lists', js });
      const page = me.page;
      await signIn(me, ctx.app, ctx.app.logins['Case officer'], 'sign-in');
      await page.getByRole('link', { name: 'Cases', exact: true }).click();
      await page.getByLabel('Risk').selectOption({ label: 'High' });
      await page.getByRole('button', { name: 'Apply filters' }).click();
      const listed = page.locator('main tbody th a');
      const first = (await listed.count()) ? await listed.first().innerText() : null;
      if (first) {
        await page.getByRole('link', { name: first, exact: true }).click();
        await page.goBack();
      }
      await page.getByRole('link', { name: 'Save these filters as a list' }).click();
      await me.step('save-list');
      assert.match(await page.locator('main').innerText(), /Your cases: not closed, high risk/);
      await page.getByRole('button', { name: 'Save the list' }).click();
      await me.step('save-list-unnamed');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter a name for the list/);
      await page.getByLabel('Name of the list').fill('My high risk cases');
      await page.getByRole('button', { name: 'Save the list' }).click();
      await me.step('lists');
      assert.match(await page.locator('.govuk-notification-banner').innerText(), /The list is saved/);

      await page.getByRole('link', { name: 'My worklist' }).click();
      await me.step('home');
      await page.getByRole('link', { name: 'My high risk cases' }).click();
      assert.match(page.url(), /risk=high/);
      if (first) {
        await page.getByRole('link', { name: 'My worklist' }).click();
        const recent = page.locator('table', { has: page.locator('th', { hasText: 'You looked' }) });
        assert.ok((await recent.locator('tbody th a').allInnerTexts()).includes(first), 'the case looked at is listed');
      }
      await page.goto(`${ctx.app.base}/cases/saved`);
      await page.getByRole('button', { name: 'Remove My high risk cases' }).click();
      await me.step('list-removed');
      assert.match(await page.locator('.govuk-notification-banner').innerText(), /The list is removed/);
      await me.close();
    });
  });
}
