// A case officer's own account: turning on two-step sign-in with an authenticator app (the code
// worked out here as the app would), signing in again with a code, changing the password after
// a mistake, and signing out everywhere. Every page checked with axe-core, with and without
// JavaScript.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { JS_MODES, Person } from '../lib/browser.mjs';
import { signIn, withApp } from '../lib/suite.mjs';

const ctx = withApp({ cases: 20 });

/** RFC 4648 base32 to bytes. */
function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The 6-digit code an authenticator app shows for `key` `offset` steps from now (RFC 6238). */
function code(key, offset = 0) {
  const step = Math.floor(Date.now() / 1000 / 30) + offset;
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32(key)).update(counter).digest();
  const at = mac[mac.length - 1] & 0x0f;
  const n = ((mac[at] & 0x7f) << 24) | (mac[at + 1] << 16) | (mac[at + 2] << 8) | mac[at + 3];
  return String(n % 1_000_000).padStart(6, '0');
}

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
