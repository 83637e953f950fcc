export default function HomePage() {
  return (
    <main className="mx-auto max-w-xl px-4 py-8">
      <h1 className="text-2xl font-bold text-brand-800">Kvartplata</h1>
      <p className="mt-2 text-base">
        Особовий рахунок: нарахування за новими тарифами, борг і оплата онлайн.
      </p>
      <form method="get" action="/" className="mt-6 flex flex-col gap-3" aria-label="Пошук рахунку">
        <label htmlFor="account" className="font-medium">
          Номер особового рахунку
        </label>
        <input
          id="account"
          name="account"
          inputMode="numeric"
          autoComplete="off"
          className="min-h-12 rounded border border-slate-400 bg-white px-3 text-lg"
        />
        <button
          type="submit"
          className="min-h-12 rounded bg-brand-700 px-4 text-lg font-semibold text-white hover:bg-brand-800"
        >
          Знайти
        </button>
      </form>
    </main>
  );
}
