import { formatUah } from '@/lib/i18n/format';

/** The console speaks Ukrainian (the utility's working language). */
export const uah = (kopecks: number) => formatUah(kopecks, 'uk');

export const NOTICES: Record<string, string> = {
  'signed-out': 'Ви вийшли з консолі.',
  'signed-out-everywhere': 'Усі ваші сеанси завершено на всіх пристроях.',
  assigned: 'Звернення взято в роботу.',
  replied: 'Відповідь надіслано мешканцю.',
  resolved: 'Звернення вирішено. Пауза дзвінків знята; список дзвінків переоцінено за правилом.',
  'awaiting-approval':
    'Коригування перевищує поріг і чекає на затвердження старшим оператором. Нічого не проведено.',
  approved: 'Коригування затверджено і проведено.',
  declined: 'Коригування відхилено.',
  withdrawn: 'Ваш запит на коригування відкликано.',
  corrected: 'Коригування проведено; список дзвінків переоцінено.',
  attached: 'Платіж зараховано на рахунок.',
  refund: 'Платіж позначено до повернення.',
  enrolled: 'Другий фактор (TOTP) увімкнено.',
  'enrol-started': 'Відскануйте QR-код і введіть код із застосунку.',
  'bill-code': 'Новий код доступу видано; попередній більше не діє.',
  'plan-approved': 'Розстрочку схвалено: вона діє з сьогодні; список дзвінків переоцінено.',
  'plan-declined': 'Розстрочку не схвалено; мешканець побачить причину.',
  'tariff-scheduled': 'Тариф заплановано. Він діятиме з обраного місяця.',
  'tariff-withdrawn': 'Запланований тариф скасовано.',
  'close-queued':
    'Закриття періоду поставлено в чергу. Хід видно нижче, сторінка оновлюється сама.',
  'plan-cancelled':
    'Розстрочку скасовано; мешканець побачить причину; список дзвінків переоцінено.',
};

/** Why a plan waits for a decision (lib/domain/plans/plan-policy.ts). */
export const PLAN_REVIEW_REASON: Record<string, string> = {
  AMOUNT: 'сума понад ліміт автоматичного схвалення',
  INSTALMENTS: 'строк понад ліміт автоматичного схвалення',
  RECENTLY_BROKEN: 'попередню розстрочку розірвано нещодавно',
};

export const PLAN_STATUS: Record<string, string> = {
  PENDING: 'чекає рішення',
  ACTIVE: 'діє',
  COMPLETED: 'виконано',
  BROKEN: 'розірвано',
  CANCELLED: 'скасовано',
  DECLINED: 'не схвалено',
};

export const ERRORS: Record<string, string> = {
  INVALID_INPUT: 'Перевірте дані форми',
  NOT_FOUND: 'Не знайдено',
  CONFLICT: 'Дію вже виконано або стан змінився',
  FORBIDDEN: 'Недостатньо прав',
  RATE_LIMITED: 'Забагато спроб',
  UNAUTHORIZED: 'Потрібно увійти',
};

export const CATEGORY: Record<string, string> = {
  WRONG_AREA: 'Неправильна площа або кількість мешканців',
  WRONG_TARIFF: 'Неправильний тариф',
  PAYMENT_NOT_RECEIVED: 'Платіж не зараховано',
  SERVICE_NOT_PROVIDED: 'Послугу не надано',
  OTHER: 'Інше',
};

export const STATUS: Record<string, string> = {
  OPEN: 'Нове',
  IN_REVIEW: 'У роботі',
  RESOLVED: 'Вирішено',
  ACCEPTED: 'задоволено',
  REJECTED: 'відхилено',
};

export const ROLE: Record<string, string> = {
  SUPPORT: 'Оператор',
  SUPERVISOR: 'Старший оператор',
  ADMIN: 'Адміністратор',
};

export const REASON: Record<string, string> = {
  OVERDUE: 'борг понад поріг',
  PAID: 'сплачено',
  BELOW_THRESHOLD: 'борг нижче порогу',
  SMS_OPT_IN: 'обрав SMS',
  DISPUTE_OPEN: 'відкрите звернення',
  NO_PHONE: 'немає телефону',
  DO_NOT_CALL: 'не телефонувати',
  ACCOUNT_CLOSED: 'рахунок закрито',
  PAYMENT_PLAN: 'графік розстрочки',
};

/** The notice or error a console page was redirected to (from /staff/act/...). */
export function flash(search: { notice?: string; error?: string; detail?: string }) {
  if (search.error) {
    const summary = ERRORS[search.error] ?? 'Дію не виконано';
    return {
      kind: 'error' as const,
      text: `${summary}: ${(search.detail ?? '').slice(0, 300)}. Нічого не змінено.`,
    };
  }
  if (search.notice && NOTICES[search.notice])
    return { kind: 'ok' as const, text: NOTICES[search.notice] as string };
  return null;
}

export const kyivDateTime = (at: Date) =>
  new Intl.DateTimeFormat('uk-UA', {
    timeZone: 'Europe/Kyiv',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(at);

export const kyivDate = (at: Date) =>
  new Intl.DateTimeFormat('uk-UA', { timeZone: 'Europe/Kyiv', dateStyle: 'short' }).format(at);
