// An organisation's settings: a team manager opens Settings, changes the service standards,
// is told what is wrong with a mistake, puts it right, and sees the change kept with their
// name, then enters homes owned and the patches officers cover; the administrator cannot
// switch off their own account (the only administrator's), changes the analyst's roles, the
// retention periods, adds a category, makes and revokes an API token, makes an Open311 key,
// makes a new version of the risk questionnaire, sets new case review rules, adds a housing
// association with its homes and first administrator, and invites a new
// officer, who chooses a password with the emailed link and signs in; a team manager rewords a
// message to residents after a mistake and a preview, then goes back to the standard wording.
// Every page checked with axe-core, with and without JavaScript.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JS_MODES, Person } from '../lib/browser.mjs';
import { signIn, signInAsAdministrator, withApp } from '../lib/suite.mjs';

const ctx = withApp({ cases: 20 });

/** The link in the invitation emailed to `to`, once the server has sent it. */
async function invitationTo(to) {
  for (let i = 0; i < 100; i += 1) {
    if (existsSync(ctx.app.outbox)) {
      for (const f of readdirSync(ctx.app.outbox)) {
        const body = readFileSync(join(ctx.app.outbox, f), 'utf8');
        const link = body.includes(to) && body.match(/https?:\/\/[^\s]+\/invite\/[0-9a-f]{48}/);
        if (link) return link[0];
      }
    }
    await new Promise((ok) => setTimeout(ok, 200));
  }
  assert.fail(`no invitation to ${to} was delivered to ${ctx.app.outbox}`);
}

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

    test('a team manager rewords the acknowledgement email, previewing it first', async () => {
      const manager = ctx.app.logins['Team manager'];
      const me = await Person.open(ctx.browser, { journey: 'settings-messages', js });
      const page = me.page;
      await signIn(me, ctx.app, manager, 'sign-in');
      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('link', { name: 'Messages to residents' }).click();
      await me.step('messages');
      await page.getByRole('link', { name: 'Change acknowledgement of a report by email' }).click();
      await me.step('acknowledgement-email');
      await page.getByLabel('Subject', { exact: true }).fill('Your report ((refrence))');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await me.step('acknowledgement-mistake');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Correct or remove \(\(refrence\)\)/);
      await page.getByLabel('Subject', { exact: true }).fill('Your report ((reference))');
      await page.getByRole('button', { name: 'Preview', exact: true }).click();
      await me.step('acknowledgement-preview');
      assert.match(await page.locator('main section').innerText(), /Subject: Your report ASB-2026-000042/);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await me.step('acknowledgement-saved');
      assert.match(await page.locator('.govuk-notification-banner').innerText(), /The wording is saved/);
      assert.match(await page.locator('main table').last().innerText(), new RegExp(`${manager.name}.*subject changed`));
      // Back to the standard wording, as the other journey (with or without JavaScript) finds it.
      await page.getByRole('button', { name: 'Go back to the standard wording' }).click();
      await me.step('acknowledgement-standard');
      assert.match(await page.locator('.govuk-notification-banner').innerText(), /The standard wording is back/);
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

      // A token for a partner's system: made after a mistake, shown once, working at once,
      // then revoked after a confirmation and refused at once.
      await page.getByRole('link', { name: 'Settings', exact: true }).first().click();
      await page.getByRole('link', { name: 'API tokens' }).click();
      await me.step('api-tokens');
      await page.getByRole('link', { name: 'Make a new token' }).click();
      await page.getByLabel('Read cases and figures').check();
      await page.getByRole('button', { name: 'Make the token' }).click();
      await me.step('api-token-mistake');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter who or what will use the token/);
      const holder = js ? 'Housing management system' : 'Police records system';
      await page.getByLabel('Who or what will use it').fill(holder);
      await page.getByRole('button', { name: 'Make the token' }).click();
      await me.step('api-token-made');
      assert.match(await page.locator('.govuk-warning-text').innerText(), /Copy it now: it will not be shown again/);
      const token = await page.getByLabel('The API token').inputValue();
      assert.match(token, /^asb_[0-9a-f]{64}$/);
      const api = () => fetch(`${ctx.app.base}/api/v1/cases`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal((await api()).status, 200);
      await page.getByRole('link', { name: 'Back to API tokens' }).click();
      await me.step('api-tokens-live');
      assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(token));
      await page.getByRole('link', { name: `Revoke ${holder}` }).click();
      await me.step('api-token-revoke');
      await page.getByRole('button', { name: 'Revoke the token' }).click();
      await me.step('api-token-revoked');
      assert.match(await page.locator('.govuk-notification-banner').innerText(), /The token is revoked/);
      assert.equal((await api()).status, 401);

      // An Open311 key for a partner's reporting site: shown once, with the jurisdiction_id.
      await page.getByRole('link', { name: 'Settings', exact: true }).first().click();
      await page.getByRole('link', { name: 'Open311 keys' }).click();
      await me.step('open311-keys');
      await page.getByRole('link', { name: 'Make a new key' }).click();
      await page.getByLabel('Who will hold it').fill(js ? 'Report It app' : 'Neighbourhood watch site');
      await page.getByRole('button', { name: 'Make the key' }).click();
      await me.step('open311-key-made');
      assert.match(await page.getByLabel('The Open311 key').inputValue(), /^[0-9a-f]{64}$/);
      assert.match(await page.locator('main').innerText(), /jurisdiction_id/);
      await page.getByRole('link', { name: 'Back to Open311 keys' }).click();
      await me.step('open311-keys-live');

      // The risk questionnaire: a new version, after bands that overlap.
      await page.getByRole('link', { name: 'Settings', exact: true }).first().click();
      await page.getByRole('link', { name: 'Risk questionnaire' }).click();
      await me.step('questionnaire');
      await page.getByRole('link', { name: 'Make a new version' }).click();
      await me.step('questionnaire-form');
      await page.locator('#high_from').fill(await page.locator('#medium_from').inputValue());
      const question = js ? 'Does it keep you awake at night?' : 'Is it happening most days?';
      await page.locator('#n0-text').fill(question);
      await page.locator('#n0-weight').fill('2');
      await page.getByRole('button', { name: /Store as version/ }).click();
      await me.step('questionnaire-mistake');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /or the bands overlap/);
      assert.equal(await page.locator('#n0-text').inputValue(), question, 'the new question is kept');
      await page.locator('#high_from').fill('12');
      await page.getByRole('button', { name: /Store as version/ }).click();
      await me.step('questionnaire-saved');
      assert.match(await page.locator('.govuk-notification-banner').innerText(), /is stored: new reports are assessed with it now/);
      assert.match(await page.locator('main table').first().innerText(), new RegExp(question.replace('?', '\\?')));

      // Case review rules: a lower threshold from next April, after forgetting who agreed it.
      await page.getByRole('link', { name: 'Settings', exact: true }).first().click();
      await page.getByRole('link', { name: 'Case review rules' }).click();
      await me.step('case-review-rules');
      await page.getByRole('link', { name: 'Set new rules' }).click();
      await me.step('case-review-rules-form');
      const from = page.getByRole('group', { name: 'When do they take effect?' });
      await from.getByLabel('Day').fill(js ? '1' : '2');
      await from.getByLabel('Month').fill('4');
      await from.getByLabel('Year').fill(String(new Date().getFullYear() + 1));
      await page.getByLabel('Complaints that meet the threshold').fill('2');
      await page.getByRole('button', { name: 'Store these rules' }).click();
      await me.step('case-review-rules-mistake');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Say who agreed these rules/);
      await page.getByLabel('Who agreed these rules').fill('Community safety partnership board');
      await page.getByRole('button', { name: 'Store these rules' }).click();
      await me.step('case-review-rules-saved');
      assert.match(await page.locator('.govuk-notification-banner').innerText(), /The new rules are stored/);
      assert.match(await page.locator('main table').first().innerText(), /threshold 2 complaints/);

      // The partnership's organisations: a housing association joins, its homes are entered
      // for it, and its first administrator is invited.
      await page.getByRole('link', { name: 'Settings', exact: true }).first().click();
      await page.getByRole('link', { name: 'Organisations', exact: true }).click();
      await me.step('organisations');
      await page.getByRole('link', { name: 'Add an organisation' }).click();
      await me.step('organisation-new');
      await page.getByRole('button', { name: 'Add the organisation' }).click();
      await me.step('organisation-mistakes');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter the organisation.s name/);
      await page.getByLabel('Name', { exact: true }).fill(js ? 'Riverside Housing' : 'Hillside Homes');
      await page.getByLabel('Social landlord').check();
      await page.getByRole('button', { name: 'Add the organisation' }).click();
      await me.step('organisation-added');
      assert.match(await page.locator('.govuk-notification-banner').innerText(), /The organisation is added/);
      await page.getByLabel('Homes owned at the end of that year').fill('3150');
      await page.getByRole('button', { name: 'Enter homes' }).click();
      await me.step('organisation-homes');
      assert.match(await page.locator('.govuk-notification-banner').innerText(), /The homes are entered/);
      await page.getByLabel('Full name').fill(js ? 'Priya Natarajan' : 'Tom Reyes');
      await page.getByLabel('Work email address').fill(js ? 'priya@riverside.example' : 'tom@hillside.example');
      await page.getByRole('button', { name: 'Send the invitation' }).click();
      await me.step('organisation-invited');
      assert.match(await page.locator('.govuk-notification-banner').innerText(), /The invitation is on its way/);
      assert.match(await page.locator('main').innerText(), /The invitation is waiting to be sent|The invitation was sent/);

      // A new officer, invited: they choose a password with the emailed link and sign in.
      await page.getByRole('link', { name: 'Settings', exact: true }).first().click();
      await page.getByRole('link', { name: 'Staff accounts' }).click();
      await page.getByRole('link', { name: 'Invite someone' }).click();
      await me.step('invite');
      await page.getByRole('button', { name: 'Send the invitation' }).click();
      await me.step('invite-mistakes');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter their full name/);
      const email = js ? 'sam.okafor@ashfordvale.example' : 'kim.lee@ashfordvale.example';
      await page.getByLabel('Full name').fill(js ? 'Sam Okafor' : 'Kim Lee');
      await page.getByLabel('Work email address').fill(email);
      await page.getByLabel('Case officer').check();
      await page.getByRole('button', { name: 'Send the invitation' }).click();
      await me.step('invited');
      assert.match(await page.locator('.govuk-notification-banner').innerText(), /The invitation is on its way/);
      await me.close();

      const link = await invitationTo(email);
      const newcomer = await Person.open(ctx.browser, { journey: 'settings-invited', js });
      await newcomer.visit(link, 'choose-password');
      await newcomer.page.getByLabel('New password', { exact: true }).fill('copper kettle harbour lamp');
      await newcomer.page.getByLabel('New password again').fill('copper kettle harbour');
      await newcomer.page.getByRole('button', { name: 'Set my password' }).click();
      await newcomer.step('choose-password-mistake');
      assert.match(await newcomer.page.locator('.govuk-error-summary').innerText(), /do not match/);
      await newcomer.page.getByLabel('New password', { exact: true }).fill('copper kettle harbour lamp');
      await newcomer.page.getByLabel('New password again').fill('copper kettle harbour lamp');
      await newcomer.page.getByRole('button', { name: 'Set my password' }).click();
      await newcomer.step('password-chosen');
      assert.match(await newcomer.page.locator('.govuk-notification-banner').innerText(), /Your password is set/);
      await newcomer.page.getByLabel('Email address').fill(email);
      await newcomer.page.getByLabel('Password').fill('copper kettle harbour lamp');
      await newcomer.page.getByRole('button', { name: 'Sign in' }).click();
      await newcomer.step('signed-in');
      assert.doesNotMatch(new URL(newcomer.page.url()).pathname, /^\/sign-in/);
      await newcomer.close();
    });
  });
}
