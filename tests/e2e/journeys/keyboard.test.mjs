// Signing in with the keyboard alone: the skip link comes first and is visible, every control
// shows where the focus is, and the order is the reading order.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JS_MODES, Person } from '../lib/browser.mjs';
import { withApp } from '../lib/suite.mjs';

const ctx = withApp();

/** What has the focus, and whether it can be seen (GOV.UK's focus style: outline or box shadow). */
async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      text: (el.innerText || el.value || '').trim(),
      visibleFocus: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none',
      onScreen: r.width > 1 && r.height > 1 && r.bottom > 0 && r.right > 0,
    };
  });
}

for (const { js, label } of JS_MODES) {
  describe(`the keyboard ${label}`, () => {
    test('signs in without a mouse', async () => {
      const who = ctx.app.logins['Case officer'];
      const me = await Person.open(ctx.browser, { journey: 'keyboard-sign-in', js });
      const page = me.page;
      await me.visit(`${ctx.app.base}/sign-in`, 'sign-in');

      await page.keyboard.press('Tab');
      let f = await focused(page);
      assert.equal(f.text, 'Skip to main content', 'the skip link is first');
      assert.ok(f.visibleFocus && f.onScreen, 'the skip link shows when focused');
      await me.step('skip-link-focused');

      // Following the skip link moves on past the header: the next Tab lands in the form,
      // not on the service name's link.
      await page.keyboard.press('Enter');
      const order = [];
      for (let i = 0; i < 3; i += 1) {
        await page.keyboard.press('Tab');
        f = await focused(page);
        assert.ok(f.visibleFocus, `focus is visible on ${f.tag}#${f.id} "${f.text}"`);
        order.push(f.id || f.text);
        if (f.id === 'email') await page.keyboard.type(who.email);
        if (f.id === 'password') await page.keyboard.type(ctx.app.password);
      }
      assert.deepEqual(order, ['email', 'password', 'Sign in'], 'after the skip link: email, password, button');
      await me.step('button-focused');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/cases$/);
      await me.step('signed-in');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Your cases');
      await me.close();
    });
  });
}
