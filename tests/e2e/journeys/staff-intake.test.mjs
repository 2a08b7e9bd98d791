// A case officer records a phone report on the intake page, making mistakes first.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JS_MODES, Person } from '../lib/browser.mjs';
import { signIn, withApp } from '../lib/suite.mjs';

const ctx = withApp({ cases: 30 });

for (const { js, label } of JS_MODES) {
  describe(`staff intake ${label}`, () => {
    test('a case officer records a phone report after correcting mistakes', async () => {
      const me = await Person.open(ctx.browser, { journey: 'staff-intake', js });
      const page = me.page;
      await signIn(me, ctx.app, ctx.app.logins['Case officer'], 'sign-in');
      await page.getByRole('link', { name: 'Record a report' }).click();
      await me.step('intake-form');
      await page.getByRole('button', { name: 'Record report' }).click();
      await me.step('intake-mistakes');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Select how the report came in/);

      await page.getByRole('radio', { name: 'Phone', exact: true }).check();
      await page.getByLabel('What is happening').fill('Caller reports youths kicking a football against her door every evening.');
      await page.getByRole('checkbox', { name: 'Misuse of communal areas' }).check();
      await page.getByLabel('Where: address or description of the place').fill('Stairwell B, Linnet Court');
      for (const group of await page.locator('fieldset:has(input[value="no"])').all()) {
        await group.getByRole('radio', { name: 'No' }).check();
      }
      await page.getByLabel('Name', { exact: true }).fill('Grace Mensah');
      await page.getByLabel('Phone number').fill('07700 900321');
      await page.getByRole('button', { name: 'Record report' }).click();
      await me.step('new-case');
      assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /^ASB-\d{4}-\d{6}$/);
      assert.match(await page.locator('main').innerText(), /Grace Mensah/);
      await me.close();
    });
  });
}
