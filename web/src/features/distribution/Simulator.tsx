import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { errorMessage } from '../../lib/error-message';
import { useSimulation } from './api';
import { arrivalsPerHour } from './day-profile';
import { SimulationReportView } from './SimulationReport';

type Field = 'perDay' | 'handlingMin' | 'answerSec';
type Form = Record<Field, string> & { algorithm: 'builtin' | 'script' };
/** Bounds of each field, as the simulator takes them (contracts' SIMULATION_LIMITS.dialogs, not imported: it brings zod; times up to a day). */
const BOUNDS: Record<Field, { min: number; max: number; whole: boolean }> = {
  perDay: { min: 1, max: 100_000, whole: true },
  handlingMin: { min: 0.1, max: 1440, whole: false },
  answerSec: { min: 0, max: 86_400, whole: false },
};

/** "What if": a day of traffic shaped like a working day, run against the business's operators and settings. */
export function Simulator() {
  const { t } = useTranslation();
  const sim = useSimulation();
  const [form, setForm] = useState<Form>({ perDay: '300', handlingMin: '6', answerSec: '30', algorithm: 'builtin' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const edit = (next: Partial<Form>) => {
    setForm({ ...form, ...next });
    setErrors({});
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bad: Partial<Record<Field, string>> = {};
    for (const f of Object.keys(BOUNDS) as Field[]) {
      const { min, max, whole } = BOUNDS[f];
      const n = Number(form[f].trim().replace(',', '.'));
      if (form[f].trim() === '' || !Number.isFinite(n) || n < min || n > max || (whole && !Number.isInteger(n))) bad[f] = t(`sim.${f}Range`, { min, max });
    }
    setErrors(bad);
    if (Object.keys(bad).length) return;
    const num = (f: Field) => Number(form[f].trim().replace(',', '.'));
    sim.mutate({
      traffic: {
        kind: 'generated',
        days: 1,
        startDate: '2025-01-06',
        arrivalsPerHour: arrivalsPerHour(num('perDay')),
        handlingSec: { mean: num('handlingMin') * 60, min: 0 },
        firstResponseSec: { mean: num('answerSec') },
        leads: { vipShare: 0, returningShare: 0 },
        patienceSec: null,
      },
      algorithm: form.algorithm,
      seed: 1,
    });
  };
  const input = (f: Field, step: string) => (
    <div className="field">
      <label htmlFor={`sim-${f}`}>{t(`sim.${f}`)}</label>
      <input
        id={`sim-${f}`}
        type="number"
        inputMode="decimal"
        step={step}
        min={BOUNDS[f].min}
        max={BOUNDS[f].max}
        value={form[f]}
        onChange={(e) => edit({ [f]: e.target.value })}
        aria-invalid={errors[f] ? true : undefined}
        aria-describedby={errors[f] ? `sim-${f}-err` : undefined}
      />
      {errors[f] && (
        <p className="field-error" id={`sim-${f}-err`}>
          {errors[f]}
        </p>
      )}
    </div>
  );
  // The server's own reason beside the form (e.g. no saved script to simulate).
  const failure = sim.error ? [errorMessage(t, sim.error), ...(sim.error instanceof ApiError ? sim.error.details.map((d) => d.message) : [])].join(' ') : '';

  return (
    <section className="settings-card" aria-labelledby="sim-title">
      <h2 id="sim-title">{t('sim.title')}</h2>
      <p className="hint">{t('sim.intro')}</p>
      <form className="sim-form" onSubmit={submit} noValidate aria-describedby={failure ? 'sim-error' : undefined}>
        {input('perDay', '1')}
        {input('handlingMin', '0.5')}
        {input('answerSec', '1')}
        <div className="field">
          <label htmlFor="sim-algorithm">{t('sim.algorithm')}</label>
          <select id="sim-algorithm" value={form.algorithm} onChange={(e) => edit({ algorithm: e.target.value as Form['algorithm'] })}>
            <option value="builtin">{t('sim.builtin')}</option>
            <option value="script">{t('sim.script')}</option>
          </select>
        </div>
        <div className="sim-run">
          <button type="submit" className="btn primary" disabled={sim.isPending}>
            {t('sim.run')}
          </button>
          <span role="status" className="saved">
            {sim.isPending ? t('sim.running') : ''}
          </span>
        </div>
      </form>
      {failure && (
        <p className="form-error" role="alert" id="sim-error">
          {failure}
        </p>
      )}
      {sim.data && !sim.isPending && <SimulationReportView result={sim.data} />}
    </section>
  );
}
