// A case officer's own account: turning on two-step sign-in with an authenticator app (the code
// worked out here as the app would), signing in again with a code, changing the password after
// a mistake, and signing out everywhere. Every page checked with axe-core, with and without
// JavaScript.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JS_MODES, Person } from '../lib/browser.mjs';
import { signIn, withApp } from '../lib/suite.mjs';
import { code } from '../lib/totp.mjs';

const ctx = withApp({ cases: 20 });

for (const { js, label } of JS_MODES) {
  describe(`your account ${label}`, () => {
    test('an officer turns on two-step sign-in, signs in with a code, changes their password and signs out everywhere', async () => {
      const login = js ? ctx.app.logins['Case officer'] : ctx.app.logins['Team manager'];
      const me = await Person.open(ctx.browser, { journey: 'account', js });
      const page = me.page;
      await signIn(me, ctx.app, login, 'sign-in');
      await page.getByRole('link', { name: /your account/ }).click();
      await me.step('account');
      await page.getByRole('link', { name: 'Set up two-step sign-in' }).click();
      await me.step('two-step-setup');
      const key = (await page.locator('.app-key').innerText()).trim();
      await page.getByLabel('Code from the app').fill('123');
      await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
      await me.step('two-step-mistake');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter the 6-digit code/);
      await page.getByLabel('Code from the app').fill(code(key));
      await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
      await me.step('two-step-on');
      assert.match(await page.locator('main').innerText(), /Two-step sign-in is on/);

      const again = await Person.open(ctx.browser, { journey: 'account-again', js });
      await signIn(again, ctx.app, login, 'sign-in-again');
      await again.step('code');
      await again.page.getByLabel('Code').fill(code(key, 1));
      await again.page.getByRole('button', { name: 'Continue' }).click();
      await again.step('signed-in-with-code');
      assert.doesNotMatch(again.page.url(), /sign-in/);

      await page.getByRole('link', { name: 'Change your password' }).click();
      await me.step('password');
      await page.getByLabel('Current password').fill(ctx.app.password);
      await page.getByLabel('New password', { exact: true }).fill('short');
      await page.getByLabel('New password again').fill('short');
      await page.getByRole('button', { name: 'Change password' }).click();
      await me.step('password-mistake');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /12 characters or more/);
      await page.getByLabel('Current password').fill(ctx.app.password);
      await page.getByLabel('New password', { exact: true }).fill(`kettle orbit marmalade ${label}`);
      await page.getByLabel('New password again').fill(`kettle orbit marmalade ${label}`);
      await page.getByRole('button', { name: 'Change password' }).click();
      await me.step('password-changed');
      assert.match(await page.locator('main').innerText(), /Your password has been changed/);

      await page.getByRole('button', { name: 'Sign out everywhere' }).click();
      await me.step('signed-out-everywhere');
      assert.match(await page.locator('main').innerText(), /signed out on every browser/);
      await again.page.reload();
      assert.match(again.page.url(), /sign-in/);
      await again.close();
      await me.close();
    });
  });
}
