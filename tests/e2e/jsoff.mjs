import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
const axe = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run'] });
for (const js of [false, true]) {
const ctx = await b.newContext({ javaScriptEnabled: js, bypassCSP: true });
const p = await ctx.newPage();
await p.goto('http://127.0.0.1:8099/sign-in');
console.log('body class', await p.evaluate(() => document.body.className));
try { const r = await p.evaluate(axe + `\n;axe.run(document, {runOnly:{type:'tag', values:['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22a','wcag22aa']}})`); console.log('violations', r.violations.map(v=>v.id+': '+v.nodes.length), 'passes', r.passes.length); } catch (e) { console.log('ERR', e.message.slice(0,300)); }
}
await b.close();
