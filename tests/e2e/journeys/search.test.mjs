// Finding a case from the search box on every staff page: a case officer jumps to a case by
// its reference, finds it again by the complainant's name typed in another order and spelt in
// lower case, and is told what to enter when the box is empty. Every page checked with
// axe-core, with and without JavaScript.
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
  });
}
