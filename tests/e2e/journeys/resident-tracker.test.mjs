// A complainant follows their case without an account: asks for a link with their reference
// and email, opens their tracker, adds a diary entry and a message (making mistakes first), and
// answers the satisfaction survey when the officer closes the case. The officer sees what they
// sent on the worklist. Every page is checked with axe-core, with and without JavaScript.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JS_MODES, Person } from '../lib/browser.mjs';
import { signIn, withApp } from '../lib/suite.mjs';

const ctx = withApp({ cases: 30 });

/** The message to a resident that mentions every one of `texts`, once delivered. */
async function delivered(...texts) {
  for (let i = 0; i < 100; i += 1) {
    if (existsSync(ctx.app.outbox)) {
      for (const f of readdirSync(ctx.app.outbox)) {
        const body = readFileSync(join(ctx.app.outbox, f), 'utf8');
        if (texts.every((t) => body.includes(t))) return body;
      }
    }
    await new Promise((ok) => setTimeout(ok, 200));
  }
  assert.fail(`no message mentioning ${texts.join(' and ')} was delivered to ${ctx.app.outbox}`);
}

function linkIn(body, path) {
  const m = body.match(new RegExp(`https?://[^\\s]+/${path}/[0-9a-f]{48}`));
  assert.ok(m, `a ${path} link in:\n${body}`);
  return m[0];
}

const today = new Date();

for (const { js, label } of JS_MODES) {
  describe(`resident tracker ${label}`, () => {
    test('a complainant follows their case, sends a diary entry and a message, then says how it went', async () => {
      const email = `grace.${js ? 'js' : 'nojs'}@example.org`;
      const officer = await Person.open(ctx.browser, { journey: 'tracker-officer', js });
      const op = officer.page;
      await signIn(officer, ctx.app, ctx.app.logins['Case officer'], 'sign-in');
      await op.getByRole('link', { name: 'Record a report' }).click();
      await op.getByRole('radio', { name: 'Phone', exact: true }).check();
      await op.getByLabel('What is happening').fill('Loud music and shouting from the flat below until 3am.');
      await op.getByRole('checkbox', { name: 'Noise' }).check();
      await op.getByLabel('Where: address or description of the place').fill('Flat 7, 3 Mill Street');
      for (const group of await op.locator('fieldset:has(input[value="no"])').all()) {
        await group.getByRole('radio', { name: 'No' }).check();
      }
      await op.getByLabel('Name', { exact: true }).fill('Grace Mensah');
      await op.getByLabel('Email address').fill(email);
      await op.getByLabel('Who is it about, if known (optional)').fill('Dean Holt, flat 3');
      await op.getByRole('button', { name: 'Record report' }).click();
      const reference = (await op.getByRole('heading', { level: 1 }).innerText()).trim();
      await op.goto(`${ctx.app.base}/cases/${reference}/triage`);
      await op.getByRole('radio', { name: 'Open an ASB case' }).check();
      await op.getByRole('button', { name: 'Save decision' }).click();
      await officer.step('case-opened');

      // The complainant asks for a link, with a mistake first.
      const resident = await Person.open(ctx.browser, { journey: 'tracker', js });
      const page = resident.page;
      await resident.visit(`${ctx.app.base}/track`, 'ask-for-link');
      await page.getByLabel('Your reference').fill('12345');
      await page.getByRole('button', { name: 'Send me a link' }).click();
      await resident.step('ask-mistakes');
      const summary = await page.locator('.govuk-error-summary').innerText();
      assert.match(summary, /Enter your reference as it was given to you/);
      assert.match(summary, /Enter the email address or mobile number you gave us/);
      await page.getByLabel('Your reference').fill(reference);
      await page.getByLabel('Email address or mobile number').fill(email.toUpperCase());
      await page.getByRole('button', { name: 'Send me a link' }).click();
      await resident.step('check-your-messages');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Check your messages');
      const link = linkIn(await delivered(reference, 'Your case tracker link'), 'track');

      await resident.visit(link, 'link');
      await page.getByRole('button', { name: 'Continue to your case' }).click();
      await resident.step('tracker');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'An officer is working on your case');
      const tracker = await page.locator('main').innerText();
      assert.doesNotMatch(tracker, /Dean Holt/, 'nothing about the person complained about');

      await page.getByRole('link', { name: 'Add a diary entry' }).click();
      await page.getByRole('button', { name: 'Add diary entry' }).click();
      await resident.step('diary-mistakes');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter what happened/);
      const when = page.getByRole('group', { name: 'When did it happen?' });
      await when.getByLabel('Day').fill(String(today.getDate()));
      await when.getByLabel('Month').fill(String(today.getMonth() + 1));
      await when.getByLabel('Year').fill(String(today.getFullYear()));
      await page.getByLabel('What time? (optional)').fill('11:30pm');
      await page.getByLabel('What happened?').fill('Music so loud the windows shook.');
      await page.getByRole('button', { name: 'Add diary entry' }).click();
      await resident.step('diary-added');
      assert.match(await page.locator('.govuk-notification-banner').innerText(), /Your diary entry has been added/);

      await page.getByRole('link', { name: 'Send your officer a message' }).click();
      await page.getByLabel('Your message').fill('It started again tonight at 11pm.');
      await page.getByRole('button', { name: 'Send message' }).click();
      await resident.step('message-sent');
      await page.getByRole('button', { name: 'Leave your case' }).click();
      await resident.step('left');

      // The officer sees it, and closes the case with the survey.
      await officer.visit(`${ctx.app.base}/worklist`, 'worklist');
      const worklist = await op.locator('main').innerText();
      assert.match(worklist, /From the complainant/);
      assert.match(worklist, /It started again tonight/);
      await op.goto(`${ctx.app.base}/cases/${reference}/close`);
      await op.getByRole('radio', { name: 'Resolved: behaviour stopped' }).check();
      await op.getByLabel('Closing summary').fill('Quiet since the visit.');
      await op.getByRole('radio', { name: 'Yes' }).check();
      await op.getByRole('button', { name: 'Close case' }).click();
      await officer.step('closed');
      await officer.close();

      const survey = linkIn(await delivered(reference, 'How did we do?'), 'survey');
      await resident.visit(survey, 'survey');
      await page.getByRole('button', { name: 'Send answers' }).click();
      await resident.step('survey-mistakes');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Select how satisfied you are with how your case was handled/);
      await page.getByRole('group', { name: 'How satisfied are you with how we handled your case?' }).getByRole('radio', { name: 'Very satisfied' }).check();
      await page.getByRole('group', { name: 'Did we keep you informed about what was happening?' }).getByRole('radio', { name: 'Yes' }).check();
      await page.getByRole('group', { name: 'How satisfied are you with the outcome?' }).getByRole('radio', { name: 'Fairly satisfied' }).check();
      await page.getByRole('group', { name: 'Would you report anti-social behaviour to us again?' }).getByRole('radio', { name: 'Yes' }).check();
      await page.getByRole('button', { name: 'Send answers' }).click();
      await resident.step('survey-thanks');
      assert.match(await page.locator('main').innerText(), /Your answers have been sent/);
      await resident.visit(survey, 'survey-again');
      assert.match(await page.locator('main').innerText(), /You have already answered this survey/);
      await resident.close();
    });
  });
}
