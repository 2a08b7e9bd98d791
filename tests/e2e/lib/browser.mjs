// Debian's Chromium driven by playwright-core: no browser download, a fresh profile per run.
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const repo = resolve(import.meta.dirname, '../../..');

export const SCREENSHOTS = process.env.ASBCASE_SCREENSHOTS ?? join(repo, 'target/e2e-screenshots');

/** WCAG 2.2 A and AA, and everything before it. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    // playwright-core launches with a fresh, temporary profile every time.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * A person at a browser, with JavaScript on or off. Every page they reach through `visit` or
 * `step` is screenshotted and checked with axe-core.
 */
export class Person {
  constructor(browser, context, page, { journey, js }) {
    this.browser = browser;
    this.context = context;
    this.page = page;
    this.js = js;
    this.dir = join(SCREENSHOTS, `${journey}-${js ? 'js' : 'no-js'}`);
    this.count = 0;
    this.checked = [];
    mkdirSync(this.dir, { recursive: true });
  }

  static async open(browser, { journey, js = true }) {
    const context = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    return new Person(browser, context, page, { journey, js });
  }

  async visit(url, name) {
    const res = await this.page.goto(url);
    await this.step(name);
    return res;
  }

  /** Record the page as it is now: a screenshot, then the accessibility check. */
  async step(name) {
    this.count += 1;
    const file = join(this.dir, `${String(this.count).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file, fullPage: true });
    await this.checkAccessibility(name);
  }

  /**
   * axe-core on the page as this person sees it. axe needs JavaScript, so for a person without
   * it the page's own HTML is replayed, scripts removed, into a checking page that has it: the
   * same DOM and styles, no enhancements.
   */
  async checkAccessibility(name) {
    let target = this.page;
    let checker;
    if (!this.js) {
      const url = this.page.url();
      const html = (await this.page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
      checker = await this.browser.newContext({ javaScriptEnabled: true, bypassCSP: true, viewport: { width: 1024, height: 768 } });
      target = await checker.newPage();
      await target.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
      await target.goto(url);
    }
    try {
      await target.evaluate(axeSource);
      const result = await target.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), WCAG_TAGS);
      this.checked.push(this.page.url());
      const problems = result.violations.map(
        (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n    ')}`,
      );
      assert.deepEqual(problems, [], `accessibility violations on ${name} (${this.page.url()}), ${this.js ? 'with' : 'without'} JavaScript:\n  ${problems.join('\n  ')}`);
    } finally {
      if (checker) await checker.close();
    }
  }

  async close() {
    await this.context.close();
  }
}

/** Both ways every journey runs. */
export const JS_MODES = [
  { js: true, label: 'with JavaScript' },
  { js: false, label: 'without JavaScript' },
];
