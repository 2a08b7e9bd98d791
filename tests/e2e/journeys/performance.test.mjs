// Performance: a team manager reads the quarter's figures, switches to the whole partnership,
// filters by risk, follows a figure to the cases behind it, sets a target (after a mistake) and
// sees it beside its figure; a resident reads the landlord's published figures without signing
// in. Every page checked with axe-core, with and without JavaScript.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JS_MODES, Person } from '../lib/browser.mjs';
import { signIn, withApp } from '../lib/suite.mjs';

const ctx = withApp();

for (const { js, label } of JS_MODES) {
  describe(`performance ${label}`, () => {
    test('a team manager reads the figures, follows one to its cases and sets a target', async () => {
      const me = await Person.open(ctx.browser, { journey: 'performance', js });
      const page = me.page;
      await signIn(me, ctx.app, ctx.app.logins['Team manager'], 'sign-in');
      await page.getByRole('link', { name: 'Performance' }).click();
      await me.step('dashboard');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Performance');
      assert.match(await page.locator('main').innerText(), /Keeping in touch with complainants/);
      assert.ok((await page.locator('figure svg[role="img"]').count()) > 0, 'trend charts are drawn');

      await page.getByLabel('Whose figures').selectOption('partnership');
      await page.locator('summary', { hasText: 'Other dates and filters' }).click();
      await page.getByLabel('Risk').selectOption('high');
      await page.getByRole('button', { name: 'Show figures' }).click();
      await me.step('partnership-high-risk');
      assert.match(await page.locator('main').innerText(), /Only cases matching: Risk: High/);
      assert.match(await page.locator('.govuk-caption-l').innerText(), /Community Safety Partnership/);

      await page.getByRole('link', { name: 'Performance' }).click();
      const opened = page.locator('tr', { hasText: 'New cases' }).first().locator('td a').first();
      await opened.click();
      await me.step('cases-behind-new-cases');
      assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /New cases/);
      const listed = await page.locator('tbody tr').count();
      assert.ok(listed > 0, 'the demo opened cases last quarter');
      await page.locator('tbody a').first().click();
      await me.step('a-counted-case');
      assert.match(page.url(), /\/cases\//);

      await page.goto(`${ctx.app.base}/performance/targets`);
      await me.step('targets');
      await page.getByLabel('Measure').selectOption('resolution_rate');
      await page.getByLabel('Target', { exact: true }).fill('180');
      await page.getByLabel('At least the target').check();
      await page.getByLabel('Who set or agreed it').fill("Agreed with the tenants' ASB panel");
      await page.getByRole('button', { name: 'Set target' }).click();
      await me.step('target-mistake');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /0 to 100/);
      await page.getByLabel('Target', { exact: true }).fill('80');
      await page.getByRole('button', { name: 'Set target' }).click();
      await me.step('target-set');
      assert.match(await page.locator('table').innerText(), /at least 80%/);
      await page.getByRole('link', { name: 'Back to the figures' }).click();
      await me.step('dashboard-with-target');
      const row = page.locator('tr', { hasText: 'Cases resolved' }).first();
      assert.match(await row.innerText(), /at least 80%/);
      assert.match(await row.innerText(), /target/i);
      await me.close();
    });

    test("a resident reads a landlord's published figures without signing in", async () => {
      const me = await Person.open(ctx.browser, { journey: 'our-performance', js });
      const page = me.page;
      await page.goto(`${ctx.app.base}/our-performance`);
      await me.step('organisations');
      await page.getByRole('link', { name: 'Vale Homes' }).click();
      await me.step('landlord-figures');
      const text = await page.locator('main').innerText();
      assert.match(text, /How we deal with anti-social behaviour/);
      assert.match(text, /name nobody/);
      assert.doesNotMatch(text, /ASB-\d{4}-/, 'no case references');
      await page.getByLabel('Period', { exact: true }).selectOption({ index: 1 });
      await page.getByRole('button', { name: 'Show figures' }).click();
      await me.step('an-earlier-period');
      assert.match(await page.locator('main').innerText(), /How each figure is worked out/);
      await me.close();
    });
  });
}
