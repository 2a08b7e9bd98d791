// Old cases from a spreadsheet: an administrator checks a file on the Import page and every
// problem is listed; a large file is checked while they watch how far it has got; a clean file
// is imported, and the same file again is refused as already imported. Every page checked with
// axe-core, with and without JavaScript.
//
// The server is told not to wait for an import before answering (--import-wait-seconds 0), so
// its progress page is shown for any file that takes longer than the next page load to check.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JS_MODES, Person } from '../lib/browser.mjs';
import { signInAsAdministrator, withApp } from '../lib/suite.mjs';

const ctx = withApp({ cases: 20, args: ['--import-wait-seconds', '0'] });

const HEADER = 'reference,reported_on,description,categories,risk,address,status';

function csv(name, rows) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(`${HEADER}\n${rows.join('\n')}\n`) };
}

/** Send the form, then look again until the import has finished (a small file may be done
 *  before its page is asked for, or not). */
async function send(me, step) {
  const page = me.page;
  await page.getByRole('button', { name: 'Continue' }).click();
  for (let i = 0; i < 120 && /in progress/.test(await page.getByRole('heading', { level: 1 }).innerText()); i++) {
    await page.waitForTimeout(500);
    await page.getByRole('link', { name: 'See how far it has got' }).click();
  }
  await me.step(step);
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Import cases');
}

for (const { js, label } of JS_MODES) {
  describe(`importing old cases ${label}`, () => {
    test('an administrator checks a spreadsheet of old cases, watches a large one, then imports', async () => {
      const me = await Person.open(ctx.browser, { journey: 'import', js });
      const page = me.page;
      // Each run imports its own references: the second run's database has the first's cases.
      const prefix = js ? 'JS' : 'NOJS';
      await signInAsAdministrator(me, ctx.app);
      await page.getByRole('link', { name: 'Import', exact: true }).click();
      await me.step('import');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Import cases');

      // A category the partnership does not use: listed by file, row and column.
      await page.getByLabel('Cases file (CSV)').setInputFiles(
        csv('old-cases.csv', [`${prefix}-1,04/03/2024,Music at night,rubbish,standard,4 Mill Street,open`]),
      );
      await send(me, 'import-problems');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /1 problem in the files: nothing was imported/);
      assert.match(await page.locator('#problems').innerText(), /'rubbish' is not a category/);

      // Five thousand rows take long enough to check that the progress page is seen.
      const many = [];
      for (let i = 1; i <= 5000; i++) {
        many.push(`${prefix}-BIG-${i},04/03/2024,Music at night ${i},noise,standard,${i} Mill Street,open`);
      }
      await page.getByLabel('Cases file (CSV)').setInputFiles(csv('archive.csv', many));
      await page.getByRole('button', { name: 'Continue' }).click();
      await me.step('import-progress');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Check in progress');
      assert.match(await page.locator('#import-stage').innerText(), /^(Reading the files|Checking every case: \d+ of 5000 cases)\.$/);
      assert.match(await page.locator('main').innerText(), /You can leave this page: the import carries on/);
      for (let i = 0; i < 120 && /in progress/.test(await page.getByRole('heading', { level: 1 }).innerText()); i++) {
        await page.waitForTimeout(500);
        await page.getByRole('link', { name: 'See how far it has got' }).click();
      }
      await me.step('import-large-checked');
      assert.match(await page.locator('main').innerText(), /No problems found: 5000 cases would be imported/);
      assert.match(await page.locator('main').innerText(), /The first 200 are listed/);

      // The corrected file, imported.
      const clean = csv('old-cases.csv', [`${prefix}-1,04/03/2024,Music at night,noise,standard,4 Mill Street,open`]);
      await page.getByLabel('Cases file (CSV)').setInputFiles(clean);
      await page.getByLabel('Check and import').check();
      await send(me, 'import-done');
      assert.match(
        await page.locator('.govuk-notification-banner').innerText(),
        new RegExp(`1 case imported for ${ctx.app.logins['Administrator'].organisation}: ASB-\\d{4}-\\d+ to ASB-`),
      );

      // The same file again: nothing is imported twice.
      await page.getByLabel('Cases file (CSV)').setInputFiles(clean);
      await page.getByLabel('Check and import').check();
      await send(me, 'import-again');
      assert.match(await page.locator('#problems').innerText(), new RegExp(`'${prefix}-1' has already been imported`));
      await me.close();
    });
  });
}
