// SPDX-License-Identifier: GPL-2.0-only
//
// node tests/lib/check-page.js PAGE SCREENSHOT [TEXT...]: opens the HTML file
// PAGE in headless Chromium (Debian's, driven by puppeteer-core) with the
// network off, and prints one TAP line per check: it loads with no console
// error, no page error and no resource that failed or was fetched from the
// network; every TEXT is in one of its tables; every flame graph drew its
// frames.  A full-page screenshot goes to SCREENSHOT.  Exit 0 when all
// passed.  NODE_PATH must hold the npm packages (make deps: build/npm).
'use strict';

const path = require('path');
const puppeteer = require('puppeteer-core');

async function main() {
	const [page_path, screenshot, ...texts] = process.argv.slice(2);
	if (!page_path || !screenshot) {
		console.error('check-page: error: usage: check-page.js PAGE SCREENSHOT [TEXT...]');
		process.exit(2);
	}
	const url = 'file://' + path.resolve(page_path);
	const browser = await puppeteer.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
	});
	const problems = [];
	const offline = [];
	let n = 0, failed = 0;
	const check = (ok, what) => {
		n++;
		if (!ok)
			failed++;
		console.log(`${ok ? 'ok' : 'not ok'} ${n} - ${what}`);
	};

	try {
		const page = await browser.newPage();
		await page.setViewport({ width: 1400, height: 900 });
		await page.setRequestInterception(true);
		page.on('request', (req) => {
			if (req.url().startsWith('file://') || req.url().startsWith('data:')) {
				req.continue();
			} else {
				offline.push(req.url());
				req.abort();
			}
		});
		page.on('console', (msg) => {
			if (msg.type() === 'error')
				problems.push(`console error: ${msg.text()}`);
		});
		page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
		page.on('requestfailed', (req) => {
			if (!offline.includes(req.url()))
				problems.push(`failed to load ${req.url()}: ${req.failure().errorText}`);
		});
		await page.goto(url, { waitUntil: 'load', timeout: 60000 });
		// The flame graphs draw on load; give their transitions a moment.
		await new Promise((resolve) => setTimeout(resolve, 500));

		check(problems.length === 0,
		      `loads with no console error and no missing resource${problems.length ? ': ' + problems.join('; ') : ''}`);
		check(offline.length === 0,
		      `asks for nothing over the network${offline.length ? ': ' + offline.join(' ') : ''}`);
		const tables = await page.$$eval('table', (ts) => ts.map((t) => t.innerText));
		check(tables.length > 0, `has tables (${tables.length})`);
		for (const text of texts)
			check(tables.some((t) => t.includes(text)), `a table holds "${text}"`);
		const graphs = await page.$$eval('.flamegraph', (gs) =>
			gs.map((g) => g.querySelectorAll('svg g rect, svg rect').length));
		if (graphs.length)
			check(graphs.every((frames) => frames > 0),
			      `each of the ${graphs.length} flame graphs drew its frames (${graphs.join(' ')})`);
		await page.screenshot({ path: screenshot, fullPage: true });
		check(true, `screenshot in ${screenshot}`);
	} finally {
		await browser.close();
	}
	console.log(`${n - failed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}

main().catch((err) => {
	console.error(`check-page: error: ${err.message}`);
	process.exit(2);
});
