import type { StaffRole } from '@/lib/domain/staff/staff-actor';

/** Administration (issue 10): each page checks its own role; the menu shows what a role may open. */
export const ADMIN_SECTIONS: { href: string; label: string; about: string; role: StaffRole }[] = [
  {
    href: '/staff/admin/dashboard',
    label: 'Показники стягнення',
    about: 'боржники, стягнення, список дзвінків, SMS і звернення в динаміці, з CSV',
    role: 'SUPERVISOR',
  },
  {
    href: '/staff/admin/tariffs',
    label: 'Тарифи',
    about: 'історія ставок і нові ставки з попереднім розрахунком їх впливу',
    role: 'ADMIN',
  },
  {
    href: '/staff/admin/periods',
    label: 'Розрахункові періоди',
    about: 'закриття місяця у фоновому режимі з ходом виконання і звітом',
    role: 'ADMIN',
  },
  {
    href: '/staff/admin/imports',
    label: 'Реєстри банківських платежів',
    about: 'завантаження реєстрів платежів з банків і пошти, звіт про помилки',
    role: 'ADMIN',
  },
  {
    href: '/staff/admin/dialer',
    label: 'Система обдзвону',
    about: 'API-ключі для системи обдзвону і підписані сповіщення про зміни',
    role: 'ADMIN',
  },
];
