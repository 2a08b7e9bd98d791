// What every journey file shares: one server and one browser for the file, and signing in.
import { after, before } from 'node:test';
import { startApp } from './app.mjs';
import { launch } from './browser.mjs';

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
