import type { ReactNode } from 'react';
import {
  ActionForm,
  Button,
  Field,
  inputClass,
  Notice,
  Section,
  StaffMain,
  Table,
  td,
} from '@/components/staff/ui';
import { listDialerApiKeys } from '@/lib/domain/dialer/dialer-api-keys';
import {
  type DialerPushEndpointView,
  getDialerPushStatus,
} from '@/lib/domain/dialer/dialer-push-endpoints';
import { getPrisma } from '@/lib/server/db';
import { flash, kyivDateTime } from '../../../_lib/messages';
import { requireStaffPage } from '../../../_lib/session';

type Search = { notice?: string; error?: string; detail?: string };

const BACK = '/staff/admin/dialer';

/** This page's own notices (the action results of /staff/act/dialer.*). */
const DIALER_NOTICES: Record<string, string> = {
  'dialer-key-created': 'Ключ створено. Його показано один раз; тепер видно лише префікс.',
  'dialer-key-revoked': 'Ключ відкликано: система обдзвону отримає відмову з наступного запиту.',
  'dialer-push-registered': 'Адресу зареєстровано; зміни надсилатимуться протягом хвилини.',
  'dialer-push-rotated':
    'Секрет замінено; попередній діє ще 24 години (запити підписано обома секретами).',
  'dialer-push-disabled':
    'Надсилання вимкнено. Позицію збережено: після увімкнення воно продовжиться з неї.',
  'dialer-push-enabled': 'Надсилання увімкнено; воно продовжиться з останньої доставленої події.',
  'dialer-push-retry': 'Очікування скасовано: наступна спроба — протягом хвилини.',
  'dialer-push-deleted': 'Адресу і журнал її доставок видалено.',
};

const when = (at: Date | null, none = '—') => (at ? kyivDateTime(at) : none);

/**
 * The call centre's access (ADMIN): dialer API keys (created and shown once, revoked at once) and
 * the optional push of call-list changes to the dialer's endpoint, with its delivery log
 * (docs/dialer-push.md).
 */
export default async function DialerAdminPage({ searchParams }: { searchParams: Promise<Search> }) {
  const session = await requireStaffPage('ADMIN');
  const search = await searchParams;
  const prisma = getPrisma();
  const [keys, push] = await Promise.all([
    listDialerApiKeys(prisma, session),
    getDialerPushStatus(prisma, session),
  ]);
  const message =
    flash(search) ??
    (search.notice && DIALER_NOTICES[search.notice]
      ? { kind: 'ok' as const, text: DIALER_NOTICES[search.notice] as string }
      : null);
  return (
    <StaffMain title="Інтеграція з системою обдзвону">
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <p className="mt-2 max-w-3xl text-slate-700">
        Система обдзвону кол-центру читає список дзвінків через API (<code>/api/v1/call-list</code>{' '}
        і стрічку змін <code>/api/v1/call-list/changes</code>) з API-ключем. Додатково зміни списку
        можна надсилати їй самій: підписаними POST-запитами на її адресу.
      </p>

      <Section title="API-ключі" id="keys">
        <Table
          caption="API-ключі системи обдзвону"
          head={['Назва', 'Префікс', 'Створив', 'Створено', 'Останнє використання', 'Стан', 'Дія']}
        >
          {keys.map((key) => (
            <tr key={key.id}>
              <td className={td}>{key.name}</td>
              <td className={`${td} font-mono`}>{key.prefix}…</td>
              <td className={td}>{key.createdBy ?? '—'}</td>
              <td className={td}>{kyivDateTime(key.createdAt)}</td>
              <td className={td}>{when(key.lastUsedAt, 'не використовувався')}</td>
              <td className={td}>
                {key.revokedAt ? `відкликано ${kyivDateTime(key.revokedAt)}` : 'діє'}
              </td>
              <td className={td}>
                {!key.revokedAt && (
                  <ActionForm action="dialer.key.revoke" back={BACK} className="inline">
                    <input type="hidden" name="keyId" value={key.id} />
                    <Button tone="danger">
                      Відкликати<span className="sr-only"> ключ «{key.name}»</span>
                    </Button>
                  </ActionForm>
                )}
              </td>
            </tr>
          ))}
          {keys.length === 0 && (
            <tr>
              <td className={td} colSpan={7}>
                Ключів немає.
              </td>
            </tr>
          )}
        </Table>
        <ActionForm
          action="dialer.key.create"
          back={BACK}
          className="mt-4 flex flex-wrap items-end gap-3"
        >
          <Field
            id="key-name"
            label="Назва нового ключа"
            hint="Наприклад, «Кол-центр, основний сервер»."
          >
            <input
              id="key-name"
              name="name"
              required
              maxLength={100}
              aria-describedby="key-name-hint"
              className={inputClass}
            />
          </Field>
          <Button>Створити ключ</Button>
        </ActionForm>
      </Section>

      <Section title="Push-сповіщення про зміни списку" id="push">
        <p className="max-w-3xl text-slate-700">
          Кожна зміна списку дзвінків (додавання чи зняття номера) надсилається на зареєстровану
          адресу POST-запитом із заголовком <code>Kvartplata-Signature</code> (HMAC-SHA256),
          пакетами до 100 подій по порядку, зазвичай за кілька секунд після фіксації зміни. Якщо
          адреса не відповідає кодом 2xx, спроби повторюються з наростаючою паузою (10 с, 20 с, 40 с
          … до 1 год), і жодна подія не губиться. Стрічка змін API залишається джерелом істини.
          Остання подія стрічки: № {push.headEventId}.
        </p>
        <div className="mt-4 flex flex-col gap-6">
          {push.endpoints.map((endpoint) => (
            <Endpoint key={endpoint.id} endpoint={endpoint} />
          ))}
          {push.endpoints.length === 0 && <p>Адресу не зареєстровано: push вимкнено.</p>}
        </div>
        <ActionForm
          action="dialer.push.register"
          back={BACK}
          className="mt-6 flex flex-wrap items-end gap-3"
        >
          <Field
            id="push-url"
            label="Адреса системи обдзвону (https)"
            hint="Лише https://; http:// дозволено тільки до localhost поза робочим середовищем. Секрет підпису буде показано один раз."
          >
            <input
              id="push-url"
              name="url"
              type="url"
              required
              maxLength={2000}
              placeholder="https://dialer.example.com/kvartplata"
              aria-describedby="push-url-hint"
              className={`${inputClass} w-96 max-w-full`}
            />
          </Field>
          <Button>Зареєструвати адресу</Button>
        </ActionForm>
      </Section>
    </StaffMain>
  );
}

function Endpoint({ endpoint }: { endpoint: DialerPushEndpointView }) {
  const failing = endpoint.enabled && endpoint.consecutiveFailures > 0;
  const headingId = `endpoint-${endpoint.id}`;
  return (
    <article
      aria-labelledby={headingId}
      className={`rounded border bg-white p-4 ${failing ? 'border-red-700' : 'border-slate-300'}`}
    >
      <h3 id={headingId} className="break-all font-semibold">
        {endpoint.url}{' '}
        <span className={failing ? 'text-red-800' : 'text-slate-700'}>
          · {endpoint.enabled ? (failing ? 'збої доставки' : 'увімкнено') : 'вимкнено'}
        </span>
      </h3>
      <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-1 sm:grid-cols-2 lg:grid-cols-3">
        <Item term="Доставлено до події">№ {endpoint.lastDeliveredEventId}</Item>
        <Item term="Чекають доставки">
          {endpoint.pendingEvents > 100_000 ? 'понад 100 000' : endpoint.pendingEvents} подій
        </Item>
        <Item term="Остання успішна доставка">{when(endpoint.lastSuccessAt, 'ще не було')}</Item>
        <Item term="Збоїв поспіль">{endpoint.consecutiveFailures}</Item>
        <Item term="Остання спроба">{when(endpoint.lastAttemptAt, 'ще не було')}</Item>
        <Item term="Наступна спроба">
          {endpoint.enabled
            ? endpoint.nextAttemptAt > new Date()
              ? kyivDateTime(endpoint.nextAttemptAt)
              : 'щойно з’являться зміни'
            : '— (вимкнено)'}
        </Item>
        <Item term="Остання помилка">
          <span className="break-all">{endpoint.lastError ?? '—'}</span>
        </Item>
        <Item term="Зареєстровано">{kyivDateTime(endpoint.createdAt)}</Item>
        <Item term="Секрет замінено">
          {when(endpoint.secretRotatedAt, 'ні')}
          {endpoint.previousSecretValidUntil &&
            ` (попередній діє до ${kyivDateTime(endpoint.previousSecretValidUntil)})`}
        </Item>
      </dl>
      <div className="mt-3 flex flex-wrap gap-3">
        {endpoint.enabled && endpoint.consecutiveFailures > 0 && (
          <ActionForm action="dialer.push.retry" back={BACK} className="inline">
            <input type="hidden" name="endpointId" value={endpoint.id} />
            <Button tone="secondary">Повторити зараз</Button>
          </ActionForm>
        )}
        <ActionForm action="dialer.push.rotate" back={BACK} className="inline">
          <input type="hidden" name="endpointId" value={endpoint.id} />
          <Button tone="secondary">Замінити секрет підпису</Button>
        </ActionForm>
        <ActionForm
          action={endpoint.enabled ? 'dialer.push.disable' : 'dialer.push.enable'}
          back={BACK}
          className="inline"
        >
          <input type="hidden" name="endpointId" value={endpoint.id} />
          <Button tone={endpoint.enabled ? 'danger' : 'primary'}>
            {endpoint.enabled ? 'Вимкнути надсилання' : 'Увімкнути надсилання'}
          </Button>
        </ActionForm>
        {!endpoint.enabled && (
          <ActionForm action="dialer.push.delete" back={BACK} className="inline">
            <input type="hidden" name="endpointId" value={endpoint.id} />
            <Button tone="danger">Видалити адресу</Button>
          </ActionForm>
        )}
      </div>
      <h4 className="mt-4 font-semibold">Останні спроби доставки</h4>
      <Table
        caption={`Останні спроби доставки на ${endpoint.url}`}
        head={['Час', 'Події', 'Відповідь', 'Тривалість', 'Результат']}
      >
        {endpoint.recentAttempts.map((attempt) => (
          <tr key={attempt.id}>
            <td className={td}>{kyivDateTime(attempt.attemptedAt)}</td>
            <td className={td}>
              № {attempt.firstEventId}–{attempt.lastEventId} ({attempt.eventCount})
            </td>
            <td className={td}>{attempt.httpStatus ?? 'немає відповіді'}</td>
            <td className={td}>{(attempt.durationMs / 1000).toFixed(1).replace('.', ',')} с</td>
            <td className={`${td} break-all`}>
              {attempt.ok ? 'доставлено' : `збій: ${attempt.error ?? ''}`}
            </td>
          </tr>
        ))}
        {endpoint.recentAttempts.length === 0 && (
          <tr>
            <td className={td} colSpan={5}>
              Спроб ще не було.
            </td>
          </tr>
        )}
      </Table>
    </article>
  );
}

function Item({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex gap-2">
      <dt className="text-slate-700">{term}:</dt>
      <dd className="font-semibold">{children}</dd>
    </div>
  );
}
