// The harness itself: the accessibility check must be able to fail, with and without
// JavaScript, or a green run would mean nothing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JS_MODES, Person } from '../lib/browser.mjs';
import { withApp } from '../lib/suite.mjs';

const ctx = withApp({ cases: 20 });

for (const { js, label } of JS_MODES) {
  describe(`the accessibility check ${label}`, () => {
    test('finds a form field without a label and an image without alternative text', async () => {
      const me = await Person.open(ctx.browser, { journey: 'harness-self-test', js });
      await me.visit(`${ctx.app.base}/sign-in`, 'real-page-passes');
      // Break the real page the way a careless template change would.
      await me.page.evaluate(() => {
        document.querySelector('label[for=email]').remove();
        const img = document.createElement('img');
        img.src = '/assets/favicon.svg';
        document.querySelector('main').append(img);
      });
      await assert.rejects(me.checkAccessibility('broken-page'), (err) => {
        assert.match(err.message, /label/);
        assert.match(err.message, /image-alt/);
        return true;
      });
      await me.close();
    });
  });
}
