/**
 * Ukrainian, the default language and the reference shape: ru.ts and en.ts must provide the
 * same keys (checked by the type system). Placeholders are {name}.
 */
export const uk = {
  common: {
    siteName: 'Kvartplata',
    tagline: 'Утримання будинку та прибудинкової території',
    skipToContent: 'Перейти до змісту',
    language: 'Мова',
    accountNumber: 'Особовий рахунок',
    address: 'Адреса',
    holder: 'Власник',
    amountDue: 'До сплати',
    overdue: 'Прострочено',
    overdueMonths: 'Прострочення, повних місяців',
    back: 'Назад',
    print: 'Друкувати',
    home: 'На головну',
  },
  pay: {
    title: 'Оплата за особовим рахунком',
    amountLabel: 'Сума, грн',
    amountHint: 'Від {min} до {max}. Можна сплатити більше або менше за борг.',
    submit: 'Перейти до оплати',
    demoNotice: 'Демонстраційна оплата: гроші не списуються.',
    errors: {
      NOT_A_NUMBER: 'Вкажіть суму числом, наприклад 350 або 350,50.',
      TOO_SMALL: 'Мінімальна сума — {min}.',
      TOO_LARGE: 'Максимальна сума — {max}.',
      ACCOUNT: 'Перевірте номер рахунку: такого рахунку немає або номер набрано з помилкою.',
      UNAVAILABLE: 'Платіжний сервіс зараз недоступний. Спробуйте, будь ласка, за кілька хвилин.',
    },
  },
  demoCheckout: {
    title: 'Демо-оплата',
    explain:
      'Це тестова сторінка оплати. Кнопка «Сплатити» надсилає порталу підписане повідомлення, як це робить Stripe.',
    pay: 'Сплатити {amount}',
    cancel: 'Скасувати',
    unknown: 'Цей сеанс оплати не знайдено або він уже завершений.',
  },
  result: {
    processingTitle: 'Платіж обробляється',
    processingText:
      'Банк підтвердив оплату, ми зараховуємо її на рахунок. Сторінка оновиться сама.',
    refresh: 'Оновити',
    paidTitle: 'Оплату зараховано',
    paidText: 'Дякуємо! Платіж зараховано на рахунок {account}.',
    cancelledTitle: 'Оплату скасовано',
    cancelledText: 'Гроші не списано. Можна спробувати ще раз.',
    failedTitle: 'Оплата не пройшла',
    failedText: 'Банк відхилив платіж. Гроші не списано.',
    unknownTitle: 'Платіж не знайдено',
    unknownText: 'Посилання застаріле або неправильне.',
    tryAgain: 'Сплатити ще раз',
    viewReceipt: 'Квитанція',
  },
  receipt: {
    title: 'Квитанція {number}',
    number: 'Номер квитанції',
    date: 'Дата',
    amount: 'Сума',
    account: 'Особовий рахунок',
    settled: 'Зараховано в рахунок',
    settledMonth: '{month}: {amount}',
    credit: 'Переплата (зарахується в наступні нарахування): {amount}',
    balanceAfter: 'Залишок боргу після платежу',
    refunded: 'Повернено: {amount}',
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof uk>;
