// Working with partners: a council officer shares a case with the police and refers it to
// them, and the police officer sees it and answers; a resident applies for an ASB Case Review
// and an officer records the threshold decision; repeats, hotspots, case panels and the
// support directory. Every page checked with axe-core, with and without JavaScript.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JS_MODES, Person } from '../lib/browser.mjs';
import { signIn, withApp } from '../lib/suite.mjs';

const ctx = withApp({ cases: 40 });

/** The reference of the first case on the officer's worklist, opened. */
async function openAWorklistCase(page) {
  await page.getByRole('link', { name: 'My worklist' }).click();
  const link = page.locator('main a[href^="/cases/ASB-"]').first();
  const reference = (await link.innerText()).trim().match(/ASB-\d{4}-\d+/)[0];
  await page.goto(new URL(`/cases/${reference}`, page.url()).href);
  return reference;
}

for (const { js, label } of JS_MODES) {
  describe(`partnership ${label}`, () => {
    test('a case shared with and referred to the police is seen and answered by them', async () => {
      const police = ctx.app.logins['Partner officer'];
      const me = await Person.open(ctx.browser, { journey: 'partnership-share', js });
      const page = me.page;
      await signIn(me, ctx.app, ctx.app.logins['Case officer'], 'sign-in');
      const reference = await openAWorklistCase(page);
      await me.step('case');

      await page.getByRole('link', { name: 'Share with a partner' }).click();
      await me.step('share-form');
      await page.getByRole('button', { name: 'Share case' }).click();
      await me.step('share-mistake');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Select a partner organisation from the list/);
      await page.getByLabel('Partner organisation').selectOption({ label: police.organisation });
      await page.getByRole('radio', { name: 'A summary, without evidence' }).check();
      // Each run shares the same case for its own purpose (sharing it again the same way is refused).
      await page.getByLabel('Why you are sharing it').fill(`Joint visit with the neighbourhood policing team (${label})`);
      await page.getByRole('button', { name: 'Share case' }).click();
      await me.step('shared');
      assert.match(await page.locator('main').innerText(), new RegExp(`Joint visit with the neighbourhood policing team \\(${label}\\)`));

      await page.getByRole('link', { name: 'Make a referral' }).click();
      await me.step('referral-form');
      await page.getByLabel('Refer to').selectOption({ label: police.organisation });
      await page.getByRole('radio', { name: 'The case as a whole' }).check();
      await page.getByLabel('Why you are referring').fill(`Please add the block to evening patrols (${label})`);
      await page.getByRole('button', { name: 'Make referral' }).click();
      await me.step('referred');
      assert.match(await page.locator('main').innerText(), /Waiting for an answer/);

      const them = await Person.open(ctx.browser, { journey: 'partnership-police', js });
      await signIn(them, ctx.app, police, 'sign-in-police');
      await them.page.getByRole('link', { name: 'Shared with us' }).click();
      await them.step('shared-with-us');
      await them.page.getByRole('link', { name: reference }).first().click();
      await them.step('shared-case');
      assert.match(await them.page.locator('main').innerText(), /has shared this case with your organisation/);
      await them.page.getByRole('link', { name: 'Referrals', exact: true }).click();
      await them.step('referrals');
      await them.page.locator('tr', { hasText: `evening patrols (${label})` }).getByRole('link', { name: reference }).click();
      await them.step('referral');
      await them.page.getByRole('button', { name: 'Send answer' }).click();
      await them.step('answer-mistake');
      assert.match(await them.page.locator('.govuk-error-summary').innerText(), /Select whether you accept the referral/);
      await them.page.getByRole('radio', { name: 'Yes, we accept it' }).check();
      await them.page.getByLabel('What you will do, or why you decline').fill(`Added to the evening patrol plan (${label})`);
      await them.page.getByRole('button', { name: 'Send answer' }).click();
      await them.step('answered');
      assert.match(await them.page.locator('main').innerText(), /Accepted/);
      await them.close();

      await page.reload();
      assert.match(await page.locator('main').innerText(), new RegExp(`Added to the evening patrol plan \\(${label}\\)`));
      await me.close();
    });

    test('a resident applies for a case review and an officer records the threshold decision', async () => {
      const resident = await Person.open(ctx.browser, { journey: 'case-review-resident', js });
      await resident.visit(`${ctx.app.base}/case-review`, 'apply');
      await resident.page.getByRole('button', { name: 'Send application' }).click();
      await resident.step('apply-mistake');
      assert.match(await resident.page.locator('.govuk-error-summary').innerText(), /Enter your name/);
      await resident.page.getByRole('radio', { name: 'I reported the problem' }).check();
      await resident.page.getByLabel('Your name').fill('Grace Mensah');
      await resident.page.getByLabel('Email address (optional)').fill('grace@example.com');
      await resident.page.getByRole('radio', { name: 'By email' }).check();
      await resident.page.getByLabel('What is the problem, and why are you not happy with what has been done?').fill('Shouting every night; reported five times');
      await resident.page.getByRole('button', { name: 'Send application' }).click();
      await resident.step('applied');
      const reference = (await resident.page.locator('.govuk-panel__body strong').innerText()).trim();
      assert.match(reference, /^CR-\d{4}-\d{4}$/);
      await resident.visit(`${ctx.app.base}/case-review/figures`, 'figures');
      await resident.visit(`${ctx.app.base}/support`, 'support');
      assert.match(await resident.page.locator('main').innerText(), /Victim Support/);
      await resident.close();

      const me = await Person.open(ctx.browser, { journey: 'case-review-officer', js });
      const page = me.page;
      await signIn(me, ctx.app, ctx.app.logins['Case officer'], 'sign-in');
      await page.getByRole('link', { name: 'Case reviews' }).click();
      await me.step('case-reviews');
      await page.getByRole('link', { name: reference }).click();
      await me.step('review');
      await page.getByRole('link', { name: 'Record the threshold decision' }).click();
      await me.step('decide');
      await page.getByRole('radio', { name: 'Threshold met' }).check();
      await page.getByRole('button', { name: 'Record decision' }).click();
      await me.step('decide-mistake');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter the reasons for the decision/);
      await page.getByLabel('Reasons for the decision').fill('Five complaints to the council and the landlord in four months');
      await page.getByRole('button', { name: 'Record decision' }).click();
      await me.step('decided');
      assert.match(await page.locator('main').innerText(), /Record the review meeting/);
      await me.close();
    });

    test('an officer looks at repeats and hotspots and puts a case to a panel', async () => {
      const me = await Person.open(ctx.browser, { journey: 'patterns', js });
      const page = me.page;
      await signIn(me, ctx.app, ctx.app.logins['Case officer'], 'sign-in');
      const reference = await openAWorklistCase(page);
      await page.getByRole('link', { name: 'Repeats', exact: true }).click();
      await me.step('repeats');
      await page.getByRole('link', { name: 'Hotspots' }).click();
      await me.step('hotspots');
      await page.getByLabel('Count by').selectOption('estate');
      await page.getByRole('button', { name: 'Show hotspots' }).click();
      await me.step('hotspots-by-estate');
      await page.getByRole('link', { name: 'Case panels' }).click();
      await me.step('panels');
      await page.getByRole('button', { name: 'Arrange panel' }).click();
      await me.step('panel-mistake');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter the name of the meeting/);
      await page.getByLabel('Name of the meeting').fill(`Northgate group (${label})`);
      // The meeting is today, so what it decided can be recorded.
      const d = new Date();
      const group = page.getByRole('group', { name: 'Date of the meeting' });
      await group.getByLabel('Day').fill(String(d.getDate()));
      await group.getByLabel('Month').fill(String(d.getMonth() + 1));
      await group.getByLabel('Year').fill(String(d.getFullYear()));
      await page.getByRole('button', { name: 'Arrange panel' }).click();
      await me.step('panel');
      await page.getByLabel('Case reference').fill(reference);
      await page.getByLabel('Why you are putting it forward').fill('No improvement after two warnings');
      await page.getByRole('button', { name: 'Put forward' }).click();
      await me.step('put-forward');
      await page.getByRole('link', { name: `Record the panel's decision on ${reference}` }).click();
      await me.step('panel-decision');
      await page.getByLabel('What the panel decided').fill('Police to patrol; council to serve a warning');
      await page.getByRole('button', { name: 'Record decision' }).click();
      await me.step('panel-decided');
      assert.match(await page.locator('main').innerText(), /Police to patrol; council to serve a warning/);
      await me.close();
    });
  });
}
