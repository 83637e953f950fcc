/** The 403 page (`forbidden()`): a signed-in staff member without the role a page needs. */
export default function Forbidden() {
  return (
    <main className="mx-auto max-w-xl p-6" lang="uk">
      <h1 className="text-2xl font-semibold">Доступ заборонено</h1>
      <p className="mt-3">Ця сторінка потребує іншої ролі. Зверніться до старшого оператора.</p>
      <p className="mt-3" lang="en">
        Access denied: this page needs another role.
      </p>
      <p className="mt-6">
        <a className="underline" href="/staff">
          До консолі
        </a>
      </p>
    </main>
  );
}
