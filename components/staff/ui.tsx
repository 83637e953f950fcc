import type { ReactNode } from 'react';

/** Small building blocks of the console (laptops first; Tailwind; no client JavaScript). */
export function StaffMain({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main id="main" className="mx-auto max-w-6xl px-6 py-6">
      <h1 className="text-2xl font-bold">{title}</h1>
      {children}
    </main>
  );
}

export function Section({
  title,
  children,
  id,
}: {
  title: string;
  children: ReactNode;
  id?: string;
}) {
  return (
    <section aria-labelledby={id} className="mt-8">
      <h2 id={id} className="text-xl font-semibold">
        {title}
      </h2>
      <div className="mt-3">{children}</div>
    </section>
  );
}

export function Notice({ kind, children }: { kind: 'ok' | 'error'; children: ReactNode }) {
  return (
    <p
      role={kind === 'error' ? 'alert' : 'status'}
      className={`mt-4 rounded border p-3 ${
        kind === 'error'
          ? 'border-red-700 bg-red-50 text-red-900'
          : 'border-green-700 bg-green-50 text-green-900'
      }`}
    >
      {children}
    </p>
  );
}

export function Button({
  children,
  tone = 'primary',
}: {
  children: ReactNode;
  tone?: 'primary' | 'secondary' | 'danger';
}) {
  const colours =
    tone === 'primary'
      ? 'bg-brand-700 text-white border-brand-700'
      : tone === 'danger'
        ? 'bg-white text-red-800 border-red-800'
        : 'bg-white text-brand-800 border-slate-500';
  return (
    <button type="submit" className={`min-h-10 rounded border px-4 font-semibold ${colours}`}>
      {children}
    </button>
  );
}

/** A form posted to a console action (/staff/act/<name>), returning to `back` on a refusal. */
export function ActionForm({
  action,
  back,
  children,
  className = 'flex flex-col gap-3',
}: {
  action: string;
  back: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <form method="post" action={`/staff/act/${action}`} className={className}>
      <input type="hidden" name="back" value={back} />
      {children}
    </form>
  );
}

export function Field({
  id,
  label,
  children,
  hint,
}: {
  id: string;
  label: string;
  children: ReactNode;
  hint?: string;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="font-semibold">
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="text-sm text-slate-700">
          {hint}
        </p>
      )}
      {children}
    </div>
  );
}

export const inputClass = 'min-h-10 rounded border border-slate-500 bg-white px-3 py-2';

export function Table({
  caption,
  head,
  children,
}: {
  caption: string;
  head: string[];
  children: ReactNode;
}) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-400">
            {head.map((h) => (
              <th key={h} scope="col" className="px-2 py-2 font-semibold">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export const td = 'border-b border-slate-200 px-2 py-2 align-top';
