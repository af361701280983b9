import { cn } from "@/components/ui/cn";

export const inputClass =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-brand-500 focus:outline-none aria-[invalid=true]:ring-red-400";

/** A labelled input with its hint and the field errors returned by the action. */
export function Field({
  label,
  name,
  errors,
  hint,
  className,
  ...input
}: React.InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; errors?: string[]; hint?: React.ReactNode }) {
  const id = input.id ?? `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        {...input}
        id={id}
        name={name}
        // A caller's own test id wins (kept stable for the browser tests), else input-<name>.
        data-testid={(input as { "data-testid"?: string })["data-testid"] ?? `input-${name}`}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy}
        className={cn("mt-1.5", inputClass)}
      />
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p id={`${id}-error`} data-testid={`error-${name}`} className="mt-1 text-xs font-medium text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export function SelectField({
  label,
  name,
  errors,
  options,
  ...select
}: React.SelectHTMLAttributes<HTMLSelectElement> & { label: string; name: string; errors?: string[]; options: { value: string; label: string }[] }) {
  const id = select.id ?? `field-${name}`;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select {...select} id={id} name={name} data-testid={`select-${name}`} aria-invalid={errors?.length ? true : undefined} className={cn("mt-1.5", inputClass)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {errors?.length ? <p data-testid={`error-${name}`} className="mt-1 text-xs font-medium text-red-700">{errors.join(" ")}</p> : null}
    </div>
  );
}
