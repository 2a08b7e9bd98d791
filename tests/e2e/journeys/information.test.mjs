// The public information pages: a resident reads what happens after they report, with the
// service standards from the settings, before starting the form; the council's administrator
// previews a change to a page, publishes it, and the resident sees it. Every page checked with
// axe-core, with and without JavaScript.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JS_MODES, Person } from '../lib/browser.mjs';
import { signInAsAdministrator, withApp } from '../lib/suite.mjs';

const ctx = withApp({ cases: 20 });

for (const { js, label } of JS_MODES) {
  describe(`information pages ${label}`, () => {
    test('a resident reads what happens after they report, then an administrator changes a page', async () => {
      const resident = await Person.open(ctx.browser, { journey: 'information-resident', js });
      await resident.visit(`${ctx.app.base}/report`, 'start');
      await resident.page.getByRole('link', { name: 'What happens after you report' }).click();
      await resident.step('after-you-report');
      assert.equal(await resident.page.getByRole('heading', { level: 1 }).innerText(), 'What happens after you report');
      assert.match(await resident.page.locator('#contact-cadence').innerText(), /at least every 10 working days/);
      await resident.page.getByRole('link', { name: 'All information', exact: true }).click();
      await resident.step('index');
      await resident.page.getByRole('link', { name: 'Reporting anonymously' }).click();
      await resident.step('anonymous');
      assert.match(await resident.page.locator('main').innerText(), /We cannot contact you/);

      const me = await Person.open(ctx.browser, { journey: 'information-admin', js });
      const page = me.page;
      await signInAsAdministrator(me, ctx.app);
      await page.getByRole('link', { name: 'Settings' }).click();
      await me.step('settings');
      await page.getByRole('link', { name: 'Public information pages' }).click();
      await me.step('public-pages');
      await page.getByRole('link', { name: 'Contact the anti-social behaviour team' }).click();
      await me.step('edit');
      await page.getByLabel('Text').fill('Call us on <b>01234</b>.');
      await page.getByRole('button', { name: 'Publish' }).click();
      await me.step('edit-mistake');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /has HTML in it/);
      const words = `Call ((organisation)) on [01234 567890](tel:01234567890), ${js ? 'with' : 'without'} JavaScript.`;
      await page.getByLabel('Text').fill(words);
      await page.getByRole('button', { name: 'Preview' }).click();
      await me.step('preview');
      assert.match(await page.locator('.app-preview').innerText(), /Call Ashford Vale District Council on 01234 567890/);
      await page.getByRole('button', { name: 'Publish' }).click();
      await me.step('published');
      assert.match(await page.locator('.govuk-notification-banner').innerText(), /The page is published/);
      await me.close();

      await resident.visit(`${ctx.app.base}/information/contact-us`, 'contact');
      assert.match(await resident.page.locator('main').innerText(), new RegExp(`on 01234 567890, ${js ? 'with' : 'without'} JavaScript`));
      await resident.close();
    });
  });
}
