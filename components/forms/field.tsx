import { cn } from "@/components/ui/cn";

export const inputClass =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-500 focus:ring-2 focus:ring-inset focus:ring-brand-500 focus:outline-none aria-[invalid=true]:ring-red-400";

/**
 * What ties a field to the text about it, for a screen reader: `aria-describedby` names its hint
 * (`<id>-hint`) and its error (`<id>-error`, drawn by FieldError), and `aria-invalid` says it was refused.
 * Spread on any input, textarea or select that is not drawn by Field or SelectField.
 */
export function describedBy(id: string, { hint, errors }: { hint?: boolean; errors?: string[] }) {
  return {
    "aria-invalid": errors?.length ? true : undefined,
    "aria-describedby": [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined,
  } as const;
}

/** The action's errors for one field, under it; `id` is the field's id (see describedBy). */
export function FieldError({ id, name, errors, className }: { id: string; name: string; errors?: string[]; className?: string }) {
  if (!errors?.length) return null;
  return (
    <p id={`${id}-error`} data-testid={`error-${name}`} className={cn("mt-1 text-xs font-medium text-red-700", className)}>
      {errors.join(" ")}
    </p>
  );
}

/**
 * The visible mark of a required field, after its label. Hidden from screen readers: they hear
 * "required" from the field's own `required` / `aria-required`.
 */
export function RequiredMark() {
  return (
    <span className="ml-1 text-xs font-normal text-slate-600" aria-hidden="true" data-testid="required-mark">
      (required)
    </span>
  );
}

function isRequired(props: { required?: boolean; "aria-required"?: boolean | "true" | "false" }): boolean {
  return props.required === true || props["aria-required"] === true || props["aria-required"] === "true";
}

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
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
        {isRequired(input) ? <RequiredMark /> : null}
      </label>
      <input
        {...input}
        id={id}
        name={name}
        // A caller's own test id wins (kept stable for the browser tests), else input-<name>.
        data-testid={(input as { "data-testid"?: string })["data-testid"] ?? `input-${name}`}
        {...describedBy(id, { hint: Boolean(hint), errors })}
        className={cn("mt-1.5", inputClass)}
      />
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <FieldError id={id} name={name} errors={errors} />
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
        {isRequired(select) ? <RequiredMark /> : null}
      </label>
      <select {...select} id={id} name={name} data-testid={`select-${name}`} {...describedBy(id, { errors })} className={cn("mt-1.5", inputClass)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={id} name={name} errors={errors} />
    </div>
  );
}
