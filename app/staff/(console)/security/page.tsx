import { headers } from 'next/headers';
import QRCode from 'qrcode';
import {
  ActionForm,
  Button,
  Field,
  inputClass,
  Notice,
  Section,
  StaffMain,
} from '@/components/staff/ui';
import { requiresSecondFactor } from '@/lib/domain/staff/staff-actor';
import { readStaffSignInTicket } from '@/lib/domain/staff/staff-sign-in';
import { totpUri } from '@/lib/domain/staff/totp';
import { readStaffTicket } from '@/lib/server/auth/staff';
import { getPrisma } from '@/lib/server/db';
import { getStaffPolicy, getStaffTotpKey } from '@/lib/server/env';
import { flash } from '../../_lib/messages';
import { requireStaffPage } from '../../_lib/session';

type Search = { enrol?: string; notice?: string; error?: string; detail?: string };

/** The staff member's own security: the second factor (optional for SUPPORT) and sessions. */
export default async function SecurityPage({ searchParams }: { searchParams: Promise<Search> }) {
  const session = await requireStaffPage('SUPPORT');
  const search = await searchParams;
  const message = flash(search);
  const ticket = search.enrol ? readStaffTicket(await headers()) : null;
  const pending = ticket
    ? await readStaffSignInTicket(getPrisma(), { ticket, totpKey: getStaffTotpKey() })
    : null;
  const secret = pending?.stage === 'ENROL' ? pending.enrolSecret : undefined;
  const qr = secret
    ? await QRCode.toDataURL(totpUri(secret, session.email), { margin: 1, width: 220 })
    : null;
  return (
    <StaffMain title="Безпека входу">
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <Section title="Другий фактор (TOTP)" id="totp">
        {session.totpEnrolled ? (
          <p>Увімкнено: під час входу потрібен код із застосунку-автентифікатора.</p>
        ) : secret && qr ? (
          <div className="max-w-xl">
            <p>Відскануйте QR-код застосунком-автентифікатором і введіть код, який він покаже.</p>
            {/* biome-ignore lint/performance/noImgElement: a generated data URL, not an optimisable asset */}
            <img
              src={qr}
              width={220}
              height={220}
              alt="QR-код для застосунку-автентифікатора"
              className="mt-3"
            />
            <p className="mt-2">
              Ключ для введення вручну: <code className="break-all font-mono">{secret}</code>
            </p>
            <ActionForm
              action="totp.enrol.confirm"
              back="/staff/security?enrol=1"
              className="mt-3 flex items-end gap-3"
            >
              <Field id="code" label="Код із застосунку">
                <input
                  id="code"
                  name="code"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  required
                  maxLength={7}
                  className={inputClass}
                />
              </Field>
              <Button>Увімкнути</Button>
            </ActionForm>
          </div>
        ) : (
          <>
            <p className="max-w-3xl">
              {requiresSecondFactor(session.role)
                ? 'Для вашої ролі другий фактор обов’язковий.'
                : 'Для оператора другий фактор необов’язковий, але рекомендований.'}
            </p>
            <ActionForm action="totp.enrol.start" back="/staff/security" className="mt-3">
              <Button tone="secondary">Налаштувати другий фактор</Button>
            </ActionForm>
          </>
        )}
      </Section>
      <Section title="Сеанси" id="sessions">
        <p className="max-w-3xl">
          Сеанс завершується після {getStaffPolicy().idleMinutes} хв бездіяльності. Якщо ви входили
          з чужого пристрою або загубили ноутбук, завершіть усі сеанси.
        </p>
        <ActionForm action="sign-out-everywhere" back="/staff/security" className="mt-3">
          <Button tone="danger">Вийти на всіх пристроях</Button>
        </ActionForm>
      </Section>
    </StaffMain>
  );
}
