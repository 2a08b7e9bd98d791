// A team manager opens the overview and drills down to the cases behind each figure.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JS_MODES, Person } from '../lib/browser.mjs';
import { signIn, withApp } from '../lib/suite.mjs';

const ctx = withApp();

/** The number shown above a headline label on the overview. */
async function count(page, label) {
  const item = page.locator('.app-counts__item', { hasText: label });
  return Number(await item.locator('.app-counts__value').innerText());
}

for (const { js, label } of JS_MODES) {
  describe(`a team manager ${label}`, () => {
    test('opens the overview and drills down to the cases behind the figures', async () => {
      const me = await Person.open(ctx.browser, { journey: 'manager', js });
      const page = me.page;
      await signIn(me, ctx.app, ctx.app.logins['Team manager'], 'sign-in-manager');
      await me.step('overview');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Overview');

      const overdue = await count(page, 'Complainant contact overdue');
      assert.ok(overdue > 0, 'the demo has overdue contacts');
      await page.getByRole('link', { name: 'Complainant contact overdue' }).click();
      await me.step('overdue-cases');
      assert.match(await page.locator('#showing').innerText(), new RegExp(`of ${overdue} cases`));
      assert.ok((await page.locator('.app-overdue').count()) > 0);

      await page.locator('tbody th a').first().click();
      await me.step('an-overdue-case');
      assert.match(await page.locator('body').innerText(), /overdue/);

      await page.getByRole('link', { name: 'Overview' }).click();
      const high = await page.locator('table', { hasText: 'by risk' }).locator('tr', { hasText: 'High' }).locator('td').innerText();
      await page.getByRole('link', { name: 'High', exact: true }).click();
      await me.step('high-risk-cases');
      if (Number(high) > 0) assert.match(await page.locator('#showing').innerText(), new RegExp(`of ${high} cases`));

      await page.getByRole('link', { name: 'Overview' }).click();
      const officer = page.locator('table', { hasText: 'Workload by officer' }).locator('tbody tr').first();
      const officerName = await officer.locator('th').innerText();
      await officer.getByRole('link').click();
      await me.step('one-officers-cases');
      assert.equal(await page.getByLabel('Officer').locator('option:checked').innerText(), officerName);

      await page.getByLabel('Status').selectOption('any');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await me.step('all-statuses');
      if (await page.getByRole('link', { name: /Next/ }).count()) {
        await page.getByRole('link', { name: /Next/ }).click();
        await me.step('page-2');
        assert.match(page.url(), /page=2/);
      }
      await me.close();
    });
  });
}
