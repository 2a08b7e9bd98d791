// A case officer triages a new report, works the case (contact, warning, action plan) and
// closes it: every page checked with axe-core, with and without JavaScript.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JS_MODES, Person } from '../lib/browser.mjs';
import { signIn, withApp } from '../lib/suite.mjs';

const ctx = withApp({ cases: 30 });

const today = new Date();
async function fillDate(page, group, date = today) {
  const g = page.getByRole('group', { name: group });
  await g.getByLabel('Day').fill(String(date.getDate()));
  await g.getByLabel('Month').fill(String(date.getMonth() + 1));
  await g.getByLabel('Year').fill(String(date.getFullYear()));
}

for (const { js, label } of JS_MODES) {
  describe(`casework ${label}`, () => {
    test('an officer triages a report, works the case and closes it', async () => {
      const me = await Person.open(ctx.browser, { journey: 'casework', js });
      const page = me.page;
      await signIn(me, ctx.app, ctx.app.logins['Case officer'], 'sign-in');
      await me.step('worklist');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'My worklist');

      // A phone report to triage.
      await page.getByRole('link', { name: 'Record a report' }).click();
      await page.getByRole('radio', { name: 'Phone', exact: true }).check();
      await page.getByLabel('What is happening').fill('Loud music and shouting from the flat below until 3am.');
      await page.getByRole('checkbox', { name: 'Noise' }).check();
      await page.getByLabel('Where: address or description of the place').fill('Flat 7, 3 Mill Street');
      for (const group of await page.locator('fieldset:has(input[value="no"])').all()) {
        await group.getByRole('radio', { name: 'No' }).check();
      }
      await page.getByLabel('Name', { exact: true }).fill('Grace Mensah');
      await page.getByLabel('Phone number').fill('07700 900321');
      await page.getByLabel('Who is it about, if known (optional)').fill('Dean Holt, flat 3');
      await page.getByRole('button', { name: 'Record report' }).click();
      const reference = (await page.getByRole('heading', { level: 1 }).innerText()).trim();

      await page.getByRole('link', { name: 'Triage', exact: true }).click();
      await me.step('triage-queue');
      await page.getByRole('link', { name: `Triage report ${reference}` }).click();
      await me.step('triage-decision');
      await page.getByRole('button', { name: 'Save decision' }).click();
      await me.step('triage-mistake');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Choose what happens to this report/);
      await page.getByRole('radio', { name: 'Open an ASB case' }).check();
      await page.getByLabel('Note').fill('Repeat noise at night');
      await page.getByRole('button', { name: 'Save decision' }).click();
      await me.step('case-opened');
      assert.match(await page.locator('main').innerText(), /Open/);

      await page.getByRole('link', { name: 'Record a contact' }).click();
      await me.step('contact-form');
      await page.getByRole('radio', { name: 'Complainant' }).check();
      await page.getByRole('radio', { name: 'Phone' }).check();
      await page.getByRole('radio', { name: 'We contacted them' }).check();
      await page.getByRole('radio', { name: 'Spoke to them' }).check();
      await page.getByLabel('Summary').fill('Agreed to keep a diary for two weeks.');
      await page.getByRole('button', { name: 'Record contact' }).click();
      await me.step('contact-recorded');

      await page.getByRole('link', { name: 'Record an intervention' }).click();
      await me.step('intervention-form');
      await page.getByLabel('Intervention').selectOption('first_warning');
      await page.getByRole('radio', { name: 'Dean Holt, flat 3 (person complained about)' }).check();
      await fillDate(page, 'Date given, served or made');
      await page.getByRole('button', { name: 'Record intervention' }).click();
      await me.step('warning-recorded');
      assert.match(await page.locator('#interventions + table').innerText(), /First warning letter/);

      await page.getByRole('link', { name: 'Add an action to the plan' }).click();
      await page.getByLabel('What will be done').fill('Keep a noise diary');
      await page.getByLabel('Who will do it').fill('Complainant');
      const due = new Date(today.getTime() + 14 * 24 * 3600 * 1000);
      await fillDate(page, 'Due by', due);
      await page.getByRole('button', { name: 'Add action' }).click();
      await me.step('action-added');
      await page.getByRole('button', { name: /Mark done\W+Keep a noise diary/ }).click();
      await me.step('action-done');

      await page.getByRole('link', { name: 'Close the case' }).click();
      await me.step('close-form');
      await page.getByRole('radio', { name: 'Resolved: behaviour stopped' }).check();
      await page.getByLabel('Closing summary').fill('The music stopped after the warning.');
      await page.getByRole('radio', { name: 'Yes' }).check();
      await page.getByRole('button', { name: 'Close case' }).click();
      await me.step('case-closed');
      assert.match(await page.locator('main').innerText(), /Resolved: behaviour stopped/);
      assert.equal(await page.getByRole('link', { name: 'Reopen the case' }).count(), 1);
      await me.close();
    });
  });
}
