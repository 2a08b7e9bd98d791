// Personal data requests: an administrator (after setting up two-step sign-in, which they must)
// finds a person on their organisation's cases after a mistake, sees what is held about them,
// finds the subject access bundle's downloads, and is told what an erasure needs. Every page
// checked with axe-core, with and without JavaScript. Then they check a spreadsheet of old
// cases on the Import page: its problem is listed, and the corrected file passes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JS_MODES, Person } from '../lib/browser.mjs';
import { signIn, withApp } from '../lib/suite.mjs';
import { code } from '../lib/totp.mjs';

const ctx = withApp({ cases: 40 });

/** The administrator's authenticator key, once they have set up two-step sign-in. */
let key;

async function signInAsAdministrator(me) {
  await signIn(me, ctx.app, ctx.app.logins['Administrator'], 'sign-in');
  const page = me.page;
  if (!key) {
    await me.step('two-step-required');
    key = (await page.locator('.app-key').innerText()).trim();
    await page.getByLabel('Code from the app').fill(code(key));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
  } else {
    await me.step('code');
    await page.getByLabel('Code').fill(code(key, 1));
    await page.getByRole('button', { name: 'Continue' }).click();
  }
}

for (const { js, label } of JS_MODES) {
  describe(`personal data requests ${label}`, () => {
    test('an administrator finds a person, sees what is held and what an erasure needs', async () => {
      const me = await Person.open(ctx.browser, { journey: 'privacy', js });
      const page = me.page;
      await signInAsAdministrator(me);
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

      // Old cases from a spreadsheet: checked first, every problem listed, then clean.
      await page.getByRole('link', { name: 'Import', exact: true }).click();
      await me.step('import');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Import cases');
      const file = (category) => ({
        name: 'old-cases.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`reference,reported_on,description,categories,risk,address,status\nE2E-1,04/03/2024,Music at night,${category},standard,4 Mill Street,open\n`),
      });
      await page.getByLabel('Cases file (CSV)').setInputFiles(file('rubbish'));
      await page.getByRole('button', { name: 'Continue' }).click();
      await me.step('import-problems');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /1 problem in the files: nothing was imported/);
      assert.match(await page.locator('#problems').innerText(), /'rubbish' is not a category/);
      await page.getByLabel('Cases file (CSV)').setInputFiles(file('noise'));
      await page.getByRole('button', { name: 'Continue' }).click();
      await me.step('import-checked');
      assert.match(await page.locator('main').innerText(), /No problems found: 1 case would be imported/);
      await me.close();
    });
  });
}
