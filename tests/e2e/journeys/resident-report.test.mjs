// A resident reports anti-social behaviour on the public pages: with contact details, then
// anonymously, making each mistake on the way and correcting it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JS_MODES, Person } from '../lib/browser.mjs';
import { withApp } from '../lib/suite.mjs';

const ctx = withApp({ cases: 30 });

/** The message to a resident that mentions `text`, once the app has delivered it. */
async function delivered(text) {
  for (let i = 0; i < 100; i += 1) {
    if (existsSync(ctx.app.outbox)) {
      for (const f of readdirSync(ctx.app.outbox)) {
        const body = readFileSync(join(ctx.app.outbox, f), 'utf8');
        if (body.includes(text)) return body;
      }
    }
    await new Promise((ok) => setTimeout(ok, 200));
  }
  assert.fail(`no message mentioning ${text} was delivered to ${ctx.app.outbox}`);
}

const RISK = [
  'Do you feel unsafe in or around your home because of this?',
  'Has anyone threatened you or been violent towards you?',
  'Is it affecting your health, your sleep or your daily life?',
  'Do you, or does anyone in your home, have a disability, illness or other reason that makes this harder to cope with?',
  'Do you think it is happening because of who you are?',
  'Are there children living in your home?',
  'Has this happened before, or have you reported it before?',
  'Are you thinking about moving home because of this?',
];

async function continueOn(me) {
  await me.page.getByRole('button', { name: 'Continue' }).click();
}

/** The first pages, answered correctly (mistakes are made where `mistakes` is true). */
async function toContact(me, { mistakes }) {
  const page = me.page;
  await me.visit(`${ctx.app.base}/report`, 'start');
  await page.getByRole('button', { name: 'Start now' }).click();
  await me.step('danger');
  if (mistakes) {
    await continueOn(me);
    await me.step('danger-unanswered');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Select yes if someone is in danger/);
  }
  await page.getByRole('radio', { name: 'No' }).check();
  await continueOn(me);

  await me.step('what');
  if (mistakes) {
    await page.getByLabel('Day').first().fill('31');
    await page.getByLabel('Month').first().fill('2');
    await page.getByLabel('Year').first().fill('2026');
    await continueOn(me);
    await me.step('what-mistakes');
    const summary = await page.locator('.govuk-error-summary').innerText();
    for (const m of ['Select what is happening', 'Describe what is happening', 'The date it started must be a real date', 'Select how often it happens']) {
      assert.match(summary, new RegExp(m));
    }
    await page.getByLabel('Day').first().fill('');
    await page.getByLabel('Month').first().fill('');
    await page.getByLabel('Year').first().fill('');
  }
  await page.getByRole('checkbox', { name: 'Noise' }).check();
  await page.getByLabel('Describe what is happening').fill('Loud music and shouting from the flat above most nights until 3am.');
  await page.getByRole('radio', { name: 'Most days' }).check();
  await page.getByRole('group', { name: 'Is it happening now?' }).getByRole('radio', { name: 'No' }).check();
  await continueOn(me);

  await me.step('where');
  if (mistakes) {
    await page.getByLabel('Postcode (optional)').fill('not a postcode');
    await continueOn(me);
    await me.step('where-mistakes');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter a real postcode/);
  }
  await page.getByLabel('Address, or a description of the place').fill('Flat 3, 12 Mill Street, Ashford Vale');
  await page.getByLabel('Postcode (optional)').fill('AV1 2BX');
  await continueOn(me);

  await me.step('risk');
  if (mistakes) {
    await continueOn(me);
    await me.step('risk-unanswered');
    assert.equal(await page.locator('.govuk-error-summary li').count(), RISK.length);
  }
  for (const [i, q] of RISK.entries()) {
    await page.getByRole('group', { name: q }).getByRole('radio', { name: i === 2 ? 'Yes' : 'No' }).check();
  }
  await continueOn(me);

  await me.step('about');
  await page.getByRole('radio', { name: 'I do not know' }).check();
  await continueOn(me);

  await me.step('evidence');
  if (mistakes) {
    await page.getByRole('button', { name: 'Add diary entry' }).click();
    await me.step('diary-mistakes');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter the date it happened/);
    await page.getByLabel('Upload a photo, sound recording, video or PDF').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('MZ not really a photo') });
    await page.getByRole('button', { name: 'Upload file' }).click();
    await me.step('upload-refused');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /must be a photo, sound recording, video or PDF/);
  } else {
    await page.getByLabel('Day').fill('20');
    await page.getByLabel('Month').fill('11');
    await page.getByLabel('Year').fill('2026');
    await page.getByLabel('Time (optional)').fill('11:45pm');
    await page.getByLabel('What happened').fill('Music and shouting until 2am');
    await page.getByRole('button', { name: 'Add diary entry' }).click();
    await me.step('diary-added');
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a5000000004945' + '4e44ae426082', 'hex');
    await page.getByLabel('Upload a photo, sound recording, video or PDF').setInputFiles({ name: 'party.png', mimeType: 'image/png', buffer: png });
    await page.getByRole('button', { name: 'Upload file' }).click();
    await me.step('file-added');
    const added = await page.locator('main').innerText();
    assert.match(added, /Music and shouting until 2am/);
    assert.match(added, /Photo or screenshot\s+party\.png/);
    // Each item can come off again, and the button says which.
    assert.equal(await page.getByRole('button', { name: 'Remove party.png' }).count(), 1);
  }
  await continueOn(me);
  await me.step('contact');
}

for (const { js, label } of JS_MODES) {
  describe(`a resident ${label}`, () => {
    test('reports with contact details and is told when they will hear', async () => {
      const me = await Person.open(ctx.browser, { journey: 'resident-report', js });
      const page = me.page;
      await toContact(me, { mistakes: false });
      await page.getByRole('radio', { name: 'With my contact details' }).check();
      await page.getByLabel('Your name').fill('Sam Okoro');
      await page.getByLabel('Email address').fill('sam@example.org');
      await page.getByRole('radio', { name: 'Email' }).check();
      await continueOn(me);
      await me.step('check-answers');
      assert.match(await page.locator('main').innerText(), /Flat 3, 12 Mill Street, Ashford Vale, AV1 2BX/);
      await page.getByRole('button', { name: 'Send report' }).click();
      await me.step('confirmation');
      const reference = (await page.locator('.govuk-panel').innerText()).match(/ASB-\d{4}-\d{6}/)[0];
      assert.match(await page.locator('main').innerText(), /An officer will contact you by the end of \d+ \w+ \d{4}/);
      const ack = await delivered(reference);
      assert.match(ack, /To: sam@example\.org/);
      assert.match(ack, /Dear Sam Okoro/);
      await me.close();
    });

    test('makes each mistake, corrects it, and reports anonymously', async () => {
      const me = await Person.open(ctx.browser, { journey: 'resident-anonymous', js });
      const page = me.page;
      await toContact(me, { mistakes: true });
      await page.getByRole('radio', { name: 'With my contact details' }).check();
      await page.getByLabel('Email address').fill('not-an-email');
      await continueOn(me);
      await me.step('contact-mistakes');
      const summary = await page.locator('.govuk-error-summary').innerText();
      assert.match(summary, /Enter your name/);
      assert.match(summary, /correct format/);
      await page.getByLabel('Email address').fill('');
      await page.getByRole('radio', { name: 'Anonymously' }).check();
      await continueOn(me);
      await me.step('check-answers');
      assert.match(await page.locator('main').innerText(), /I want to stay anonymous/);
      await page.getByRole('button', { name: 'Send report' }).click();
      await me.step('confirmation');
      assert.match(await page.locator('main').innerText(), /Because you reported anonymously, we cannot contact you/);
      await me.close();
    });
  });
}
