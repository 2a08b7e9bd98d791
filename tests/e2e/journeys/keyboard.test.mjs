// Signing in with the keyboard alone: the skip link comes first and is visible, every control
// shows where the focus is, and the order is the reading order.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JS_MODES, Person } from '../lib/browser.mjs';
import { withApp } from '../lib/suite.mjs';

const ctx = withApp();

/**
 * What has the focus, and whether it can be seen: GOV.UK's focus style is an outline or a box
 * shadow; on radios and checkboxes it is drawn on the label's ::before.
 */
async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const isChoice = el.matches('input[type=radio], input[type=checkbox]');
    const styled = isChoice ? getComputedStyle(el.nextElementSibling, '::before') : getComputedStyle(el);
    const shown = (s) => (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && s.outlineColor !== 'rgba(0, 0, 0, 0)') || s.boxShadow !== 'none';
    const r = (isChoice ? el.nextElementSibling : el).getBoundingClientRect();
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      text: (el.innerText || el.value || '').trim(),
      visibleFocus: shown(styled),
      onScreen: r.width > 1 && r.height > 1 && r.bottom > 0 && r.right > 0,
    };
  });
}

/** Press Tab until the focus is on what `wanted` picks (an id, or a function of the focus). */
async function tabTo(page, wanted, max = 120) {
  const matches = typeof wanted === 'string' ? (f) => f.id === wanted : wanted;
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    assert.ok(f.visibleFocus, `focus is visible on ${f.tag}#${f.id} "${f.text.slice(0, 40)}" (${page.url()})`);
    if (matches(f)) return f;
  }
  assert.fail(`Tab never reached ${wanted} on ${page.url()}`);
}

const text = (t) => (f) => f.text === t;

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
      await page.waitForURL(/\/worklist$/);
      await me.step('signed-in');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'My worklist');
      await me.close();
    });
  });
}

for (const { js, label } of JS_MODES) {
  describe(`the keyboard ${label}, on the public pages`, () => {
    test('completes an anonymous report without a mouse', async () => {
      const me = await Person.open(ctx.browser, { journey: 'keyboard-report', js });
      const page = me.page;
      const kb = page.keyboard;
      await me.visit(`${ctx.app.base}/report`, 'start');
      await tabTo(page, text('Start now'));
      await kb.press('Enter');
      await page.waitForURL(/\/report\/danger$/);

      await tabTo(page, 'danger');
      await kb.press('ArrowDown'); // Yes -> No
      await tabTo(page, text('Continue'));
      await kb.press('Enter');
      await page.waitForURL(/\/report\/what$/);

      await tabTo(page, 'categories-noise');
      await kb.press('Space');
      await tabTo(page, 'description');
      await kb.type('Dogs barking in the yard at number 4 all night.');
      await tabTo(page, 'how_often');
      await kb.press('Space'); // It happened once
      await tabTo(page, 'happening_now');
      await kb.press('ArrowRight'); // Yes -> No
      await me.step('what-by-keyboard');
      await tabTo(page, text('Continue'));
      await kb.press('Enter');
      await page.waitForURL(/\/report\/where$/);

      await tabTo(page, 'address');
      await kb.type('Yard behind 4 Mill Street');
      await tabTo(page, text('Continue'));
      await kb.press('Enter');
      await page.waitForURL(/\/report\/risk$/);

      for (const key of ['feels_unsafe', 'threats_or_violence', 'health_or_sleep', 'disability_or_vulnerability', 'targeted_for_who_they_are', 'children_in_household', 'happened_before', 'considering_moving']) {
        await tabTo(page, key);
        await kb.press('ArrowRight'); // Yes -> No
      }
      await me.step('risk-by-keyboard');
      await tabTo(page, text('Continue'));
      await kb.press('Enter');
      await page.waitForURL(/\/report\/about$/);

      await tabTo(page, 'known');
      await kb.press('ArrowDown'); // -> I do not know
      await tabTo(page, text('Continue'));
      await kb.press('Enter');
      await page.waitForURL(/\/report\/evidence$/);

      await tabTo(page, text('Continue'));
      await kb.press('Enter');
      await page.waitForURL(/\/report\/contact$/);

      await tabTo(page, 'anonymous');
      await kb.press('ArrowDown'); // -> Anonymously
      await tabTo(page, text('Continue'));
      await kb.press('Enter');
      await page.waitForURL(/\/report\/check$/);
      await me.step('check-by-keyboard');

      await tabTo(page, text('Send report'));
      await kb.press('Enter');
      await page.waitForURL(/\/report\/done$/);
      await me.step('sent-by-keyboard');
      assert.match(await page.locator('.govuk-panel').innerText(), /ASB-\d{4}-\d{6}/);
      await me.close();
    });
  });
}
