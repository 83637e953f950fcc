import { expect, test } from '@playwright/test';
import { extractText, getDocumentProxy } from 'unpdf';
import { LOCALE_COOKIE, type Locale } from '../../lib/i18n/locales';
import { messagesFor } from '../../lib/i18n/messages';
import { dialerChangesSince, dialerCursor, generatedDebtorsOnCallList } from './demo-debtors';
import { expectAccessibleAt360, getIdempotent, plain, useOwnClientAddress } from './helpers';

/**
 * Issue 15, item 3: a resident signed in to two accounts (their own flat and their parents')
 * pays the overdue part of both in ONE checkout through the demo provider, and sees a receipt
 * per account with "taken off the call list" for each; the dialer's changes feed removes both.
 * On a laptop and a phone, in each language. It pays generated demo accounts that are on the
 * call list (never the fixtures, which other journeys rely on), a different pair in each run.
 */
const LOCALES: Locale[] = ['uk', 'ru', 'en'];

for (const [localeIndex, locale] of LOCALES.entries()) {
  test(`pay two linked accounts in one checkout (${locale})`, async ({
    page,
    context,
    request,
    baseURL,
  }, testInfo) => {
    const m = messagesFor(locale);
    await useOwnClientAddress(page, testInfo);
    // Each project and language pays its own pair: a partition of the dialer's list that no
    // other run of this test touches.
    const slot = (testInfo.project.name === 'phone' ? 3 : 0) + localeIndex;
    const candidates = (await generatedDebtorsOnCallList(request)).filter(
      (debtor) => Number(debtor.number) % 12 === slot,
    );
    const [own, parents] = candidates;
    if (!own || !parents) throw new Error(`fewer than two demo debtors in slot ${slot}`);
    const cursor = await dialerCursor(request);

    // Sign in to both (the second through "add another account"), in Ukrainian as the
    // sign-in labels are; then the language of this run.
    for (const debtor of [own, parents]) {
      await page.goto('/sign-in?back=%2Faccount');
      await page.getByLabel('Номер особового рахунку').fill(debtor.number);
      await page.getByLabel('Код доступу з квитанції').fill(debtor.billAccessCode);
      await page.getByRole('button', { name: 'Увійти', exact: true }).click();
      await expect(page).toHaveURL(/\/account$/);
    }
    // The demo checkout and the result page are on APP_URL (localhost), the test on 127.0.0.1.
    const port = new URL(baseURL ?? 'http://127.0.0.1').port;
    await context.addCookies(
      ['127.0.0.1', 'localhost'].map((host) => ({
        name: LOCALE_COOKIE,
        value: locale,
        url: `http://${host}:${port}`,
      })),
    );

    await page.goto('/account');
    await page.getByRole('link', { name: m.paySeveral.link }).click();
    await expect(page).toHaveURL(/\/account\/pay$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.paySeveral.title);
    await expect(page.getByTestId('pay-several-account')).toHaveCount(2);
    // "The overdue parts" when it differs from everything due (the form starts with the latter).
    const overdueParts = page.getByRole('link', {
      name: new RegExp(m.paySeveral.fillOverdue.split(':')[0] ?? ''),
    });
    if ((await overdueParts.count()) > 0) {
      await overdueParts.click();
      await expect(page).toHaveURL(/fill=overdue/);
    }
    await expectAccessibleAt360(page);
    for (const debtor of [own, parents]) {
      const field = page.getByLabel(
        m.paySeveral.amountFor.replace('{account}', debtor.number.replace(/(\d{4})(?=\d)/g, '$1 ')),
      );
      await expect(field).not.toHaveValue('');
    }

    await page.getByRole('button', { name: m.paySeveral.submit }).click();
    await expect(page).toHaveURL(/\/pay\/demo\/cs_demo_/);
    await page
      .getByRole('button', { name: new RegExp(`^${m.demoCheckout.pay.split(' ')[0]}`) })
      .click();
    await expect(page).toHaveURL(/\/pay\/result\?session_id=cs_demo_/);
    await expect(page.getByRole('heading', { name: m.result.paidTitle })).toBeVisible({
      timeout: 20_000,
    });

    // A receipt per account, each with its own number and "taken off the call list".
    const receipts = page.getByTestId('paid-receipt');
    await expect(receipts).toHaveCount(2);
    const removed = m.callListOutcome.removed.split(' {date}')[0] ?? '';
    const numbers: string[] = [];
    for (const [index, debtor] of [own, parents].entries()) {
      const receipt = receipts.nth(index);
      await expect(receipt).toContainText(debtor.number);
      await expect(receipt.getByTestId('call-list-outcome')).toContainText(removed);
      const text = plain((await receipt.textContent()) ?? '');
      const number = /KP-\d{4}-\d{8}/.exec(text)?.[0];
      if (!number) throw new Error('no receipt number');
      numbers.push(number);
    }
    expect(new Set(numbers).size).toBe(2);
    await expect(page.getByTestId('checkout-total')).toBeVisible();
    await expectAccessibleAt360(page);

    // The PDF of the checkout carries both receipts.
    const sessionId = new URL(page.url()).searchParams.get('session_id') ?? '';
    const download = await getIdempotent(request, `/receipts/${sessionId}/pdf`);
    expect(download.status()).toBe(200);
    const pdf = await getDocumentProxy(new Uint8Array(await download.body()));
    const pdfText = (await extractText(pdf, { mergePages: true })).text.replace(/\s+/g, ' ');
    for (const [index, debtor] of [own, parents].entries()) {
      expect(pdfText).toContain(numbers[index] ?? '-');
      expect(pdfText).toContain(debtor.number);
    }

    // The dialer stops calling both numbers.
    const changes = await dialerChangesSince(request, cursor);
    for (const debtor of [own, parents]) {
      expect(changes).toContainEqual(
        expect.objectContaining({
          accountNumber: debtor.number,
          action: 'REMOVED',
          reason: 'PAID',
        }),
      );
    }
  });
}
