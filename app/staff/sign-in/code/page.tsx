import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import QRCode from 'qrcode';
import { Button, Field, inputClass, Notice, StaffMain } from '@/components/staff/ui';
import { readStaffSignInTicket } from '@/lib/domain/staff/staff-sign-in';
import { totpUri } from '@/lib/domain/staff/totp';
import { readStaffTicket } from '@/lib/server/auth/staff';
import { getPrisma } from '@/lib/server/db';
import { getStaffTotpKey } from '@/lib/server/env';
import { staffPath } from '../../_lib/session';
import { type SignInSearch, signInError } from '../sign-in-response';

/** Step 2: the TOTP code, or (first sign-in of a SUPERVISOR or ADMIN) enrolment with a QR code. */
export default async function StaffCodePage({
  searchParams,
}: {
  searchParams: Promise<SignInSearch>;
}) {
  const search = await searchParams;
  const back = staffPath(search.back);
  const ticket = readStaffTicket(await headers());
  const pending = ticket
    ? await readStaffSignInTicket(getPrisma(), { ticket, totpKey: getStaffTotpKey() })
    : null;
  if (!pending) redirect(`/staff/sign-in?error=expired&back=${encodeURIComponent(back)}`);
  const error = signInError(search);
  const enrol = pending.stage === 'ENROL' && pending.enrolSecret;
  const qr = enrol
    ? await QRCode.toDataURL(totpUri(enrol, pending.email), { margin: 1, width: 220 })
    : null;
  return (
    <StaffMain title={enrol ? 'Налаштуйте другий фактор входу' : 'Код підтвердження'}>
      {error && <Notice kind="error">{error}</Notice>}
      {enrol && qr ? (
        <div className="mt-4 max-w-xl">
          <p>
            Ваша роль вимагає другого фактора. Відскануйте QR-код застосунком-автентифікатором
            (Google Authenticator, Microsoft Authenticator, FreeOTP тощо) і введіть шестизначний
            код, який він покаже.
          </p>
          {/* biome-ignore lint/performance/noImgElement: a generated data URL, not an optimisable asset */}
          <img
            src={qr}
            width={220}
            height={220}
            alt="QR-код для застосунку-автентифікатора"
            className="mt-4"
          />
          <p className="mt-3">
            Або введіть ключ вручну: <code className="break-all font-mono">{enrol}</code>
          </p>
        </div>
      ) : (
        <p className="mt-4 max-w-xl">
          Введіть шестизначний код із застосунку-автентифікатора для {pending.email}.
        </p>
      )}
      <form
        method="post"
        action="/staff/sign-in/code/submit"
        className="mt-6 flex max-w-md flex-col gap-4"
      >
        <input type="hidden" name="back" value={back} />
        <Field id="code" label="Код із застосунку">
          <input
            id="code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]{6,7}"
            required
            maxLength={7}
            className={inputClass}
          />
        </Field>
        <div>
          <Button>Підтвердити</Button>
        </div>
      </form>
      <p className="mt-6">
        <a className="underline" href="/staff/sign-in">
          Почати вхід заново
        </a>
      </p>
    </StaffMain>
  );
}
