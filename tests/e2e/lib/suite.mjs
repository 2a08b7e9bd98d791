// What every journey file shares: one server and one browser for the file, and signing in.
import { after, before } from 'node:test';
import { startApp } from './app.mjs';
import { launch } from './browser.mjs';
import { code } from './totp.mjs';

/**
 * Start the app and a browser before the file's tests and stop them after. Returns an object
 * whose `app` and `browser` are set once the tests run.
 */
export function withApp(options) {
  const ctx = { app: undefined, browser: undefined };
  before(async () => {
    ctx.app = await startApp(options);
    ctx.browser = await launch();
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.app?.stop();
  });
  return ctx;
}

/** Sign `me` in as `who` (one of app.logins) through the sign-in page. */
export async function signIn(me, app, who, step) {
  await me.visit(`${app.base}/sign-in`, step);
  await me.page.getByLabel('Email address').fill(who.email);
  await me.page.getByLabel('Password').fill(app.password);
  await me.page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Sign `me` in as the administrator, who must use two-step sign-in: the first time it is set
 * up (its key kept on `app`), after that a code is given.
 */
export async function signInAsAdministrator(me, app) {
  await signIn(me, app, app.logins['Administrator'], 'sign-in');
  const page = me.page;
  if (!app.administratorKey) {
    await me.step('two-step-required');
    app.administratorKey = (await page.locator('.app-key').innerText()).trim();
    await page.getByLabel('Code from the app').fill(code(app.administratorKey));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
  } else {
    await me.step('code');
    // The next period's code: the one just used to set it up may not be used twice.
    await page.getByLabel('Code').fill(code(app.administratorKey, 1));
    await page.getByRole('button', { name: 'Continue' }).click();
  }
}
