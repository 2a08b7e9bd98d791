// Personal data requests: an administrator (after setting up two-step sign-in, which they must)
// finds a person on their organisation's cases after a mistake, sees what is held about them,
// finds the subject access bundle's downloads, and is told what an erasure needs. Every page
// checked with axe-core, with and without JavaScript.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JS_MODES, Person } from '../lib/browser.mjs';
import { signInAsAdministrator, withApp } from '../lib/suite.mjs';

const ctx = withApp({ cases: 40 });

for (const { js, label } of JS_MODES) {
  describe(`personal data requests ${label}`, () => {
    test('an administrator finds a person, sees what is held and what an erasure needs', async () => {
      const me = await Person.open(ctx.browser, { journey: 'privacy', js });
      const page = me.page;
      await signInAsAdministrator(me, ctx.app);
      await page.getByRole('link', { name: 'Personal data' }).click();
      await me.step('requests');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Personal data requests');
      assert.match(await page.locator('main').innerText(), /Closed cases are anonymised 6 years after they close/);

      await page.getByLabel('Name, email, phone number or address').fill('As');
      await page.getByRole('button', { name: 'Find' }).click();
      await me.step('search-mistake');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /at least 3 letters/);
      await page.getByLabel('Name, email, phone number or address').fill('Ashford');
      await page.getByRole('button', { name: 'Find' }).click();
      await me.step('found');
      const first = page.locator('tbody a').first();
      const name = (await first.innerText()).trim();
      await first.click();
      await me.step('person');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), name);
      assert.ok((await page.locator('tbody tr').count()) > 0, 'their cases are listed');
      assert.ok(await page.getByRole('link', { name: /Download the bundle to read and print/ }).isVisible());
      assert.ok(await page.getByRole('link', { name: /Download the bundle as data/ }).isVisible());

      await page.getByRole('button', { name: 'Erase this person' }).click();
      await me.step('erase-mistake');
      const problems = await page.locator('.govuk-error-summary').innerText();
      assert.match(problems, /Enter why the erasure is agreed/);
      assert.match(problems, /Confirm that you understand/);

      await me.close();
    });
  });
}
