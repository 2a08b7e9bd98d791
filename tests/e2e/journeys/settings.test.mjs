// An organisation's settings: a team manager opens Settings, changes the service standards,
// is told what is wrong with a mistake, puts it right, and sees the change kept with their
// name, then enters homes owned and the patches officers cover; the administrator cannot
// switch off their own account (the only administrator's), changes the analyst's roles, the
// retention periods and adds a category. Every page checked with axe-core, with and without
// JavaScript.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JS_MODES, Person } from '../lib/browser.mjs';
import { signIn, signInAsAdministrator, withApp } from '../lib/suite.mjs';

const ctx = withApp({ cases: 20 });

for (const { js, label } of JS_MODES) {
  describe(`settings ${label}`, () => {
    test('a team manager changes the service standards after a mistake', async () => {
      const manager = ctx.app.logins['Team manager'];
      const me = await Person.open(ctx.browser, { journey: 'settings', js });
      const page = me.page;
      await signIn(me, ctx.app, manager, 'sign-in');
      await page.getByRole('link', { name: 'Settings' }).click();
      await me.step('settings');
      await page.getByRole('link', { name: 'Service standards' }).click();
      await me.step('service-standards');
      const medium = page.getByRole('group', { name: 'Medium risk: first contact within' });
      await medium.getByLabel('Number').fill('three');
      await page.getByRole('button', { name: 'Save service standards' }).click();
      await me.step('service-standards-mistake');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /as a whole number/);
      await page.getByRole('group', { name: 'Medium risk: first contact within' }).getByLabel('Number').fill(js ? '2' : '4');
      await page.getByRole('button', { name: 'Save service standards' }).click();
      await me.step('service-standards-saved');
      assert.match(await page.locator('.govuk-notification-banner').innerText(), /The service standards are changed/);
      assert.match(await page.locator('main table').innerText(), new RegExp(`${manager.name}.*${js ? 2 : 4} working days \\(medium\\)`));

      await page.getByRole('link', { name: 'Settings', exact: true }).first().click();
      await page.getByRole('link', { name: 'Homes owned' }).click();
      await me.step('homes');
      await page.getByLabel('Homes owned at the end of that year').fill('many');
      await page.getByRole('button', { name: 'Enter homes' }).click();
      await me.step('homes-mistake');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /whole number/);
      await page.getByLabel('Homes owned at the end of that year').fill(js ? '4200' : '4300');
      await page.getByRole('button', { name: 'Enter homes' }).click();
      await me.step('homes-entered');
      assert.match(await page.locator('main').innerText(), new RegExp(js ? '4200' : '4300'));

      await page.getByRole('link', { name: 'Settings', exact: true }).first().click();
      await page.getByRole('link', { name: 'Patches' }).click();
      await me.step('patches');
      const first = page.locator('main form input[type=text]').first();
      await first.fill('x'.repeat(61));
      await page.getByRole('button', { name: 'Save patches' }).click();
      await me.step('patches-mistake');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /60 characters or fewer/);
      await page.locator('main form input[type=text]').first().fill(js ? 'Riverside' : 'Northgate');
      await page.getByRole('button', { name: 'Save patches' }).click();
      await me.step('patches-saved');
      assert.match(await page.locator('.govuk-notification-banner').innerText(), /The patches are saved/);
      await me.close();
    });

    test('the administrator keeps the organisation an administrator and changes an analyst', async () => {
      const me = await Person.open(ctx.browser, { journey: 'settings-accounts', js });
      const page = me.page;
      await signInAsAdministrator(me, ctx.app);
      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('link', { name: 'Staff accounts' }).click();
      await me.step('accounts');
      await page.locator('main').getByRole('link', { name: ctx.app.logins['Administrator'].name, exact: true }).click();
      await me.step('own-account');
      await page.getByLabel('No, switch off the account').check();
      await page.getByRole('button', { name: 'Save changes' }).click();
      await me.step('own-account-refused');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /only administrator/);
      await page.getByRole('link', { name: 'Staff accounts' }).click();
      await page.locator('main').getByRole('link', { name: ctx.app.logins['Analyst'].name, exact: true }).click();
      const teamManager = page.getByLabel('Team manager');
      if (js) await teamManager.check(); else await teamManager.uncheck();
      await page.getByRole('button', { name: 'Save changes' }).click();
      await me.step('analyst-changed');
      assert.match(await page.locator('.govuk-notification-banner').innerText(), /Their access is changed/);

      // Retention: checked for what it would remove before it is saved.
      await page.getByRole('link', { name: 'Settings', exact: true }).first().click();
      await page.getByRole('link', { name: 'Retention' }).click();
      await me.step('retention');
      await page.getByLabel(/Closed cases and finished case reviews/).fill(js ? '7' : '8');
      await page.getByRole('button', { name: 'Check what would be removed' }).click();
      await me.step('retention-check');
      assert.match(await page.locator('.govuk-warning-text').innerText(), /Not saved yet/);
      await page.getByRole('button', { name: 'Save these periods' }).click();
      await me.step('retention-saved');
      assert.match(await page.locator('.govuk-notification-banner').innerText(), /retention periods are changed/);

      // The category catalogue: a new category, after a mistake.
      await page.getByRole('link', { name: 'Settings', exact: true }).first().click();
      await page.getByRole('link', { name: 'Categories' }).click();
      await me.step('categories');
      await page.getByRole('link', { name: 'Add a category' }).click();
      await page.getByLabel('Name').fill('Noise');
      await page.getByRole('button', { name: 'Save the category' }).click();
      await me.step('category-mistakes');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /There is already a category called/);
      const name = js ? 'Dog fouling' : 'Abandoned trolleys';
      await page.getByLabel('Name').fill(name);
      await page.getByLabel('What it means').fill('Left on paths and in parks.');
      await page.getByLabel('3', { exact: true }).check();
      await page.getByLabel(/Environmental/).check();
      await page.getByRole('button', { name: 'Save the category' }).click();
      await me.step('category-saved');
      assert.match(await page.locator('.govuk-notification-banner').innerText(), /The category is saved/);
      assert.match(await page.locator('main table').first().innerText(), new RegExp(name));
      await me.close();
    });
  });
}
