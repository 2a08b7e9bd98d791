// A case officer signs in (making each mistake first), works from their list, opens a case,
// reads its timeline, and signs out.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JS_MODES, Person } from '../lib/browser.mjs';
import { withApp } from '../lib/suite.mjs';

const ctx = withApp();

for (const { js, label } of JS_MODES) {
  describe(`a case officer ${label}`, () => {
    test('makes each sign-in mistake, corrects it, opens a case and signs out', async () => {
      const officer = ctx.app.logins['Case officer'];
      const me = await Person.open(ctx.browser, { journey: 'case-officer', js });
      const page = me.page;
      await me.visit(`${ctx.app.base}/`, 'start-goes-to-sign-in');
      assert.match(page.url(), /\/sign-in$/);

      await page.getByRole('button', { name: 'Sign in' }).click();
      await me.step('both-fields-empty');
      assert.match(await page.title(), /^Error: Sign in/);
      const summary = page.locator('.govuk-error-summary');
      assert.match(await summary.innerText(), /Enter your email address/);
      assert.match(await summary.innerText(), /Enter your password/);

      await page.getByLabel('Email address').fill(officer.email);
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await me.step('wrong-password');
      assert.match(await summary.innerText(), /Enter a correct email address and password/);
      assert.equal(await page.getByLabel('Email address').inputValue(), officer.email, 'the email is kept');

      await page.getByLabel('Password').fill(ctx.app.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await me.step('worklist');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'My worklist');
      await page.getByRole('link', { name: 'Cases', exact: true }).click();
      await me.step('your-cases');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Your cases');
      assert.match(await page.locator('body').innerText(), new RegExp(officer.name));

      await page.getByLabel('Risk').selectOption('standard');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await me.step('filtered-standard-risk');
      assert.match(page.url(), /risk=standard/);
      const risks = await page.locator('tbody .app-risk-tag').allInnerTexts();
      assert.ok(risks.length > 0 && risks.every((r) => r === 'Standard'), `only standard risk: ${risks}`);

      const first = page.locator('tbody th a').first();
      const reference = await first.innerText();
      await first.click();
      await me.step('case-page');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), reference);
      assert.ok((await page.locator('.app-timeline__item').count()) >= 3, 'the timeline shows the events');
      assert.match(await page.locator('.app-timeline__item').last().innerText(), /Reported/);

      if (await page.getByRole('link', { name: 'Change risk band' }).count()) {
        await page.getByRole('link', { name: 'Change risk band' }).click();
        await me.step('change-risk-band');
        await page.getByRole('radio', { name: 'Emergency' }).check();
        await page.getByRole('button', { name: 'Change risk band' }).click();
        await me.step('risk-band-reason-missing');
        assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter why the risk band is changing/);
        await page.getByLabel('Why is it changing?').fill('Caller reports a knife was shown last night');
        await page.getByRole('button', { name: 'Change risk band' }).click();
        await me.step('risk-band-changed');
        assert.match(await page.locator('.app-timeline').innerText(), /Now emergency: Caller reports a knife/);
      }
      await page.getByRole('button', { name: 'Sign out' }).click();
      await me.step('signed-out');
      assert.match(page.url(), /\/sign-in$/);
      await page.goto(`${ctx.app.base}/cases`);
      assert.match(page.url(), /\/sign-in\?next=/, 'the session has ended');
      await me.close();
    });
  });
}
