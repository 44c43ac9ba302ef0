import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type CeleryClientConfig,
  DEBIAN_PYTHON,
  celeryCanvas,
  celerySendAndGet,
  hasPythonCelery,
  must,
} from '@celery-cloud/testkit';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevProcess, repoRoot, startDevProcess } from './devProcess.js';

// Debian's chromium package; CI installs it (scripts/bootstrap.sh).
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`!!! SKIPPED the live view browser test: ${CHROMIUM} is missing (apt-get install chromium)`);
}
// LIVE_VIEW_SCREENSHOT=1 refreshes the screenshots in docs/images.
const screenshots = process.env.LIVE_VIEW_SCREENSHOT ? resolve(repoRoot, 'docs/images') : null;

const row = (id: string | undefined) => `#task-rows tr[data-uuid="${must(id, 'a task id')}"]`;

async function rowsShown(page: Page): Promise<Array<{ uuid: string; state: string; name: string }>> {
  return page.$$eval('#task-rows tr', (trs) =>
    trs.map((tr) => ({
      uuid: tr.getAttribute('data-uuid') ?? '',
      state: tr.getAttribute('data-state') ?? '',
      name: tr.querySelector('button.open')?.textContent ?? '',
    })),
  );
}

describe.skipIf(!hasPythonCelery() || !hasChromium)(
  `celery-cloud dev --ui in ${CHROMIUM}, tasks sent by ${DEBIAN_PYTHON} Celery 5.2`,
  () => {
    let dev: DevProcess;
    let browser: Browser;
    let page: Page;
    let client: CeleryClientConfig;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      dev = await startDevProcess(['--tasks', 'examples/tasks.ts', '--summary-interval', '0', '--ui']);
      client = dev.config as unknown as CeleryClientConfig;
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      dev?.child.kill('SIGTERM');
      await dev?.exited;
    });

    it('serves the page on 127.0.0.1 and names its URL in the --json line', async () => {
      expect(dev.config.ui_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      await page.goto(dev.config.ui_url as string);
      await page.waitForSelector('body[data-ready="true"]');
      expect(await page.textContent('#connection')).toBe('live');
      expect(await page.getAttribute('#counts', 'aria-live')).toBe('polite');
      expect(await page.locator('main').count()).toBe(1);
    });

    it('shows a success, a failure, a retry and a chord live, with their states', async () => {
      const [add, fail, flaky] = await celerySendAndGet(client, [
        { name: 'tasks.add', args: [2, 3] },
        { name: 'tasks.fail', args: ['no good'] },
        { name: 'tasks.flaky', args: ['hi'], timeout: 60 },
      ]);
      expect(add).toMatchObject({ state: 'SUCCESS', result_repr: '5' });
      expect(fail).toMatchObject({ state: 'FAILURE', exc_class: 'builtins.ValueError' });
      expect(flaky).toMatchObject({ state: 'SUCCESS', result_repr: "'hi after 1 retry'" });
      const [chain, chord] = await celeryCanvas(client, [
        { code: "result = chain(s('tasks.add', 1, 2), s('tasks.mul', 10)).delay()" },
        {
          code: "result = chord([s('tasks.add', 1, 1), s('tasks.add', 2, 2)], s('tasks.tsum')).delay()",
          timeout: 60,
        },
      ]);
      expect(chain?.result.result_repr).toBe('30');
      expect(chord?.result.result_repr).toBe('6');
      Object.assign(ids, {
        add: must(add).id,
        fail: must(fail).id,
        flaky: must(flaky).id,
        mul: must(chain).result.id,
        chainFirst: must(must(chain).parents[0])[0],
        tsum: must(chord).result.id,
      });

      await page.waitForSelector(`${row(ids.add)}[data-state="SUCCESS"]`);
      await page.waitForSelector(`${row(ids.fail)}[data-state="FAILURE"]`);
      await page.waitForSelector(`${row(ids.flaky)}[data-state="SUCCESS"]`);
      await page.waitForSelector(`${row(ids.mul)}[data-state="SUCCESS"]`);
      await page.waitForSelector(`${row(ids.tsum)}[data-state="SUCCESS"]`);
      const counts = await page.$$eval('#counts li', (lis) =>
        Object.fromEntries(
          lis.map((li) => [li.getAttribute('data-state'), Number(li.querySelector('.n')?.textContent)]),
        ),
      );
      expect(counts.FAILURE).toBe(1);
      expect(counts.SUCCESS).toBeGreaterThanOrEqual(7);
      expect(await page.textContent('#chart-caption')).toMatch(/Last minute: \d+ tasks finished/);
    });

    it('shows a failure with its exception and traceback, and a retry in the history', async () => {
      await page.click(`${row(ids.fail)} button.open`);
      await expect.poll(() => page.textContent('#detail-body')).toMatch(/ValueError\("no good"\)/);
      expect(await page.textContent('#detail-body pre.tb')).toMatch(/^Traceback \(most recent call last\):/);
      expect(await page.textContent('#detail-body pre')).toContain('"no good"');

      await page.click(`${row(ids.flaky)} button.open`);
      const history = await page.$$eval('#detail-body .history .badge', (b) => b.map((x) => x.textContent));
      expect(history).toEqual(['RECEIVED', 'STARTED', 'RETRY', 'RECEIVED', 'STARTED', 'SUCCESS']);
      expect(await page.textContent('#detail-body pre.result')).toBe('"hi after 1 retry"');
    });

    it('links a chain and a chord as a small tree', async () => {
      await page.click(`${row(ids.mul)} button.open`);
      const chainTree = await page.textContent('#detail-body .tree');
      expect(chainTree).toContain('tasks.add');
      expect(chainTree).toContain('tasks.mul');
      expect(await page.$$eval('#detail-body .tree li li', (l) => l.length)).toBeGreaterThanOrEqual(1);

      await page.click(`${row(ids.tsum)} button.open`);
      const chordTree = await page.textContent('#detail-body .tree');
      expect(chordTree).toMatch(/group \w{8} \(2 tasks\)/);
      expect(chordTree).toMatch(/chord body: ?tasks\.tsum/);
    });

    it('filters by state and by name, from the keyboard too', async () => {
      await page.selectOption('#filter-state', 'FAILURE');
      await expect.poll(async () => (await rowsShown(page)).map((r) => r.uuid)).toEqual([ids.fail]);
      expect(await page.textContent('#shown')).toMatch(/Showing 1 of \d+ tasks \(filtered\)/);

      await page.click('#filter-clear');
      await page.focus('#filter-name');
      await page.keyboard.type('tasks.mul');
      await expect.poll(async () => (await rowsShown(page)).map((r) => r.name)).toEqual(['tasks.mul']);

      // Tab from the filters to the clear button, then into the table; Enter opens the details.
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement?.id')).toBe('filter-clear');
      await page.keyboard.press('Enter');
      await expect.poll(async () => (await rowsShown(page)).length).toBeGreaterThan(5);
      await page.focus(`${row(ids.add)} button.open`);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.textContent('#detail-heading')).toMatch(/^tasks\.add /);
      expect(await page.evaluate('document.activeElement?.id')).toBe('detail-heading');
    });

    it('fits a 375 px wide phone screen', async () => {
      if (screenshots) {
        mkdirSync(screenshots, { recursive: true });
        await page.click(`${row(ids.tsum)} button.open`);
        await page.screenshot({ path: resolve(screenshots, 'live-view.png'), fullPage: true });
      }
      await page.setViewportSize({ width: 375, height: 812 });
      await page.click(`${row(ids.tsum)} button.open`);
      await page.waitForSelector('#detail:not([hidden])');
      // Nothing wider than the screen: no sideways scrolling, every control and panel inside it.
      await expect
        .poll(() => page.evaluate<number>('document.documentElement.scrollWidth'))
        .toBeLessThanOrEqual(375);
      for (const selector of ['#filter-state', '#filter-name', '#counts', '#chart svg', '#detail']) {
        const inside = async () => {
          const box = await page.locator(selector).boundingBox();
          return box !== null && box.x >= 0 && box.x + box.width <= 375;
        };
        await expect.poll(inside, { message: `${selector} within 375 px` }).toBe(true);
      }
      expect(await page.locator('th.col-id').isVisible()).toBe(false);
      // The task table itself fits too, without scrolling sideways inside its box.
      const table = await page.$eval('.table-wrap', (wrap) => [wrap.scrollWidth, wrap.clientWidth]);
      expect(table[0]).toBeLessThanOrEqual(must(table[1]));
      if (screenshots)
        await page.screenshot({ path: resolve(screenshots, 'live-view-phone.png'), fullPage: true });
    });
  },
  180_000,
);
