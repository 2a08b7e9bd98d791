// What each role does not see, and the pages that say so.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JS_MODES, Person } from '../lib/browser.mjs';
import { signIn, withApp } from '../lib/suite.mjs';

const ctx = withApp();

for (const { js, label } of JS_MODES) {
  describe(`access ${label}`, () => {
    test('an analyst sees the figures but no case and no names', async () => {
      const me = await Person.open(ctx.browser, { journey: 'analyst', js });
      await signIn(me, ctx.app, ctx.app.logins.Analyst, 'sign-in-analyst');
      await me.step('overview');
      assert.equal(await me.page.locator('.app-counts a').count(), 0, 'no links into case lists');
      assert.equal(await me.page.locator('table', { hasText: 'Workload by officer' }).count(), 0);
      const res = await me.visit(`${ctx.app.base}/cases`, 'cases-refused');
      assert.equal(res.status(), 403);
      assert.match(await me.page.getByRole('heading', { level: 1 }).innerText(), /You do not have access/);
      await me.close();
    });

    test("a partner officer sees only their own organisation's cases, not the council's unshared ones", async () => {
      const me = await Person.open(ctx.browser, { journey: 'partner-officer', js });
      await signIn(me, ctx.app, ctx.app.logins['Partner officer'], 'sign-in-partner-officer');
      await me.step('partner-cases');
      assert.match(await me.page.locator('main').innerText(), /No cases match these filters/);
      // The demo shares and refers a few cases with the police: those they may read.
      const given = new Set();
      for (const path of ['/shared', '/referrals']) {
        await me.visit(`${ctx.app.base}${path}`, `partner${path.replace('/', '-')}`);
        for (const m of (await me.page.locator('main').innerText()).matchAll(/ASB-\d{4}-\d+/g)) given.add(m[0]);
      }

      // A council case not shared with or referred to them, found as the council's officer.
      const council = await Person.open(ctx.browser, { journey: 'council-officer', js });
      await signIn(council, ctx.app, ctx.app.logins['Case officer'], 'sign-in-council-officer');
      await council.visit(`${ctx.app.base}/cases`, 'council-cases');
      const references = await council.page.locator('tbody th a').allInnerTexts();
      const reference = references.map((r) => r.trim()).find((r) => !given.has(r));
      assert.ok(reference, 'the council has a case the police were not given');
      await council.close();

      const res = await me.visit(`${ctx.app.base}/cases/${reference}`, 'council-case-not-found');
      assert.equal(res.status(), 404);
      assert.match(await me.page.getByRole('heading', { level: 1 }).innerText(), /Page not found/);
      await me.close();
    });

    test('an unknown address gets a plain, accessible "page not found"', async () => {
      const me = await Person.open(ctx.browser, { journey: 'not-found', js });
      const res = await me.visit(`${ctx.app.base}/no/such/page`, 'not-found');
      assert.equal(res.status(), 404);
      await me.close();
    });
  });
}
