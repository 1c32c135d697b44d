import { useTranslation } from 'react-i18next';
import { CodeField } from './CodeField';
import { DownIcon, RemoveIcon, UpIcon } from './icons';
import { COMMAND_FIELDS, COMMAND_TYPES, VALIDATIONS, changeType, newButton, type CommandDraft, type FieldSpec } from './script-form';

/** The label of a field: `name` is a file's name in send_file and an attribute's in set_attribute. */
function labelKey(type: CommandDraft['type'], name: string): string {
  if (name === 'name') return type === 'send_file' ? 'fileName' : 'attrName';
  return name;
}

/**
 * One command of a script, as Metabot shows it: its type, its own settings, an optional JS
 * condition, and moving it up or down or removing it.
 */
export function CommandForm({
  index,
  count,
  command: c,
  scripts,
  triggers,
  errors,
  onChange,
  onMove,
  onRemove,
}: {
  index: number;
  count: number;
  command: CommandDraft;
  scripts: readonly string[];
  triggers: readonly string[];
  /** Problems by field path (`commands.2.text`), in words to show. */
  errors: Record<string, string>;
  onChange: (c: CommandDraft) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const id = (field: string) => `cmd-${c.key}-${field}`;
  const err = (field: string) => errors[`commands.${index}.${field}`];
  const title = t('bots.command.title', { n: index + 1, type: t(`bots.commandType.${c.type}`) });
  const set = (name: string, v: string) => onChange({ ...c, values: { ...c.values, [name]: v } });
  const errorLine = (field: string) => {
    const e = err(field);
    return e ? (
      <p className="field-error" id={`${id(field)}-err`}>
        {e}
      </p>
    ) : null;
  };
  const aria = (field: string) => ({ 'aria-invalid': err(field) ? true : undefined, 'aria-describedby': err(field) ? `${id(field)}-err` : undefined });

  const field = (spec: FieldSpec) => {
    const label = t(`bots.field.${labelKey(c.type, spec.name)}`) + (spec.optional ? ` ${t('bots.optional')}` : '');
    const value = c.values[spec.name] ?? '';
    if (spec.kind === 'code')
      return (
        <CodeField
          key={spec.name}
          id={id(spec.name)}
          label={label}
          hint={t('bots.code.hintScript')}
          value={value}
          onChange={(v) => set(spec.name, v)}
          error={err(spec.name)}
        />
      );
    const options = spec.kind === 'script' ? scripts : spec.kind === 'trigger' ? triggers : spec.kind === 'validate' ? VALIDATIONS : null;
    return (
      <div className="field" key={spec.name}>
        <label htmlFor={id(spec.name)}>{label}</label>
        {options ? (
          <select id={id(spec.name)} value={value} onChange={(e) => set(spec.name, e.target.value)} {...aria(spec.name)}>
            {spec.kind !== 'validate' && <option value="">{spec.optional ? t('bots.none') : t('bots.choose')}</option>}
            {value && !options.includes(value) && <option value={value}>{value}</option>}
            {options.map((o) => (
              <option key={o} value={o}>
                {spec.kind === 'validate' ? t(`bots.validate.${o}`) : o}
              </option>
            ))}
          </select>
        ) : spec.kind === 'textarea' ? (
          <textarea id={id(spec.name)} rows={3} value={value} onChange={(e) => set(spec.name, e.target.value)} {...aria(spec.name)} />
        ) : (
          <input
            id={id(spec.name)}
            type={spec.kind === 'number' ? 'number' : 'text'}
            min={spec.kind === 'number' ? 0 : undefined}
            autoComplete="off"
            value={value}
            onChange={(e) => set(spec.name, e.target.value)}
            {...aria(spec.name)}
          />
        )}
        {errorLine(spec.name)}
      </div>
    );
  };

  return (
    <li className="command-card" aria-label={title}>
      <div className="command-head">
        <span className="command-n" aria-hidden="true">
          {index + 1}
        </span>
        <label className="visually-hidden" htmlFor={id('type')}>
          {t('bots.command.type', { n: index + 1 })}
        </label>
        <select id={id('type')} value={c.type} onChange={(e) => onChange(changeType(c, e.target.value as CommandDraft['type']))}>
          {COMMAND_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`bots.commandType.${type}`)}
            </option>
          ))}
        </select>
        <span className="spacer" />
        <button
          type="button"
          className="btn ghost small"
          disabled={index === 0}
          onClick={() => onMove(index - 1)}
          aria-label={t('bots.command.up', { n: index + 1 })}
        >
          <UpIcon />
        </button>
        <button
          type="button"
          className="btn ghost small"
          disabled={index === count - 1}
          onClick={() => onMove(index + 1)}
          aria-label={t('bots.command.down', { n: index + 1 })}
        >
          <DownIcon />
        </button>
        <button type="button" className="btn ghost small" onClick={onRemove} aria-label={t('bots.command.remove', { n: index + 1 })}>
          <RemoveIcon />
        </button>
      </div>
      {COMMAND_FIELDS[c.type].map(field)}
      {c.type === 'menu' && (
        <fieldset className="menu-buttons">
          <legend>{t('bots.field.buttons')}</legend>
          {c.buttons.map((b, j) => {
            const setButton = (patch: Partial<typeof b>) => onChange({ ...c, buttons: c.buttons.map((x) => (x.key === b.key ? { ...x, ...patch } : x)) });
            const f = `buttons.${j}.label`;
            return (
              <div className="button-row" key={b.key}>
                <div className="field">
                  <label htmlFor={id(`b${b.key}-label`)}>{t('bots.button.label', { n: j + 1 })}</label>
                  <input
                    id={id(`b${b.key}-label`)}
                    type="text"
                    maxLength={64}
                    value={b.label}
                    onChange={(e) => setButton({ label: e.target.value })}
                    aria-invalid={err(f) ? true : undefined}
                    aria-describedby={err(f) ? `${id(`b${b.key}-label`)}-err` : undefined}
                  />
                  {err(f) ? (
                    <p className="field-error" id={`${id(`b${b.key}-label`)}-err`}>
                      {err(f)}
                    </p>
                  ) : null}
                </div>
                <div className="field">
                  <label htmlFor={id(`b${b.key}-script`)}>{t('bots.button.script', { n: j + 1 })}</label>
                  <select id={id(`b${b.key}-script`)} value={b.script} onChange={(e) => setButton({ script: e.target.value })}>
                    <option value="">{t('bots.button.answer')}</option>
                    {b.script && !scripts.includes(b.script) && <option value={b.script}>{b.script}</option>}
                    {scripts.map((s) => (
                      <option key={s} value={s}>
                        {s}
                      </option>
                    ))}
                  </select>
                  {errorLine(`buttons.${j}.script`)}
                </div>
                <button
                  type="button"
                  className="btn ghost small"
                  disabled={c.buttons.length === 1}
                  onClick={() => onChange({ ...c, buttons: c.buttons.filter((x) => x.key !== b.key) })}
                  aria-label={t('bots.button.remove', { n: j + 1 })}
                >
                  <RemoveIcon />
                </button>
              </div>
            );
          })}
          {errorLine('buttons')}
          <div className="form-actions">
            <button
              type="button"
              className="btn small"
              disabled={c.buttons.length >= 20}
              onClick={() => onChange({ ...c, buttons: [...c.buttons, newButton()] })}
            >
              {t('bots.button.add')}
            </button>
            <label className="check">
              <input type="checkbox" checked={c.inline} onChange={(e) => onChange({ ...c, inline: e.target.checked })} />
              {t('bots.field.inline')}
            </label>
          </div>
        </fieldset>
      )}
      <label className="check">
        <input type="checkbox" checked={c.useCondition} onChange={(e) => onChange({ ...c, useCondition: e.target.checked })} />
        {t('bots.command.useCondition')}
      </label>
      {c.useCondition && (
        <CodeField
          id={id('condition')}
          label={t('bots.field.condition')}
          hint={t('bots.code.hintExpression')}
          value={c.condition}
          onChange={(v) => onChange({ ...c, condition: v })}
          error={err('condition')}
        />
      )}
    </li>
  );
}
